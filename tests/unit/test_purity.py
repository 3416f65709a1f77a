"""The core stays pure: only the standard library, networkx and itself; no I/O, no clocks."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

CORE = Path(__file__).parents[2] / "bot" / "core"
ALLOWED_THIRD_PARTY = {"networkx"}
FORBIDDEN_STDLIB = {"os", "io", "socket", "subprocess", "sqlite3", "logging", "time", "shutil",
                    "pathlib", "requests", "urllib", "http", "asyncio", "threading"}
FORBIDDEN_CALLS = {"open", "print", "input"}


def imported_roots(tree: ast.AST) -> set[str]:
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0] if not node.module.startswith("bot.core")
                      else "bot.core")
    return roots


def core_files() -> list[Path]:
    files = sorted(CORE.glob("*.py"))
    assert len(files) >= 8, "the core modules should be found"
    return files


def test_core_imports_only_the_standard_library_networkx_and_the_core():
    for path in core_files():
        roots = imported_roots(ast.parse(path.read_text()))
        for root in roots - {"bot.core", "__future__"}:
            assert root in ALLOWED_THIRD_PARTY or root in sys.stdlib_module_names, \
                f"{path.name} imports {root}"
            assert root not in FORBIDDEN_STDLIB, f"{path.name} imports {root} (I/O or a clock)"


def test_core_never_reads_the_clock_or_does_io():
    for path in core_files():
        source = path.read_text()
        assert "datetime.now(" not in source and "date.today(" not in source, path.name
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in FORBIDDEN_CALLS, f"{path.name} calls {node.func.id}()"


def test_the_purity_check_catches_a_forbidden_import():
    roots = imported_roots(ast.parse("import sqlalchemy\nfrom bot.store import Store\n"))
    assert roots == {"sqlalchemy", "bot"}
    assert "sqlalchemy" not in sys.stdlib_module_names


def test_no_platform_sdk_is_imported_outside_the_adapters():
    root = Path(__file__).parents[2]
    for path in (root / "bot").rglob("*.py"):
        roots = imported_roots(ast.parse(path.read_text()))
        assert not roots & {"slack_bolt", "slack_sdk", "botbuilder", "botframework"}, path.name
