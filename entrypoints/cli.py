"""The `weaktie` command: suggests in-person coffees from who interacts with whom."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bot.errors import WeaktieError
from bot.service import rounds as service
from bot.store import Store, database_url
from demo.tables import plan_json, plan_text
from entrypoints import config
from entrypoints.progress import ProgressBar


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    created = _absent_files(args)
    code = 1  # an exception escaping below is a failure too
    try:
        code = _run(args)
        return code
    finally:
        _close_stores()
        if code == 1:
            _remove_if_empty(created)


def _run(args) -> int:
    try:
        return args.run(args)
    except WeaktieError as exc:
        print(f"weaktie: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `weaktie round --json | head`: the reader left, that is fine
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("weaktie: interrupted; nothing more was written", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help="database URL or SQLite file (default: DATABASE_URL, "
                                     "else ./weaktie.db)")
    parser = argparse.ArgumentParser(prog="weaktie", description=__doc__,
                                     formatter_class=_WideHelp)
    parser.add_argument("--version", action="version", version=f"weaktie {_version()}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    demo = commands.add_parser("demo", parents=[common],
                               help="build a sample organisation, plan a round, compare with random")
    demo.add_argument("--data", metavar="DIR", help="a dataset in the common format instead")
    demo.add_argument("--people", type=int, default=300, help="size of the generated organisation")
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--show", type=int, default=10, help="how many groups to print")
    demo.set_defaults(run=_demo)

    importing = commands.add_parser("import", help="import interaction data")
    sources = importing.add_subparsers(title="sources", metavar="SOURCE")
    csv_cmd = sources.add_parser("csv", parents=[common], help="interactions in the common CSV format")
    csv_cmd.add_argument("interactions", metavar="INTERACTIONS", help="CSV file (.csv or .csv.gz)")
    csv_cmd.add_argument("--people", metavar="PEOPLE", help="people.csv: id,team[,name,location,timezone]")
    csv_cmd.add_argument("--tenant", default="default", help="tenant name (default: default)")
    csv_cmd.set_defaults(run=_import_csv)

    export = sources.add_parser("slack-export", parents=[common],
                                help="a Slack workspace export (.zip)")
    export.add_argument("archive", metavar="EXPORT.zip")
    export.add_argument("--tenant", help="tenant name (default: the workspace's team id)")
    export.set_defaults(run=_import_slack_export)

    round_cmd = commands.add_parser("round", parents=[common], help="plan a round now")
    round_cmd.add_argument("--tenant", default="default")
    round_cmd.add_argument("--program", help="program name (default: the default program)")
    round_cmd.add_argument("--dry-run", action="store_true", help="plan and show, store nothing")
    round_cmd.add_argument("--json", action="store_true", help="print the plan as JSON")
    round_cmd.add_argument("--now", type=_moment, help="plan as of this ISO time (default: now)")
    round_cmd.add_argument("--send", action="store_true",
                           help="deliver the round's nudges now (Slack tenants; SLACK_BOT_TOKEN)")
    round_cmd.set_defaults(run=_round)

    serve = commands.add_parser("serve", parents=[common],
                                help="serve the Slack and Teams endpoints (and run the clock)")
    serve.add_argument("--host", help="address to listen on (default: HOST, else 127.0.0.1; "
                                      "0.0.0.0 to be reachable from other machines)")
    serve.add_argument("--port", type=int, help="port to listen on (default: PORT, else 3000)")
    serve.add_argument("--no-clock", action="store_true",
                       help="web only: run the clock elsewhere (weaktie clock)")
    serve.set_defaults(run=_serve)

    clock_cmd = commands.add_parser("clock", parents=[common],
                                    help="run rounds, deliveries, follow-ups and purges on time")
    clock_cmd.add_argument("--heartbeat", type=float, default=None, metavar="SECONDS",
                           help="seconds between ticks (default: 60)")
    clock_cmd.set_defaults(run=_clock)

    programs = commands.add_parser("programs", help="nudge programs kept in a YAML file (git)")
    program_commands = programs.add_subparsers(title="commands", metavar="COMMAND")
    check = program_commands.add_parser("check", help="validate the file; print each program")
    check.add_argument("file", metavar="FILE", help="the programs file (YAML)")
    check.set_defaults(run=_programs_check)
    load = program_commands.add_parser("load", parents=[common],
                                       help="validate the file, then create or update its programs")
    load.add_argument("file", metavar="FILE", help="the programs file (YAML)")
    load.set_defaults(run=_programs_load)

    backfill = commands.add_parser("backfill", help="read past activity from a platform")
    platforms = backfill.add_subparsers(title="platforms", metavar="PLATFORM")
    slack = platforms.add_parser("slack", parents=[common],
                                 help="the last N days of the channels the app is in")
    slack.add_argument("--days", type=int, default=90, help="how far back (default: 90)")
    slack.add_argument("--tenant", help="the workspace's team id (required with OAuth)")
    slack.set_defaults(run=_backfill_slack)

    package = commands.add_parser("teams-package", parents=[common],
                                  help="build the Teams app package (manifest and icons) as a zip")
    package.add_argument("--out", default="weaktie-teams.zip", help="where to write it")
    package.add_argument("--app-id", help="the bot's app id (default: MICROSOFT_APP_ID)")
    package.set_defaults(run=_teams_package)

    purge = commands.add_parser("purge", parents=[common],
                                help="erase the data of workspaces uninstalled over 30 days ago")
    purge.add_argument("--now", type=_moment, help="purge as of this ISO time (default: now)")
    purge.set_defaults(run=_purge)

    deliveries = commands.add_parser("deliveries", parents=[common],
                                     help="sends cut off mid-way (Teams): list, mark sent, resend")
    deliveries.add_argument("action", nargs="?", choices=("list", "sent", "resend"),
                            default="list", help="list them (default); `sent ID` after checking "
                                                 "it arrived; `resend ID` to send it again")
    deliveries.add_argument("id", nargs="?", metavar="ID", help="as the list shows it (n12-1)")
    deliveries.add_argument("--tenant", help="only this tenant (default: every tenant)")
    deliveries.set_defaults(run=_deliveries)

    forget = commands.add_parser("forget", parents=[common], help="erase everything about a person")
    forget.add_argument("person", help="the person's id as imported or on the platform")
    forget.add_argument("--tenant", default="default")
    forget.set_defaults(run=_forget)
    return parser


class _WideHelp(argparse.HelpFormatter):
    """argparse measures the commands' column without their extra indent, so `teams-package`
    pushed its help to a line of its own: the column starts wide enough for every name."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30, width=100)
        self._action_max_length = 20


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("weaktie")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(not installed)"


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO time: {text!r}") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


