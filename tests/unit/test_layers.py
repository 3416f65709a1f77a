"""The house's layer rules, read from every module's imports (docs/architecture.md draws them):

    entrypoints -> adapters, scheduler, demo, bot.service, bot.store
    adapters    -> bot.service.inbound, bot.service.outbound, bot.service.calendar_port,
                   bot.service.profile_port, bot.service.web_pages, bot.service.language,
                   bot.core.model (and their own folder)
    scheduler   -> bot.service
    demo        -> bot.service, bot.store, bot.core
    bot.service -> bot.store, bot.core
    bot.store   -> bot.core (the only SQL)
    bot.core    -> nothing of ours (tests/unit/test_purity.py)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
PRODUCT = ("bot", "adapters", "scheduler", "entrypoints", "demo")
OURS = set(PRODUCT)
SQL = {"sqlalchemy", "alembic", "psycopg"}
SDKS = {"slack_bolt": "adapters/slack", "slack_sdk": "adapters/slack",
        "botbuilder": "adapters/teams", "botframework": "adapters/teams",
        "msrest": "adapters/teams"}
MAX_LINES = 300


def imports_of(source: str) -> set[str]:
    """Every absolute module a source imports (`from a.b import c` gives a.b and a.b.c)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def modules(*folders: str) -> list[Path]:
    found = [p for folder in folders for p in sorted((ROOT / folder).rglob("*.py"))
             if "migrations" not in p.parts]
    assert found, f"no modules under {folders}"
    return found


def ours(path: Path) -> set[str]:
    """The modules of ours `path` imports, as a module names them (`bot.service.inbound`)."""
    return {name for name in imports_of(path.read_text()) if name.split(".")[0] in OURS}


def within(name: str, *allowed: str) -> bool:
    return any(name == a or name.startswith(a + ".") for a in allowed)


def breaks(paths: list[Path], *allowed: str) -> list[str]:
    """Imports of ours outside `allowed`; an import of a name from an allowed module is fine."""
    wrong = []
    for path in paths:
        for name in sorted(ours(path)):
            parent = name.rpartition(".")[0]
            if not within(name, *allowed) and not (parent and within(parent, *allowed)
                                                   and name not in _modules_of(parent)):
                wrong.append(f"{_shown(path)} imports {name}")
    return wrong


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


def _modules_of(package: str) -> set[str]:
    """The submodules of `package` (so `from bot.service import rounds` counts as rounds)."""
    folder = ROOT / package.replace(".", "/")
    if not folder.is_dir():
        return set()
    return {f"{package}.{p.stem}" for p in folder.glob("*.py")} | \
        {f"{package}.{p.name}" for p in folder.iterdir() if (p / "__init__.py").exists()}


def test_adapters_import_only_the_services_inbound_and_outbound_types_and_the_model():
    wrong = breaks(modules("adapters"), "adapters", "bot.service.inbound", "bot.service.outbound",
                   "bot.service.calendar_port", "bot.service.profile_port",
                   "bot.service.web_pages", "bot.service.message_texts",
                   # the catalogs' lookups and Babel's dates, for the texts adapters render
                   "bot.service.language", "bot.core.model")
    assert not wrong, wrong


def test_one_platforms_adapter_never_imports_the_others():
    wrong = [f"{p.relative_to(ROOT)} imports {n}" for folder, other in
             (("adapters/slack", "adapters.teams"), ("adapters/teams", "adapters.slack"))
             for p in modules(folder) for n in ours(p) if within(n, other)]
    assert not wrong, wrong


def test_the_scheduler_imports_only_the_service():
    wrong = breaks(modules("scheduler"), "scheduler", "bot.service")
    assert not wrong, wrong


def test_the_service_imports_only_the_store_the_core_and_itself():
    wrong = breaks(modules("bot/service"), "bot.service", "bot.store", "bot.core", "bot.errors")
    assert not wrong, wrong


def test_the_store_imports_only_the_core():
    wrong = breaks(modules("bot/store"), "bot.store", "bot.core", "bot.errors")
    assert not wrong, wrong


def test_the_demo_uses_the_service_never_an_adapter_or_the_shell():
    wrong = breaks(modules("demo"), "demo", "bot")
    assert not wrong, wrong


def test_only_the_entrypoints_import_adapters():
    wrong = [f"{p.relative_to(ROOT)} imports {n}" for p in modules("bot", "scheduler", "demo")
             for n in ours(p) if within(n, "adapters", "entrypoints")]
    assert not wrong, wrong


def test_only_the_store_speaks_sql():
    wrong = [f"{p.relative_to(ROOT)} imports {n}" for p in modules(*PRODUCT)
             if not p.is_relative_to(ROOT / "bot" / "store")
             for n in imports_of(p.read_text()) if n.split(".")[0] in SQL]
    assert not wrong, wrong


def test_each_platform_sdk_is_imported_only_under_its_own_adapter_folder():
    wrong = [f"{p.relative_to(ROOT)} imports {n}" for p in modules(*PRODUCT)
             for n in imports_of(p.read_text()) if n.split(".")[0] in SDKS
             and not p.is_relative_to(ROOT / SDKS[n.split(".")[0]])]
    assert not wrong, wrong


def test_only_the_entrypoints_read_the_environment():
    wrong = [str(p.relative_to(ROOT)) for p in modules("bot", "adapters", "scheduler", "demo")
             if "os.environ" in p.read_text() or "getenv(" in p.read_text()]
    assert not wrong, wrong


def test_every_module_stays_under_300_lines():
    long = [f"{p.relative_to(ROOT)}: {n}" for p in modules(*PRODUCT, "bench")
            if (n := len(p.read_text().splitlines())) >= MAX_LINES]
    assert not long, long


@pytest.mark.parametrize(("source", "allowed", "caught"), [
    ("from bot.store import Store\n", ("bot.service.inbound",), True),
    ("from bot.service import rounds\n", ("bot.service.inbound",), True),
    ("from bot.service.inbound import Request\n", ("bot.service.inbound",), False),
    ("import adapters.slack.app\n", ("bot.service",), True),
])
def test_the_layer_check_catches_a_forbidden_import(tmp_path, source, allowed, caught):
    module = tmp_path / "probe.py"
    module.write_text(source)
    assert bool(breaks([module], *allowed)) is caught
