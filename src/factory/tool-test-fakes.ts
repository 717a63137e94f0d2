// The local fakes of the team's tool tests: an HTTP service, an SMTP server, a Kubernetes API's
// answers and botocore's Stubber. Stdlib servers on 127.0.0.1; our own text only.

export const FAKE_SERVICE = `class FakeService:
    """A stdlib HTTP server on 127.0.0.1: records requests, answers from a table."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers
        self.requests: list[dict[str, Any]] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                service.answer(self)

            def do_POST(self) -> None:
                service.answer(self)

            def log_message(self, format: str, *args: Any) -> None:
                """Keep the test output quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        serve = threading.Thread(target=self.server.serve_forever, args=(0.01,))
        serve.daemon = True
        serve.start()

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        url = urlsplit(handler.path)
        length = int(handler.headers.get("content-length") or 0)
        self.requests.append(
            {
                "method": handler.command,
                "path": url.path,
                "query": parse_qs(url.query),
                "headers": {
                    key.lower(): value for key, value in handler.headers.items()
                },
                "body": handler.rfile.read(length).decode("utf-8"),
            }
        )
        found = url.path in self.answers
        answer = self.answers.get(url.path, {"message": "Not Found"})
        text = answer if isinstance(answer, str) else json.dumps(answer)
        data = text.encode("utf-8")
        handler.send_response(200 if found else 404)
        kind = "text/html" if isinstance(answer, str) else "application/json"
        handler.send_header("content-type", kind)
        handler.send_header("content-length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


`;

export const FAKE_SMTP = `class FakeSmtp:
    """A stdlib server on 127.0.0.1 speaking just enough SMTP; keeps each message."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        fake = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                self.wfile.write(b"220 fake ESMTP\\r\\n")
                for line in iter(self.rfile.readline, b""):
                    verb = line[:4].upper()
                    if verb == b"DATA":
                        self.wfile.write(b"354 go on\\r\\n")
                        rows = iter(self.rfile.readline, b".\\r\\n")
                        fake.messages.append(b"".join(rows).decode("utf-8"))
                    if verb == b"QUIT":
                        self.wfile.write(b"221 bye\\r\\n")
                        return
                    self.wfile.write(b"250 ok\\r\\n")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        serve = threading.Thread(target=self.server.serve_forever, args=(0.01,))
        serve.daemon = True
        serve.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


`;

export const KUBERNETES_FAKES = `DEPLOYMENTS = {
    "kind": "DeploymentList",
    "apiVersion": "apps/v1",
    "metadata": {},
    "items": [
        {
            "metadata": {"name": "checkout", "namespace": "shop"},
            "spec": {
                "replicas": 2,
                "selector": {"matchLabels": {"app": "checkout"}},
                "template": {
                    "spec": {
                        "containers": [
                            {
                                "name": "api",
                                "resources": {
                                    "requests": {"cpu": "250m", "memory": "256Mi"}
                                },
                            }
                        ]
                    }
                },
            },
            "status": {"readyReplicas": 2},
        }
    ],
}


def kubeconfig_for(server: str) -> str:
    """A kubeconfig (JSON is YAML) for \`\`server\`\` with a bearer token."""
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "fake", "cluster": {"server": server}}],
            "users": [{"name": "reader", "user": {"token": "kube-token"}}],
            "contexts": [
                {"name": "fake", "context": {"cluster": "fake", "user": "reader"}}
            ],
            "current-context": "fake",
        }
    )


`;

export const AWS_FAKES = `def stubbed_client(service: str) -> tuple[Any, Any]:
    """A boto3 client answered by botocore's Stubber (no network, no account)."""
    import boto3
    from botocore.stub import Stubber

    client = boto3.client(
        service,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    stubber = Stubber(client)
    stubber.activate()
    return client, stubber


`;

/** The test class's method that calls an AWS tool on a stubbed client. */
export const CALL_AWS = `
    def call_aws(self, tool: str, client: Any, *args: str) -> str:
        """Call an AWS tool as agents do, its boto3 client the stubbed one."""
        aws = importlib.import_module(f"{PACKAGE}.tools.integrations.aws")
        with mock.patch.object(aws, "aws_client", lambda tool, service: client):
            return self.call("aws", tool, {"AWS_REGION": "eu-west-1"}, *args)
`;