_OPENED: list[Store] = []  # every store this command opened, closed as it ends


def _open(args) -> Store:
    return _open_url(config.load(args.db).database_url)


def _open_url(url: str) -> Store:
    store = Store.open(url)
    _OPENED.append(store)
    return store


def _close_stores() -> None:
    while _OPENED:
        _OPENED.pop().close()


# A failed command must not leave a database behind in a folder that had none (`weaktie round
# --tenant nope` in a fresh folder): the files SQLite and the clock's lock may create.
SQLITE_FILES = ("", "-wal", "-shm", "-journal", ".clock")


def _absent_files(args) -> list[Path]:
    """When the command's SQLite database does not exist yet, its files (the database first);
    else none: the companions of an existing database belong to whoever else has it open."""
    if not hasattr(args, "db"):
        return []
    try:
        url = database_url(args.db)
    except WeaktieError:
        return []
    if not url.startswith("sqlite:///") or url.endswith(":memory:"):
        return []
    main_file = url.removeprefix("sqlite:///").split("?", 1)[0]
    if Path(main_file).exists():
        return []
    return [Path(main_file + suffix) for suffix in SQLITE_FILES
            if not Path(main_file + suffix).exists()]


def _remove_if_empty(created: list[Path]) -> None:
    """Remove the database files the failed command created, unless it stored a tenant (data
    someone may want, such as a round stored before its sending failed)."""
    if not created or not created[0].exists():
        return
    try:
        store = Store.open(f"sqlite:///{created[0]}")
        try:
            holds_data = bool(store.tenant_names())
        finally:
            store.close()
    except WeaktieError:
        holds_data = False  # not even a usable database: nothing in it to keep
    if holds_data:
        return
    for path in created:
        path.unlink(missing_ok=True)


