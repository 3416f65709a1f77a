"""The `weaktie` command line: every command, its options and its help, in the order --help
lists them; each command runs a function of its group's module."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from entrypoints.cli import (
    dashboard,
    data,
    demo,
    health,
    outcomes,
    programs,
    rounds,
    serve,
    teams,
)

DESCRIPTION = "The `weaktie` command: suggests in-person coffees from who interacts with whom."


def build() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help="database URL or SQLite file (default: DATABASE_URL, "
                                     "else ./weaktie.db)")
    parser = argparse.ArgumentParser(prog="weaktie", description=DESCRIPTION,
                                     formatter_class=_WideHelp)
    parser.add_argument("--version", action="version", version=f"weaktie {_version()}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    demo_cmd = commands.add_parser("demo", parents=[common],
                                   help="build a sample organisation, plan a round, compare with "
                                        "random")
    demo_cmd.add_argument("--data", metavar="DIR", help="a dataset in the common format instead")
    demo_cmd.add_argument("--people", type=int, default=300,
                          help="size of the generated organisation")
    demo_cmd.add_argument("--seed", type=int, default=7)
    demo_cmd.add_argument("--show", type=int, default=10, help="how many groups to print")
    demo_cmd.add_argument("--lang", choices=("en", "fr"), default="en",
                          help="the language the round is printed in")
    demo_cmd.set_defaults(run=demo.demo)

    importing = commands.add_parser("import", help="import interaction data")
    sources = importing.add_subparsers(title="sources", metavar="SOURCE")
    csv_cmd = sources.add_parser("csv", parents=[common], help="interactions in the common CSV format")
    csv_cmd.add_argument("interactions", metavar="INTERACTIONS", help="CSV file (.csv or .csv.gz)")
    csv_cmd.add_argument("--people", metavar="PEOPLE", help="people.csv: id,team[,name,location,timezone]")
    csv_cmd.add_argument("--tenant", default="default", help="tenant name (default: default)")
    csv_cmd.set_defaults(run=data.import_csv)

    hr = sources.add_parser("people", parents=[common],
                            help="teams, offices, time zones and hours from an HR export")
    hr.add_argument("file", metavar="PEOPLE.csv",
                    help="columns id or email, and any of team, office, timezone, hours")
    hr.add_argument("--tenant", default="default", help="tenant name (default: default)")
    hr.set_defaults(run=data.import_people)

    export = sources.add_parser("slack-export", parents=[common],
                                help="a Slack workspace export (.zip)")
    export.add_argument("archive", metavar="EXPORT.zip")
    export.add_argument("--tenant", help="tenant name (default: the workspace's team id)")
    export.set_defaults(run=data.import_slack_export)

    round_cmd = commands.add_parser("round", parents=[common], help="plan a round now")
    round_cmd.add_argument("--tenant", default="default")
    round_cmd.add_argument("--program", help="program name (default: the default program)")
    round_cmd.add_argument("--dry-run", action="store_true", help="plan and show, store nothing")
    round_cmd.add_argument("--json", action="store_true", help="print the plan as JSON")
    round_cmd.add_argument("--now", type=_moment, help="plan as of this ISO time (default: now)")
    round_cmd.add_argument("--send", action="store_true",
                           help="deliver the round's nudges now (Slack tenants; SLACK_BOT_TOKEN)")
    round_cmd.set_defaults(run=rounds.round_now)

    health_cmd = commands.add_parser("health", parents=[common],
                                     help="the network's health this week, aggregates only")
    health_cmd.add_argument("--tenant", default="default")
    health_cmd.add_argument("--json", action="store_true",
                            help="print the figures as JSON (suppressed ones are null)")
    health_cmd.add_argument("--now", type=_moment, help="as of this ISO time (default: now)")
    health_cmd.set_defaults(run=health.network_health)

    outcomes_cmd = commands.add_parser("outcomes", parents=[common],
                                       help="whether the groups that met kept talking")
    outcomes_cmd.add_argument("--tenant", default="default")
    outcomes_cmd.add_argument("--program", help="program name (default: the default program)")
    outcomes_cmd.add_argument("--rounds", type=_rounds, default=4,
                              help="how many of the latest rounds (1 to 52, default 4)")
    outcomes_cmd.add_argument("--json", action="store_true",
                              help="print the figures as JSON (suppressed ones are null)")
    outcomes_cmd.add_argument("--now", type=_moment, help="as of this ISO time (default: now)")
    outcomes_cmd.set_defaults(run=outcomes.round_outcomes)

    board = commands.add_parser("dashboard", parents=[common],
                                help="serve the managers' web dashboard here; print a sign-in link")
    board.add_argument("--tenant", default="default")
    board.add_argument("--host", help="address to listen on (default: 127.0.0.1)")
    board.add_argument("--port", type=int, help="port to listen on (default: 3000)")
    board.set_defaults(run=dashboard.dashboard)

    serve_cmd = commands.add_parser("serve", parents=[common],
                                    help="serve the Slack and Teams endpoints (and run the clock)")
    serve_cmd.add_argument("--host", help="address to listen on (default: HOST, else 127.0.0.1; "
                                          "0.0.0.0 to be reachable from other machines)")
    serve_cmd.add_argument("--port", type=int, help="port to listen on (default: PORT, else 3000)")
    serve_cmd.add_argument("--no-clock", action="store_true",
                           help="web only: run the clock elsewhere (weaktie clock)")
    serve_cmd.set_defaults(run=serve.serve)

    clock_cmd = commands.add_parser("clock", parents=[common],
                                    help="run rounds, deliveries, follow-ups and purges on time")
    clock_cmd.add_argument("--heartbeat", type=float, default=None, metavar="SECONDS",
                           help="seconds between ticks (default: 60)")
    clock_cmd.set_defaults(run=serve.clock)

    programs_cmd = commands.add_parser("programs", help="nudge programs kept in a YAML file (git)")
    program_commands = programs_cmd.add_subparsers(title="commands", metavar="COMMAND")
    check = program_commands.add_parser("check", help="validate the file; print each program")
    check.add_argument("file", metavar="FILE", help="the programs file (YAML)")
    check.set_defaults(run=programs.check)
    load = program_commands.add_parser("load", parents=[common],
                                       help="validate the file, then create or update its programs")
    load.add_argument("file", metavar="FILE", help="the programs file (YAML)")
    load.set_defaults(run=programs.load)

    backfill = commands.add_parser("backfill", help="read past activity from a platform")
    platforms = backfill.add_subparsers(title="platforms", metavar="PLATFORM")
    slack = platforms.add_parser("slack", parents=[common],
                                 help="the last N days of the channels the app is in")
    slack.add_argument("--days", type=int, default=90, help="how far back (default: 90)")
    slack.add_argument("--tenant", help="the workspace's team id (required with OAuth)")
    slack.set_defaults(run=data.backfill_slack)

    package = commands.add_parser("teams-package", parents=[common],
                                  help="build the Teams app package (manifest and icons) as a zip")
    package.add_argument("--out", default="weaktie-teams.zip", help="where to write it")
    package.add_argument("--app-id", help="the bot's app id (default: MICROSOFT_APP_ID)")
    package.set_defaults(run=teams.teams_package)

    purge = commands.add_parser("purge", parents=[common],
                                help="erase the data of workspaces uninstalled over 30 days ago")
    purge.add_argument("--now", type=_moment, help="purge as of this ISO time (default: now)")
    purge.set_defaults(run=rounds.purge)

    deliveries = commands.add_parser("deliveries", parents=[common],
                                     help="sends cut off mid-way (Teams): list, mark sent, resend")
    deliveries.add_argument("action", nargs="?", choices=("list", "sent", "resend"),
                            default="list", help="list them (default); `sent ID` after checking "
                                                 "it arrived; `resend ID` to send it again")
    deliveries.add_argument("id", nargs="?", metavar="ID", help="as the list shows it (n12-1)")
    deliveries.add_argument("--tenant", help="only this tenant (default: every tenant)")
    deliveries.set_defaults(run=rounds.deliveries)

    forget = commands.add_parser("forget", parents=[common], help="erase everything about a person")
    forget.add_argument("person", help="the person's id as imported or on the platform")
    forget.add_argument("--tenant", default="default")
    forget.set_defaults(run=rounds.forget)
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


def _rounds(text: str) -> int:
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 52):
        raise argparse.ArgumentTypeError("a number of rounds from 1 to 52")
    return int(text)


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO time: {text!r}") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
