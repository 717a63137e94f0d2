// Messages out of the team: Slack (incoming webhook) and email (SMTP). Both write: dry run first.
import { docstring, type IntegrationCode, skipUnless } from "./tool-code.ts";

export const SLACK: IntegrationCode = {
  module: "slack_webhook",
  title: "Slack",
  library: "httpx",
  requirement: "httpx>=0.23,<1",
  doc: "Slack: messages to a channel through an incoming webhook, with httpx.",
  imports: [],
  names: ["as_text", "dry_run", "planned", "request_json", "require_env"],
  consts: "MAX_MESSAGE_CHARS = 3000\n",
  tools: {
    send_slack_message: {
      python: (t) => `def ${t.name}(text: str) -> str:
${docstring(t)}    url = require_env("${t.name}", "SLACK_WEBHOOK_URL")
    message = {"text": text[:MAX_MESSAGE_CHARS]}
    if dry_run("${t.name}"):
        return planned("${t.name}", "post to the Slack channel", message)
    answer = request_json("POST", url, body=message)
    return f"posted to Slack: {as_text(answer)}"
`,
      tests: (t) => ({
        needs: ["http"],
        answers: [`"/services/T1/B2/C3": "ok"`],
        methods: `
${skipUnless("httpx")}    def test_${t.name}_plans_in_dry_run_then_posts(self) -> None:
        env = {"SLACK_WEBHOOK_URL": f"{self.service.url}/services/T1/B2/C3"}
        call = self.caller("slack_webhook", "${t.name}", env)
        planned = json.loads(call("Spend is up"))
        self.assertEqual(planned["with"], {"text": "Spend is up"})
        self.assertEqual(self.service.requests, [])
        result = call("Spend is up", live=True)
        self.assertEqual(result, "posted to Slack: ok")
        (request,) = self.service.requests
        self.assertEqual(request["method"], "POST")
        self.assertEqual(json.loads(request["body"]), {"text": "Spend is up"})
`,
      }),
    },
  },
};

export const EMAIL: IntegrationCode = {
  module: "smtp_mail",
  title: "Email (SMTP)",
  library: "stdlib",
  requirement: null,
  doc: "Email: plain-text messages through the team's SMTP server, with smtplib.",
  imports: ["import re", "import smtplib", "from email.message import EmailMessage"],
  names: ["as_text", "dry_run", "optional_env", "planned", "require_env"],
  consts: 'ADDRESS = re.compile(r"[^@\\s,<>]+@[^@\\s,<>]+\\.[^@\\s,<>]+")\n',
  tools: {
    send_email: {
      python: (t) => `def ${t.name}(to: str, subject: str, body: str) -> str:
${docstring(t, ["", "to is one address or several, separated by commas."])}    host = require_env("${t.name}", "SMTP_HOST")
    sender = require_env("${t.name}", "SMTP_FROM")
    port = int(optional_env("SMTP_PORT", "587"))
    recipients = [address.strip() for address in to.split(",") if address.strip()]
    if not recipients or not all(ADDRESS.fullmatch(a) for a in recipients):
        raise ValueError(f"not one or more email addresses: {to!r}")
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject[:200]
    message.set_content(body[:100000])
    if dry_run("${t.name}"):
        return planned("${t.name}", f"send through {host}:{port}", {"to": recipients})
    with smtplib.SMTP(host, port, timeout=20) as server:
        if optional_env("SMTP_STARTTLS", "true").lower() != "false":
            server.starttls()
        user = optional_env("SMTP_USERNAME")
        if user:
            server.login(user, optional_env("SMTP_PASSWORD"))
        server.send_message(message)
    return as_text({"sent": True, "to": recipients})
`,
      tests: (t) => ({
        needs: ["smtp"],
        answers: [],
        methods: `
    def test_${t.name}_plans_in_dry_run_then_sends(self) -> None:
        smtp = FakeSmtp()
        self.addCleanup(smtp.close)
        env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp.port)}
        env.update({"SMTP_FROM": "team@acme.io", "SMTP_STARTTLS": "false"})
        args = ("lead@acme.io, cfo@acme.io", "Weekly KPIs", "All green.")
        call = self.caller("smtp_mail", "${t.name}", env)
        planned = json.loads(call(*args))
        self.assertEqual(planned["with"]["to"], ["lead@acme.io", "cfo@acme.io"])
        self.assertEqual(smtp.messages, [])
        result = json.loads(call(*args, live=True))
        self.assertTrue(result["sent"])
        (message,) = smtp.messages
        self.assertIn("Subject: Weekly KPIs", message)
        self.assertIn("All green.", message)
        with self.assertRaisesRegex(ValueError, "email addresses"):
            call("nobody", "x", "y")
        with self.assertRaises(ValueError):
            call("a@b.io", "x\\nBcc: c@d.io", "y")
`,
      }),
    },
  },
};
