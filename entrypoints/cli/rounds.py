"""A tenant's rounds and people: `round`, `deliveries`, `purge` and `forget`."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime

from bot.errors import WeaktieError
from bot.service import rounds as service
from bot.store import Store
from bot.store.values import UnknownSend
from demo.tables import plan_json, plan_text
from entrypoints import config
from entrypoints.cli.databases import open_store


def round_now(args) -> int:
    store = open_store(args)
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


def purge(args) -> int:
    store, now = open_store(args), args.now or datetime.now(UTC)
    gone = store.purge_uninstalled(now)
    store.purge_answered(now)
    print(f"purged {len(gone)} uninstalled workspace(s){': ' + ', '.join(gone) if gone else ''}")
    return 0


def deliveries(args) -> int:
    store = open_store(args)
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


def _print_unknown(found: list[UnknownSend]) -> None:
    if not found:
        print("no sends to check: nothing was cut off mid-way")
        return
    print(f"{len(found)} send(s) cut off mid-way; check with the person, then "
          "`weaktie deliveries sent ID` or `weaktie deliveries resend ID`:")
    print(f"{'ID':<12} {'KIND':<13} {'TENANT':<20} {'PERSON':<24} WHEN (UTC)")
    for row in found:
        when = f"{row.at:%Y-%m-%d %H:%M}" if row.at else "-"
        print(f"{row.id:<12} {row.kind:<13} {row.tenant:<20} {row.person or '-':<24} {when}")


def forget(args) -> int:
    store = open_store(args)
    if not store.forget_person(args.tenant, args.person):
        raise WeaktieError(f"nobody with id {args.person!r} in tenant {args.tenant!r}")
    print(f"erased {args.person} and everything about them from tenant {args.tenant!r}")
    return 0
