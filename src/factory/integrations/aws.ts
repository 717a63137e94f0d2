// AWS with boto3: Cost Explorer, CloudWatch metrics and Logs Insights, S3. Credentials come from
// the environment or the pod's IAM role; the tests answer through botocore's own Stubber.
import type { CatalogueTool } from "../../spec/tool-catalogue.ts";
import { docstring, type IntegrationCode, skipUnless } from "./tool-code.ts";

/** A test that answers the tool's boto3 calls with botocore's Stubber. */
function stubbedTest(t: CatalogueTool, service: string, body: string): string {
  return `
${skipUnless("boto3")}    def test_${t.name}_through_botocore_stubber(self) -> None:
        client, stubber = stubbed_client("${service}")
${body}        stubber.assert_no_pending_responses()
`;
}

export const AWS: IntegrationCode = {
  module: "aws",
  title: "AWS",
  library: "boto3",
  requirement: "boto3>=1.26,<2",
  doc: "AWS: Cost Explorer, CloudWatch metrics and logs, and S3, with boto3.",
  imports: ["import datetime", "import time", "from typing import Any"],
  names: ["as_text", "optional_env", "require_env"],
  consts: "MAX_OBJECT_BYTES = 65536\nLOG_QUERY_POLLS = 30\n",
  helpers: `def aws_client(tool: str, service: str) -> Any:
    """A boto3 client of service in AWS_REGION (Cost Explorer is in us-east-1).

    Without AWS_ACCESS_KEY_ID boto3 finds its credentials itself (the pod's IAM role).
    """
    import boto3

    region = require_env(tool, "AWS_REGION")
    return boto3.client(
        service,
        region_name="us-east-1" if service == "ce" else region,
        aws_access_key_id=optional_env("AWS_ACCESS_KEY_ID") or None,
        aws_secret_access_key=optional_env("AWS_SECRET_ACCESS_KEY") or None,
    )


`,
  tools: {
    get_aws_costs: {
      python: (t) => `def ${t.name}(days: str = "30") -> str:
${docstring(t)}    client = aws_client("${t.name}", "ce")
    end = datetime.date.today()
    start = end - datetime.timedelta(days=int(days))
    answer = client.get_cost_and_usage(
        TimePeriod={"Start": start.isoformat(), "End": end.isoformat()},
        Granularity="DAILY",
        Metrics=["UnblendedCost"],
        GroupBy=[{"Type": "DIMENSION", "Key": "SERVICE"}],
    )
    rows = []
    for period in answer.get("ResultsByTime", []):
        day = period["TimePeriod"]["Start"]
        for group in period.get("Groups", []):
            amount = group["Metrics"]["UnblendedCost"]["Amount"]
            usd = round(float(amount), 2)
            rows.append({"day": day, "service": group["Keys"][0], "usd": usd})
    return as_text(rows)
`,
      tests: (t) => ({
        needs: ["aws"],
        answers: [],
        methods: stubbedTest(
          t,
          "ce",
          `        cost = {"UnblendedCost": {"Amount": "12.345", "Unit": "USD"}}
        day = {"Start": "2026-01-01", "End": "2026-01-02"}
        groups = [{"Keys": ["Amazon EC2"], "Metrics": cost}]
        answer = {"ResultsByTime": [{"TimePeriod": day, "Groups": groups}]}
        stubber.add_response("get_cost_and_usage", answer)
        rows = json.loads(self.call_aws("${t.name}", client, "2"))
        ec2 = {"day": "2026-01-01", "service": "Amazon EC2", "usd": 12.35}
        self.assertEqual(rows, [ec2])
`,
        ),
      }),
    },
    get_cloudwatch_metric: {
      python: (t) => `def ${t.name}(
    namespace: str, metric: str, dimensions: str = "", hours: str = "24"
) -> str:
${docstring(t, ["", 'dimensions is "Name=Value,Name=Value", e.g. "FunctionName=checkout".'])}    client = aws_client("${t.name}", "cloudwatch")
    pairs = [part.partition("=") for part in dimensions.split(",") if part.strip()]
    named = [{"Name": name.strip(), "Value": value.strip()} for name, _, value in pairs]
    end = datetime.datetime.now(datetime.timezone.utc)
    start = end - datetime.timedelta(hours=int(hours))
    answer = client.get_metric_statistics(
        Namespace=namespace,
        MetricName=metric,
        Dimensions=named,
        StartTime=start,
        EndTime=end,
        Period=max(60, int(hours) * 3600 // 300 // 60 * 60),
        Statistics=["Average", "Maximum"],
    )
    points = sorted(answer.get("Datapoints", []), key=lambda point: point["Timestamp"])
    return as_text(
        [
            {
                "t": point["Timestamp"].isoformat(),
                "average": point.get("Average"),
                "maximum": point.get("Maximum"),
                "unit": point.get("Unit"),
            }
            for point in points
        ]
    )
`,
      tests: (t) => ({
        needs: ["aws"],
        answers: [],
        methods: stubbedTest(
          t,
          "cloudwatch",
          `        at = datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.timezone.utc)
        point = {"Timestamp": at, "Average": 120.5, "Unit": "Milliseconds"}
        stubber.add_response("get_metric_statistics", {"Datapoints": [point]})
        args = ("AWS/Lambda", "Duration", "FunctionName=checkout", "6")
        (found,) = json.loads(self.call_aws("${t.name}", client, *args))
        self.assertEqual((found["average"], found["unit"]), (120.5, "Milliseconds"))
`,
        ),
      }),
    },
    query_cloudwatch_logs: {
      python: (t) => `def ${t.name}(log_group: str, query: str, hours: str = "1") -> str:
${docstring(t, ["", 'Example query: "fields @timestamp, @message | filter @message like /ERROR/".'])}    client = aws_client("${t.name}", "logs")
    end = int(time.time())
    started = client.start_query(
        logGroupName=log_group,
        startTime=end - int(hours) * 3600,
        endTime=end,
        queryString=query,
        limit=100,
    )
    for _ in range(LOG_QUERY_POLLS):
        answer = client.get_query_results(queryId=started["queryId"])
        if answer["status"] not in ("Scheduled", "Running"):
            break
        time.sleep(1)
    else:
        raise TimeoutError("CloudWatch Logs did not finish the query in 30 seconds")
    if answer["status"] != "Complete":
        raise RuntimeError(f"CloudWatch Logs ended the query: {answer['status']}")
    rows = [{f["field"]: f["value"] for f in row} for row in answer.get("results", [])]
    return as_text(rows)
`,
      tests: (t) => ({
        needs: ["aws"],
        answers: [],
        methods: stubbedTest(
          t,
          "logs",
          `        stubber.add_response("start_query", {"queryId": "q-1"})
        row = [{"field": "@message", "value": "ERROR boom"}]
        results = {"status": "Complete", "results": [row]}
        stubber.add_response("get_query_results", results, {"queryId": "q-1"})
        args = ("/aws/lambda/checkout", "fields @message")
        rows = json.loads(self.call_aws("${t.name}", client, *args))
        self.assertEqual(rows, [{"@message": "ERROR boom"}])
`,
        ),
      }),
    },
    list_s3_objects: {
      python: (t) => `def ${t.name}(bucket: str, prefix: str = "") -> str:
${docstring(t)}    client = aws_client("${t.name}", "s3")
    answer = client.list_objects_v2(Bucket=bucket, Prefix=prefix, MaxKeys=100)
    objects = [
        {
            "key": item["Key"],
            "size": item["Size"],
            "modified": item["LastModified"].isoformat(),
        }
        for item in answer.get("Contents", [])
    ]
    return as_text({"objects": objects, "more": bool(answer.get("IsTruncated"))})
`,
      tests: (t) => ({
        needs: ["aws"],
        answers: [],
        methods: stubbedTest(
          t,
          "s3",
          `        at = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
        item = {"Key": "drops/a.csv", "Size": 42, "LastModified": at}
        expected = {"Bucket": "partners", "Prefix": "x/", "MaxKeys": 100}
        stubber.add_response("list_objects_v2", {"Contents": [item]}, expected)
        result = json.loads(self.call_aws("${t.name}", client, "partners", "x/"))
        self.assertEqual(result["objects"][0]["key"], "drops/a.csv")
        self.assertFalse(result["more"])
`,
        ),
      }),
    },
    read_s3_object: {
      python: (t) => `def ${t.name}(bucket: str, key: str) -> str:
${docstring(t)}    client = aws_client("${t.name}", "s3")
    answer = client.get_object(
        Bucket=bucket, Key=key, Range=f"bytes=0-{MAX_OBJECT_BYTES - 1}"
    )
    data = answer["Body"].read(MAX_OBJECT_BYTES)
    return str(data.decode("utf-8", errors="replace"))
`,
      tests: (t) => ({
        needs: ["aws"],
        answers: [],
        methods: stubbedTest(
          t,
          "s3",
          `        from botocore.response import StreamingBody

        data = b"id,name\\n1,first\\n"
        body = StreamingBody(io.BytesIO(data), len(data))
        stubber.add_response("get_object", {"Body": body})
        result = self.call_aws("${t.name}", client, "partners", "drops/a.csv")
        self.assertEqual(result, "id,name\\n1,first\\n")
`,
        ),
      }),
    },
  },
};