def _import_csv(args) -> int:
    from adapters.imports import CsvInteractions, read_people
    people = read_people(args.people) if args.people else []
    rows = CsvInteractions(args.interactions)
    result = _import(args, args.tenant, people, rows, "import")
    print(f"imported {result.interactions_added:,} new interactions of {result.interactions_seen:,}"
          f" read ({result.interactions_seen - result.interactions_added:,} already stored), "
          f"{result.people_added:,} new people, into tenant {args.tenant!r}")
    return 0


def _import_slack_export(args) -> int:
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
    store = _open(args)
    bar = ProgressBar(source.fraction_read)
    try:
        return service.import_data(store, tenant, people, source, bar, platform, channel_names)
    except ImportFileError as exc:
        raise WeaktieError(f"{exc}; nothing was imported") from None
    finally:
        bar.close()


def _round(args) -> int:
    store = _open(args)
    now = args.now or datetime.now(UTC)
    planned = service.plan_round_now(store, args.tenant, args.program, now, args.dry_run)
    plan = planned.work.plan
    if args.send:
        if args.dry_run:
            raise WeaktieError("--send and --dry-run contradict each other: choose one")
        _send(store, now)
    if args.json:
        print(json.dumps(plan_json(plan), indent=2, ensure_ascii=False))
        return 0
    people = store.people(args.tenant)
    stored = "dry run, nothing stored" if planned.round_id is None else f"round {planned.round_id}"
    print(f"{len(plan.nudges)} groups for program {planned.program.name!r} in tenant "
          f"{args.tenant!r} ({stored})\n")
    print(plan_text(plan, people))
    return 0


def _send(store: Store, now: datetime) -> None:
    import asyncio

    from bot.service.delivery import deliver_due
    from entrypoints.app import senders
    found = senders(store, config.load())
    if not found:
        raise WeaktieError("--send needs a platform: SLACK_BOT_TOKEN, SLACK_CLIENT_ID with "
                           "WEAKTIE_SECRET_KEY, or MICROSOFT_APP_ID (the round is stored)")
    for platform, sender in found.items():
        report = asyncio.run(deliver_due(store, platform, sender, now))
        print(f"{platform}: sent {len(report.sent)} nudges; {len(report.uncertain)} to check and "
              f"resume, {len(report.failed)} refused", file=sys.stderr)


def _backfill_slack(args) -> int:
    import asyncio

    from adapters.slack.backfill import backfill, installation_of
    if not 1 <= args.days <= 3650:
        raise WeaktieError("--days: choose from 1 to 3650")
    from entrypoints.app import slack_sender
    store = _open(args)
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


def _teams_package(args) -> int:
    from pathlib import Path

    from adapters.teams.package import package
    settings = config.load()
    app_id = args.app_id or settings.teams_app_id
    if not app_id:
        raise WeaktieError("teams-package needs the bot's app id: --app-id or MICROSOFT_APP_ID")
    built = package(app_id, settings.public_url)  # refuses a bad id or URL before any write
    try:
        Path(args.out).write_bytes(built)
    except OSError as exc:
        raise WeaktieError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    print(f"wrote {args.out}: upload it in Teams > Apps > Manage your apps > Upload an app")
    return 0


def _purge(args) -> int:
    store, now = _open(args), args.now or datetime.now(UTC)
    gone = store.purge_uninstalled(now)
    store.purge_answered(now)
    print(f"purged {len(gone)} uninstalled workspace(s){': ' + ', '.join(gone) if gone else ''}")
    return 0


def _deliveries(args) -> int:
    store = _open(args)
    if args.action == "list":
        if args.id:
            raise WeaktieError("`deliveries` lists them; `deliveries sent ID` or "
                               "`deliveries resend ID` settles one")
        _print_unknown(store.unknown_sends(args.tenant))
        return 0
    if not args.id:
        raise WeaktieError(f"which one? `weaktie deliveries {args.action} ID` (the list shows ids)")
    if args.action == "sent":
        problem = store.mark_unknown_sent(args.id, args.tenant)
        done = f"{args.id} is marked sent; nothing was sent"
    else:
        problem = store.resend_unknown(args.id, args.tenant)
        done = f"{args.id} goes out again at the clock's next delivery (to that person only)"
    if problem:
        raise WeaktieError(f"{args.id}: {problem}")
    print(done)
    return 0


