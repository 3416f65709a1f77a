"""Programs kept in a YAML file: `programs check`, `programs load`, and WEAKTIE_PROGRAMS at the
start of `serve` and `clock`."""

from __future__ import annotations

from datetime import UTC, datetime

from entrypoints import config
from entrypoints.cli.databases import open_store, open_url


def check(args) -> int:
    from bot.service.program_file import read, summary
    parsed = read(args.file)
    tenants = len({entry.tenant for entry in parsed.programs})
    print(f"{args.file}: {len(parsed.programs)} programs for {tenants} tenant(s), all valid")
    for entry in parsed.programs:
        print(f"  {summary(entry)}")
    return 0


def load(args) -> int:
    from bot.service.program_file import read, summary, sync
    parsed = read(args.file)
    for entry, outcome in sync(open_store(args), parsed, datetime.now(UTC)):
        print(f"{outcome:<9} {summary(entry)}")
    return 0


def load_at_start(settings: config.Settings) -> None:
    """WEAKTIE_PROGRAMS: the file's programs are saved before anything runs; a bad file stops
    start-up with its file:line message."""
    if not settings.programs_file:
        return
    from bot.service.program_file import read, sync
    parsed = read(settings.programs_file)
    store = open_url(settings.database_url)
    outcomes = [outcome for _, outcome in sync(store, parsed, datetime.now(UTC))]
    counts = ", ".join(f"{outcomes.count(o)} {o}" for o in ("created", "updated", "unchanged"))
    print(f"weaktie: programs from {settings.programs_file}: {counts}")
