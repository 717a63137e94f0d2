// Prometheus (PromQL over its HTTP API) and Kubernetes (workloads through the official client).
import type { CatalogueTool } from "../../spec/tool-catalogue.ts";
import { docstring, type IntegrationCode, read, skipUnless } from "./tool-code.ts";

export const PROMETHEUS: IntegrationCode = {
  module: "prometheus",
  title: "Prometheus",
  library: "httpx",
  requirement: "httpx>=0.23,<1",
  doc: "Prometheus: PromQL queries over its HTTP API, with httpx.",
  imports: [],
  names: ["as_text", "bearer", "join_url", "optional_env", "request_json", "require_env"],
  consts: "",
  tools: {
    query_prometheus: {
      python: (tool: CatalogueTool) => `def ${tool.name}(promql: str) -> str:
${docstring(tool)}${read(tool, "PROMETHEUS_URL", "base")}${read(tool, "PROMETHEUS_TOKEN", "token")}    answer = request_json(
        "GET",
        join_url(base, "api/v1/query"),
        headers=bearer(token),
        params={"query": promql},
    )
    if not isinstance(answer, dict) or answer.get("status") != "success":
        raise RuntimeError(f"Prometheus did not run the query: {as_text(answer)}")
    return as_text(answer["data"])
`,
      tests: (tool: CatalogueTool) => ({
        needs: ["http"],
        answers: [
          `"/api/v1/query": {
        "status": "success",
        "data": {"resultType": "vector", "result": [{"value": [1, "0.25"]}]},
    }`,
        ],
        methods: `
${skipUnless("httpx")}    def test_${tool.name}_against_a_local_fake(self) -> None:
        env = {"PROMETHEUS_URL": self.service.url, "PROMETHEUS_TOKEN": "prom-token"}
        result = self.call("prometheus", "${tool.name}", env, "sum(rate(x[5m]))")
        self.assertEqual(json.loads(result)["result"], [{"value": [1, "0.25"]}])
        (request,) = self.service.requests
        self.assertEqual(request["path"], "/api/v1/query")
        self.assertEqual(request["query"], {"query": ["sum(rate(x[5m]))"]})
        self.assertEqual(request["headers"]["authorization"], "Bearer prom-token")
`,
      }),
    },
  },
};

const KUBERNETES_HELPERS = `def apps_api() -> Any:
    """The AppsV1 API, authenticated in the cluster or through KUBECONFIG."""
    from kubernetes import client, config

    if os.environ.get("KUBERNETES_SERVICE_HOST"):
        config.load_incluster_config()
        return client.AppsV1Api()
    paths = os.environ.get("KUBECONFIG", "").split(os.pathsep)
    kubeconfig = Path(paths[0]) if paths[0] else Path.home() / ".kube" / "config"
    if not kubeconfig.is_file():
        raise NotConfigured(
            "list_kubernetes_workloads is not configured: run the team in the cluster "
            "(k8s/deployment.yaml gives it a service account that may read workloads) "
            "or set KUBECONFIG to a kubeconfig file"
        )
    return client.AppsV1Api(config.new_client_from_config(config_file=str(kubeconfig)))


def container_resources(container: Any) -> dict[str, Any]:
    """A container's name and its CPU and memory requests and limits."""
    resources = container.resources
    return {
        "name": container.name,
        "requests": (resources.requests if resources else None) or {},
        "limits": (resources.limits if resources else None) or {},
    }


`;

export const KUBERNETES: IntegrationCode = {
  module: "kubernetes_read",
  title: "Kubernetes",
  library: "kubernetes",
  requirement: "kubernetes>=22.6,<36",
  doc: "Kubernetes: workloads read with the official client.",
  imports: ["import os", "from pathlib import Path", "from typing import Any"],
  names: ["NotConfigured", "as_text"],
  consts: "",
  helpers: KUBERNETES_HELPERS,
  tools: {
    list_kubernetes_workloads: {
      python: (tool: CatalogueTool) => `def ${tool.name}(namespace: str = "") -> str:
${docstring(tool)}    api = apps_api()
    if namespace:
        found = api.list_namespaced_deployment(namespace)
    else:
        found = api.list_deployment_for_all_namespaces()
    workloads = [
        {
            "namespace": item.metadata.namespace,
            "name": item.metadata.name,
            "replicas": item.spec.replicas,
            "ready": (item.status.ready_replicas if item.status else None) or 0,
            "containers": [
                container_resources(container)
                for container in item.spec.template.spec.containers
            ],
        }
        for item in found.items
    ]
    return as_text(workloads)
`,
      tests: (tool: CatalogueTool) => ({
        needs: ["http", "kubernetes", "tempfile"],
        answers: [`"/apis/apps/v1/namespaces/shop/deployments": DEPLOYMENTS`],
        methods: `
${skipUnless("kubernetes")}    def test_${tool.name}_against_a_local_fake(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            kubeconfig = Path(folder) / "config"
            kubeconfig.write_text(kubeconfig_for(self.service.url), encoding="utf-8")
            env = {"KUBERNETES_SERVICE_HOST": "", "KUBECONFIG": str(kubeconfig)}
            result = self.call(
                "kubernetes_read", "list_kubernetes_workloads", env, "shop"
            )
        (workload,) = json.loads(result)
        self.assertEqual((workload["name"], workload["replicas"]), ("checkout", 2))
        requests = {"cpu": "250m", "memory": "256Mi"}
        self.assertEqual(workload["containers"][0]["requests"], requests)
        (request,) = self.service.requests
        self.assertEqual(request["path"], "/apis/apps/v1/namespaces/shop/deployments")
        self.assertEqual(request["headers"]["authorization"], "Bearer kube-token")
`,
      }),
    },
  },
};
