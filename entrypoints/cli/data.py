"""Getting interactions in: `import csv`, `import slack-export` and `backfill slack`."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.errors import WeaktieError
from bot.service import rounds as service
from entrypoints import config
from entrypoints.cli.databases import open_store
from entrypoints.progress import ProgressBar


def import_csv(args) -> int:
    from adapters.imports import CsvInteractions, read_people
    people = read_people(args.people) if args.people else []
    rows = CsvInteractions(args.interactions)
    result = _import(args, args.tenant, people, rows, "import")
    print(f"imported {result.interactions_added:,} new interactions of {result.interactions_seen:,}"
          f" read ({result.interactions_seen - result.interactions_added:,} already stored), "
          f"{result.people_added:,} new people, into tenant {args.tenant!r}")
    return 0


def import_people(args) -> int:
    from adapters.people_file import PeopleFileError, read_profiles
    try:
        rows = read_profiles(args.file)
    except PeopleFileError as exc:
        raise WeaktieError(f"{exc}; nothing was imported") from None
    store = open_store(args)
    result = service.import_profiles(store, args.tenant, [(r.by, r.key, r.values) for r in rows])
    print(f"updated {result.updated:,} people and added {result.added:,}, in tenant "
          f"{args.tenant!r}, from {len(rows):,} rows")
    if result.unmatched:
        shown = ", ".join(result.unmatched[:5]) + (" ..." if len(result.unmatched) > 5 else "")
        print(f"{len(result.unmatched):,} emails matched nobody weaktie knows (left out): {shown}")
    return 0


def import_slack_export(args) -> int:
    from adapters.slack.export import SlackExport
    archive = SlackExport(args.archive)
    tenant = args.tenant or archive.team() or "default"
    result = _import(args, tenant, archive.people(), archive, "slack", archive.channel_names())
    print(f"imported {result.interactions_added:,} new interactions of {result.interactions_seen:,}"
          f" read from {len(archive.days):,} channel-days, {result.people_added:,} new people, "
          f"into tenant {tenant!r}")
    return 0


def _import(args, tenant: str, people, source, platform: str,
            channel_names: dict[str, str] | None = None):
    """One import in one transaction, with a progress bar at a terminal."""
    from adapters.imports import ImportFileError
    store = open_store(args)
    bar = ProgressBar(source.fraction_read)
    try:
        return service.import_data(store, tenant, people, source, bar, platform, channel_names)
    except ImportFileError as exc:
        raise WeaktieError(f"{exc}; nothing was imported") from None
    finally:
        bar.close()


def backfill_slack(args) -> int:
    import asyncio

    from adapters.slack.backfill import backfill, installation_of
    if not 1 <= args.days <= 3650:
        raise WeaktieError("--days: choose from 1 to 3650")
    from entrypoints.app import slack_sender
    store = open_store(args)
    adapter = slack_sender(store, config.load())
    if adapter is None:
        raise WeaktieError("backfill needs SLACK_BOT_TOKEN, or SLACK_CLIENT_ID with "
                           "WEAKTIE_SECRET_KEY")

    async def run() -> tuple[str, object]:
        client = await adapter.client_of(args.tenant or "")
        tenant, workspaces = await installation_of(client)
        team = args.tenant or tenant

        def record(observed) -> None:
            store.record_interactions(team, observed, "slack")

        return team, await backfill(client, args.days, datetime.now(UTC), record, workspaces)

    team, report = asyncio.run(run())
    print(f"read {report.messages:,} messages in {report.channels:,} channels of the last "
          f"{args.days} days: {report.interactions:,} interactions into tenant {team!r} "
          "(already stored ones are kept once)")
    return 0
