// Data: PostgreSQL (read-only SQL), Supabase (PostgREST reads), charts (SVG and Vega-Lite from
// rows) and anomaly scores (robust z-scores), the last two computed in the team itself.
import type { CatalogueTool } from "../../spec/tool-catalogue.ts";
import { docstring, type IntegrationCode, read, skipUnless } from "./tool-code.ts";

export const POSTGRES: IntegrationCode = {
  module: "postgres",
  title: "PostgreSQL",
  library: "psycopg",
  requirement: "psycopg[binary]>=3.1,<4",
  doc: "PostgreSQL (or Supabase's database): read-only SQL with psycopg.",
  imports: [],
  names: ["as_text", "require_env"],
  consts: "MAX_ROWS = 100\nSTATEMENT_TIMEOUT_MS = 15000\n",
  tools: {
    run_sql_query: {
      python: (tool: CatalogueTool) => `def ${tool.name}(sql: str) -> str:
${docstring(tool, ["The query runs in a read-only transaction that is rolled back afterwards."])}${read(tool, "DATABASE_URL", "url")}    import psycopg
    from psycopg.rows import dict_row

    with psycopg.connect(url, connect_timeout=10, row_factory=dict_row) as connection:
        connection.read_only = True
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, true)",
                (str(STATEMENT_TIMEOUT_MS),),
            )
            cursor.execute(sql)
            rows = cursor.fetchmany(MAX_ROWS + 1) if cursor.description else []
        connection.rollback()
    return as_text({"rows": rows[:MAX_ROWS], "more_rows": len(rows) > MAX_ROWS})
`,
      tests: (tool: CatalogueTool) => ({
        needs: [],
        answers: [],
        methods: `
    @unittest.skipUnless(HAS_DATABASE, "TEAM_TEST_DATABASE_URL is not set")
    def test_${tool.name}_on_a_database(self) -> None:
        env = {"DATABASE_URL": DATABASE_URL}
        sql = "SELECT 1 AS one, 'a%b' AS text"
        result = self.call("postgres", "${tool.name}", env, sql)
        rows = [{"one": 1, "text": "a%b"}]
        self.assertEqual(json.loads(result), {"rows": rows, "more_rows": False})
        with self.assertRaisesRegex(Exception, "read-only"):
            self.call("postgres", "${tool.name}", env, "CREATE TABLE written (id int)")
`,
      }),
    },
  },
};

export const SUPABASE: IntegrationCode = {
  module: "supabase_rest",
  title: "Supabase (REST)",
  library: "httpx",
  requirement: "httpx>=0.23,<1",
  doc: "Supabase: table reads through its REST API (PostgREST), with httpx.",
  imports: ["import re", "from urllib.parse import parse_qsl"],
  names: ["as_text", "bearer", "join_url", "request_json", "require_env"],
  consts: 'DEFAULT_LIMIT = 50\nTABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")\n',
  tools: {
    query_supabase_table: {
      python: (tool: CatalogueTool) => `def ${tool.name}(table: str, filters: str = "") -> str:
${docstring(tool, ["", "filters is a PostgREST query string, e.g.", '"select=id,title&status=eq.ready&order=created_at.desc&limit=20".'])}${read(tool, "SUPABASE_URL", "base")}${read(tool, "SUPABASE_KEY", "key")}    if not TABLE_NAME.fullmatch(table):
        raise ValueError(f"not a table name: {table!r}")
    params = parse_qsl(filters, keep_blank_values=True)
    if not any(name == "limit" for name, _ in params):
        params.append(("limit", str(DEFAULT_LIMIT)))
    answer = request_json(
        "GET",
        join_url(base, f"rest/v1/{table}"),
        headers={"apikey": key, **bearer(key)},
        params=params,
    )
    return as_text(answer)
`,
      tests: (tool: CatalogueTool) => ({
        needs: ["http"],
        answers: [`"/rest/v1/pm_tasks": [{"id": 1, "title": "Chart the spend"}]`],
        methods: `
${skipUnless("httpx")}    def test_${tool.name}_against_a_local_fake(self) -> None:
        env = {"SUPABASE_URL": self.service.url, "SUPABASE_KEY": "sb-key"}
        filters = "select=id,title&status=eq.ready"
        call = self.caller("supabase_rest", "${tool.name}", env)
        result = call("pm_tasks", filters)
        self.assertEqual(json.loads(result), [{"id": 1, "title": "Chart the spend"}])
        (request,) = self.service.requests
        self.assertEqual(request["path"], "/rest/v1/pm_tasks")
        query = {"select": ["id,title"], "status": ["eq.ready"], "limit": ["50"]}
        self.assertEqual(request["query"], query)
        self.assertEqual(request["headers"]["apikey"], "sb-key")
        with self.assertRaisesRegex(ValueError, "not a table name"):
            self.call("supabase_rest", "${tool.name}", env, "pm_tasks; drop")
`,
      }),
    },
  },
};

