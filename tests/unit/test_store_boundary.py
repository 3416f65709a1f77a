"""The store is the only SQL: it alone imports SQLAlchemy, it depends on nothing of ours but the
core and the errors, it never reads the environment, and each of its modules stays readable."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parents[2]
STORE = ROOT / "bot" / "store"
PRODUCT = ("bot", "adapters", "scheduler", "entrypoints", "demo")  # not tests/ nor bench/
OURS = ("bot", "adapters", "scheduler", "entrypoints", "demo", "bench", "tests")
STORE_MAY_IMPORT = ("bot.core", "bot.errors", "bot.store")
MAX_LINES = 300


def imported_modules(tree: ast.AST) -> set[str]:
    """Every module a file imports, at its top or inside a function (absolute names)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def store_files() -> list[Path]:
    files = sorted(STORE.rglob("*.py"))
    assert len(files) >= 15, "the store's modules should be found"
    return files


def test_only_the_store_imports_sqlalchemy():
    users = set()
    for folder in PRODUCT:
        for path in (ROOT / folder).rglob("*.py"):
            if any(m.split(".")[0] == "sqlalchemy" for m in imported_modules(ast.parse(path.read_text()))):
                users.add(path.relative_to(ROOT).as_posix())
    assert users and all(user.startswith("bot/store/") for user in users), sorted(users)


def test_the_store_imports_nothing_of_ours_but_the_core_and_the_errors():
    for path in store_files():
        for module in imported_modules(ast.parse(path.read_text())):
            if module.split(".")[0] in OURS:
                assert module.startswith(STORE_MAY_IMPORT), f"{path.name} imports {module}"


def test_the_store_never_reads_the_environment():
    for path in store_files():
        tree = ast.parse(path.read_text())
        assert not {"os", "os.environ", "os.getenv", "dotenv"} & imported_modules(tree), path.name
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                assert node.attr not in ("environ", "getenv"), f"{path.name} reads os.{node.attr}"


def test_every_module_of_the_store_is_under_300_lines():
    for path in store_files():
        if "versions" not in path.parts:  # migrations are written once and never edited
            lines = path.read_text().count("\n")
            assert lines < MAX_LINES, f"{path.name} has {lines} lines"


def test_the_boundary_check_sees_imports_inside_functions():
    tree = ast.parse("def f():\n    from sqlalchemy import text\n    import bot.app\n")
    assert {"sqlalchemy.text", "bot.app"} <= imported_modules(tree)
