# Team Factory: the app as `npm start` runs it (Node 24 runs the TypeScript directly).
# Build: docker build -t team-factory:0.1.0 .   Run: see deploy/kubernetes and README.

# Dependencies only, without dev tools; the embedded PostgreSQL binaries come with them.
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    TEAM_FACTORY_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json app.yml ./
COPY src ./src
COPY supabase ./supabase
# The embedded store's data (one replica only; use DATABASE_URL for several).
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
# PostgreSQL refuses to run as root, and so does this image.
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "src/main.ts"]