const SVG_HELPERS = `def draw_svg(labels: list[str], values: list[float], kind: str, title: str) -> str:
    """A plain SVG chart: bars or a line, the range on the left, labels below."""
    width, height, left, bottom = 640, 360, 56, 40
    top = max(values + [0.0])
    low = min(values + [0.0])
    span = (top - low) or 1.0
    step = (width - left - 16) / len(values)

    def y_of(value: float) -> float:
        return 16 + (top - value) / span * (height - bottom - 16)

    marks = []
    for index, value in enumerate(values):
        x = left + index * step
        if kind == "bar":
            y, base = sorted((y_of(value), y_of(0.0)))
            marks.append(
                f'<rect x="{x + step * 0.1:.1f}" y="{y:.1f}" width="{step * 0.8:.1f}" '
                f'height="{max(base - y, 0.5):.1f}" fill="#4c78a8"/>'
            )
    if kind == "line":
        points = " ".join(
            f"{left + (i + 0.5) * step:.1f},{y_of(v):.1f}" for i, v in enumerate(values)
        )
        line = 'fill="none" stroke="#4c78a8" stroke-width="2"'
        marks.append(f'<polyline points="{points}" {line}/>')
    texts = [
        f'<text x="{left + (i + 0.5) * step:.1f}" y="{height - 20}" font-size="10" '
        f'text-anchor="middle">{escape(label[:16])}</text>'
        for i, label in enumerate(labels)
    ]
    axis = (
        f'<text x="4" y="20" font-size="10">{top:g}</text>'
        f'<text x="4" y="{height - bottom}" font-size="10">{low:g}</text>'
        f'<text x="{width / 2:.0f}" y="{height - 4}" font-size="11" '
        f'text-anchor="middle">{escape(title)}</text>'
    )
    body = "".join(marks + texts) + axis
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif">{body}</svg>\\n'
    )


`;

