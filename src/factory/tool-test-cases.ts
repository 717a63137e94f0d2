// What every catalogue tool's tests share: each one, called without a setting it needs, says which
// variable to set (our own text only).
import type { CatalogueTool } from "../spec/tool-catalogue.ts";
import { INTEGRATION_CODE } from "./integrations.ts";

/**
 * A row of UNCONFIGURED: module, tool, the variable it needs and the value that lacks; none for
 * a tool that needs no setting.
 */
export function unconfigured(tool: CatalogueTool): string | null {
  const module = INTEGRATION_CODE[tool.integration].module;
  const required = tool.settings.find((s) => s.required);
  if (!required && tool.integration !== "kubernetes") return null;
  const [variable, value] = required ? [required.env, ""] : ["KUBECONFIG", "/nonexistent"];
  return `(${[module, tool.name, variable, value].map((v) => JSON.stringify(v)).join(", ")})`;
}

export const UNCONFIGURED_TEST = `
    def test_each_tool_says_what_to_set_when_unconfigured(self) -> None:
        errors = importlib.import_module(f"{PACKAGE}.tools.integrations")
        for module, tool, variable, value in UNCONFIGURED:
            integration = importlib.import_module(f"{errors.__name__}.{module}")
            signature = inspect.signature(getattr(integration, tool))
            needed = [p for p in signature.parameters.values() if p.default is p.empty]
            env = {"KUBERNETES_SERVICE_HOST": "", variable: value}
            with self.subTest(tool=tool):
                with self.assertRaises(errors.NotConfigured) as raised:
                    self.call(module, tool, env, *["1"] * len(needed))
                self.assertIn(variable, str(raised.exception))
`;