def _print_unknown(found: list[dict]) -> None:
    if not found:
        print("no sends to check: nothing was cut off mid-way")
        return
    print(f"{len(found)} send(s) cut off mid-way; check with the person, then "
          "`weaktie deliveries sent ID` or `weaktie deliveries resend ID`:")
    print(f"{'ID':<12} {'KIND':<13} {'TENANT':<20} {'PERSON':<24} WHEN (UTC)")
    for row in found:
        when = f"{row['at']:%Y-%m-%d %H:%M}" if row["at"] else "-"
        print(f"{row['id']:<12} {row['kind']:<13} {row['tenant']:<20} {row['person'] or '-':<24} "
              f"{when}")


def _forget(args) -> int:
    store = _open(args)
    if not store.forget_person(args.tenant, args.person):
        raise WeaktieError(f"nobody with id {args.person!r} in tenant {args.tenant!r}")
    print(f"erased {args.person} and everything about them from tenant {args.tenant!r}")
    return 0


def _programs_check(args) -> int:
    from bot.service.program_file import read, summary
    parsed = read(args.file)
    tenants = len({entry.tenant for entry in parsed.programs})
    print(f"{args.file}: {len(parsed.programs)} programs for {tenants} tenant(s), all valid")
    for entry in parsed.programs:
        print(f"  {summary(entry)}")
    return 0


def _programs_load(args) -> int:
    from bot.service.program_file import read, summary, sync
    parsed = read(args.file)
    for entry, outcome in sync(_open(args), parsed, datetime.now(UTC)):
        print(f"{outcome:<9} {summary(entry)}")
    return 0


def _programs_at_start(settings: config.Settings) -> None:
    """WEAKTIE_PROGRAMS: the file's programs are saved before anything runs; a bad file stops
    start-up with its file:line message."""
    if not settings.programs_file:
        return
    from bot.service.program_file import read, sync
    parsed = read(settings.programs_file)
    store = _open_url(settings.database_url)
    outcomes = [outcome for _, outcome in sync(store, parsed, datetime.now(UTC))]
    counts = ", ".join(f"{outcomes.count(o)} {o}" for o in ("created", "updated", "unchanged"))
    print(f"weaktie: programs from {settings.programs_file}: {counts}")


def _serve(args) -> int:
    from aiohttp import web

    from entrypoints.app import build
    settings = config.load(args.db, args.port, args.host)
    config.check_serving(settings)  # before any database is opened or written
    _programs_at_start(settings)
    app = build(settings, _open_url(settings.database_url))
    if not args.no_clock:
        from entrypoints.app import senders
        from scheduler.clock import clock
        store = _open_url(settings.database_url)
        heartbeat = clock(store, senders(store, settings))

        async def start(_app) -> None:
            heartbeat.start()

        async def stop(_app) -> None:
            heartbeat.shutdown(wait=False)

        app.on_startup.append(start)
        app.on_cleanup.append(stop)
    routes = ", ".join(sorted({f"{r.method} {r.resource.canonical}" for r in app.router.routes()
                               if r.method != "HEAD"}))
    print(f"weaktie: serving on http://{settings.host}:{settings.port} ({routes})")
    web.run_app(app, host=settings.host, port=settings.port, print=None)
    return 0


def _clock(args) -> int:
    import asyncio

    from entrypoints.app import senders
    from scheduler.clock import HEARTBEAT_SECONDS, clock
    settings = config.load(args.db)
    _programs_at_start(settings)
    store = _open(args)
    found = senders(store, settings)

    async def forever() -> None:
        clock(store, found, every=args.heartbeat or HEARTBEAT_SECONDS).start()
        await asyncio.Event().wait()

    print(f"weaktie: clock running (platforms: {', '.join(found) or 'none'}); Ctrl-C stops it")
    asyncio.run(forever())
    return 0


def _demo(args) -> int:
    from demo.demo import run_demo
    return run_demo(args)


if __name__ == "__main__":
    sys.exit(main())