export const CHARTS: IntegrationCode = {
  module: "charts",
  title: "Charts",
  library: "stdlib",
  requirement: null,
  doc: "Charts: bar and line charts of JSON rows as SVG files, with their Vega-Lite spec.",
  imports: [
    "import hashlib",
    "import json",
    "import tempfile",
    "from pathlib import Path",
    "from xml.sax.saxutils import escape",
  ],
  names: ["as_text", "optional_env"],
  consts: "MAX_POINTS = 200\n",
  helpers: SVG_HELPERS,
  tools: {
    render_chart: {
      python: (
        tool: CatalogueTool,
      ) => `def ${tool.name}(rows_json: str, x: str, y: str, kind: str = "bar") -> str:
${docstring(tool, ["", 'rows_json is a JSON list of objects, e.g. [{"day": "Mon", "cost": 12.5}];', "x names the field along the axis, y the numeric one; kind is bar or line."])}    rows = json.loads(rows_json)
    if not isinstance(rows, list) or not rows or len(rows) > MAX_POINTS:
        raise ValueError(f"give the rows as a JSON list of 1 to {MAX_POINTS} objects")
    if kind not in ("bar", "line"):
        raise ValueError("kind is bar or line")
    labels = [str(row.get(x, "")) for row in rows]
    values = [float(row[y]) for row in rows]
    svg = draw_svg(labels, values, kind, f"{y} by {x}")
    folder = Path(optional_env("CHART_DIR") or tempfile.gettempdir())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"chart-{hashlib.sha256(svg.encode()).hexdigest()[:12]}.svg"
    path.write_text(svg, encoding="utf-8")
    kinds = {"bar": "nominal", "line": "ordinal"}
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": rows},
        "mark": kind,
        "encoding": {
            "x": {"field": x, "type": kinds[kind]},
            "y": {"field": y, "type": "quantitative"},
        },
    }
    return as_text({"svg": str(path), "vega_lite": spec})
`,
      tests: (tool: CatalogueTool) => ({
        needs: ["tempfile"],
        answers: [],
        methods: `
    def test_${tool.name}_draws_an_svg_and_its_vega_lite_spec(self) -> None:
        rows = json.dumps([{"day": "Mon", "cost": 3}, {"day": "<Tue>", "cost": 5.5}])
        with tempfile.TemporaryDirectory() as folder:
            env = {"CHART_DIR": folder}
            call = self.caller("charts", "${tool.name}", env)
            result = json.loads(call(rows, "day", "cost"))
            svg = Path(result["svg"]).read_text(encoding="utf-8")
        self.assertTrue(svg.startswith("<svg"))
        self.assertEqual(svg.count("<rect"), 2)
        self.assertIn("&lt;Tue&gt;", svg)
        self.assertEqual(result["vega_lite"]["encoding"]["y"]["field"], "cost")
        with self.assertRaisesRegex(ValueError, "bar or line"):
            self.call("charts", "${tool.name}", {}, rows, "day", "cost", "pie")
`,
      }),
    },
  },
};

export const ANOMALIES: IntegrationCode = {
  module: "anomalies",
  title: "Anomaly scores",
  library: "stdlib",
  requirement: null,
  doc: "Anomaly scores: robust z-scores (median and MAD) of a series, computed here.",
  imports: ["import json", "import statistics"],
  names: ["as_text"],
  consts: "",
  tools: {
    score_anomalies: {
      python: (
        tool: CatalogueTool,
      ) => `def ${tool.name}(series_json: str, threshold: str = "3.5") -> str:
${docstring(tool)}    points = json.loads(series_json)
    if not isinstance(points, list) or len(points) < 3:
        raise ValueError("give the series as a JSON list of at least 3 points")
    named = [
        point if isinstance(point, dict) else {"t": index, "value": point}
        for index, point in enumerate(points)
    ]
    values = [float(point["value"]) for point in named]
    limit = float(threshold)
    median = statistics.median(values)
    mad = statistics.median(abs(value - median) for value in values)
    scale = 1.4826 * mad or statistics.pstdev(values) or 1.0
    flagged = []
    for index, (point, value) in enumerate(zip(named, values)):
        score = (value - median) / scale
        if abs(score) > limit:
            flagged.append({"t": point.get("t", index), "value": value, "score": score})
    return as_text(
        {"median": median, "mad": mad, "threshold": limit, "anomalies": flagged}
    )
`,
      tests: (tool: CatalogueTool) => ({
        needs: [],
        answers: [],
        methods: `
    def test_${tool.name}_flags_the_outliers(self) -> None:
        series = json.dumps([10, 11, 10, 12, 11, 60, 10])
        call = self.caller("anomalies", "${tool.name}", {})
        result = json.loads(call(series))
        self.assertEqual([point["t"] for point in result["anomalies"]], [5])
        days = [{"t": "mon", "value": 5}, {"t": "tue", "value": 5.2}, {"value": 5}]
        self.assertEqual(json.loads(call(json.dumps(days)))["anomalies"], [])
        with self.assertRaisesRegex(ValueError, "at least 3 points"):
            call("[1]")
`,
      }),
    },
  },
};
