# Team Factory: the app as the tests run it (Node 24 runs the TypeScript directly).
# Build: docker build -t team-factory:0.2.0 .   Run: see deploy/kubernetes and README.

# One exact Node release (the one the tests run on), written once for both stages. No digest is
# pinned here (it was written without network access): pin it where you build, e.g.
#   docker build --build-arg NODE_IMAGE=node:24.21.0-bookworm-slim@sha256:<digest> .
# with the digest from `docker buildx imagetools inspect node:24.21.0-bookworm-slim`.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# Dependencies only, without dev tools; the embedded PostgreSQL binaries come with them.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    TEAM_FACTORY_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json app.yml ./
COPY src ./src
COPY bin ./bin
COPY supabase ./supabase
# The embedded store's data (one replica only; use DATABASE_URL for several), and the CLI on PATH
# (`docker run --rm team-factory:0.2.0 team-factory plan "…"`).
RUN mkdir -p /data && chown node:node /data \
 && ln -s /app/bin/team-factory.js /usr/local/bin/team-factory
VOLUME ["/data"]
# PostgreSQL refuses to run as root, and so does this image.
USER node
EXPOSE 3000
# The port the app listens on: PORT as the container's environment sets it (`docker run -e PORT=…`).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
# Node itself as PID 1, not `npm start`: one process that gets the signals, no npm in between.
CMD ["node", "src/main.ts"]
