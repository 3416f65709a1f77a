"""The test house's rules, read from the source of tests/ and bench/:

- no module imports a test module (`test_*.py`): what tests share lives in tests/helpers/ or in
  a conftest.py fixture, so a test file can be moved, renamed or run alone;
- no test imports bench/: a test of a benchmark runs it as a process, or shares the reusable
  part through tests/helpers/ or tests/standins/ (the benchmarks import those, not the reverse);
- the platforms' stand-ins live only in tests/standins/: one Slack Web API, one Microsoft
  (OpenID keys and Bot Connector). Nowhere else serves their routes or subclasses them; a test
  configures a stand-in (options, `answers`, `refuse`) rather than writing another.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STANDINS = ROOT / "tests" / "standins"
# Outside tests/standins a router serves only weaktie's own routes (bench/ingest.py's bare bolt
# app serves /slack/events, the baseline it measures against).
OURS = ("/slack/", "/api/messages", "/healthz")
STANDIN_CLASSES = {"SlackWebApi", "MicrosoftStandIn", "Loopback"}
ROUTES = {"add_get", "add_post", "add_put", "add_delete", "add_route"}


def sources() -> list[Path]:
    return sorted(p for folder in ("tests", "bench") for p in (ROOT / folder).rglob("*.py"))


def imported(path: Path) -> list[str]:
    """Every module `path` imports (a `from x import y` counts as both x and x.y)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return found


def name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_no_module_imports_a_test_module():
    found = [(name(path), module) for path in sources() for module in imported(path)
             if module.split(".")[0] in ("tests", "bench")
             and module.rsplit(".", 1)[-1].startswith("test_")]
    assert found == []


def test_tests_do_not_import_bench():
    found = [(name(path), module) for path in sources() if path.is_relative_to(ROOT / "tests")
             for module in imported(path) if module.split(".")[0] == "bench"]
    assert found == []


def test_platform_stand_ins_live_only_in_tests_standins():
    served, subclassed = [], []
    for path in sources():
        if path.is_relative_to(STANDINS) or path == Path(__file__):
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in ROUTES and node.args:
                route = node.args[0] if node.func.attr != "add_route" else node.args[1]
                if not (isinstance(route, ast.Constant) and str(route.value).startswith(OURS)):
                    served.append((name(path), ast.unparse(route)))
            if isinstance(node, ast.ClassDef):
                bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
                if bases & STANDIN_CLASSES:
                    subclassed.append((name(path), node.name))
                if {"BaseHTTPRequestHandler", "ThreadingHTTPServer", "HTTPServer"} & bases:
                    served.append((name(path), node.name))
    assert served == [] and subclassed == []


def test_the_rules_see_what_they_forbid(tmp_path):
    """The checks above are not vacuous: they read imports, and the stand-ins' own routes are
    the kind the last check refuses elsewhere."""
    sample = tmp_path / "sample.py"
    sample.write_text("from tests.adapters.test_teams import serve\nimport bench.hostile\n")
    assert "tests.adapters.test_teams" in imported(sample) and "bench.hostile" in imported(sample)
    for standin in ("slack.py", "microsoft.py"):
        calls = [node for node in ast.walk(ast.parse((STANDINS / standin).read_text()))
                 if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ROUTES]
        assert calls, standin
