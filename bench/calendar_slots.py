"""The round's calendar step for a big tenant: before the nudges go out, the free/busy of every
member with a calendar is read from Google Calendar and Microsoft Graph (loopback stand-ins of
tests/standins/, over real HTTP) and the slots are fitted to it; timed beside the same run's
baseline (the same nudges' hours-only slots, computed again with no calendar).

    .venv/bin/python bench/calendar_slots.py                 # 10,000 people, 80% connected
    .venv/bin/python bench/calendar_slots.py --people 1000

Targets (issue 14): the calendar step under 60 s at 10,000 people within the providers'
documented rate limits; at least 95% of groups with two slots free for every member. Also
printed: how many hours-only slots would have clashed with someone's calendar. Busy blocks fill
40 to 70% of each connected person's working hours. Setting up is not timed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.calendar.google import GoogleCalendar  # noqa: E402
from adapters.calendar.microsoft import MicrosoftCalendar  # noqa: E402
from bench.outcomes import peak_mb  # noqa: E402
from bot.core.plan import find_slots  # noqa: E402
from bot.core.programs import Program  # noqa: E402
from bot.service import rounds as service  # noqa: E402
from bot.service.calendar_connect import CalendarSetup, sealed_json  # noqa: E402
from bot.service.calendar_port import Tokens  # noqa: E402
from bot.service.calendar_slots import check_calendars  # noqa: E402
from bot.store import Store  # noqa: E402
from demo.orggen import generate_org  # noqa: E402
from entrypoints.secrets import SecretBox  # noqa: E402
from tests.standins.calendar_oauth import CLIENT_ID, CLIENT_SECRET  # noqa: E402
from tests.standins.google_calendar import GoogleCalendarStandIn  # noqa: E402
from tests.standins.microsoft_graph import GraphStandIn  # noqa: E402


def busy_blocks(person, start: datetime, rng: random.Random) -> list[tuple[datetime, datetime]]:
    """40-70% of each working day over three weeks, in 30-minute pieces."""
    zone, out = ZoneInfo(person.timezone), []
    for d in range(21):
        day = (start + timedelta(days=d)).astimezone(zone).date()
        if day.weekday() not in person.workdays:
            continue
        pieces = list(range(person.work_start, person.work_end, 30))
        share = rng.uniform(0.4, 0.7)
        for m in rng.sample(pieces, round(share * len(pieces))):
            at = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(minutes=m)
            out.append((at, at + timedelta(minutes=30)))
    return out


async def calendar_step(store: Store, people: int, now: datetime, rng) -> dict:
    google, graph = GoogleCalendarStandIn(), GraphStandIn()
    box = SecretBox("bench-secret-key-bench")
    persons = store.people("big")
    connected = rng.sample(sorted(persons), round(0.8 * len(persons)))
    busy = {}
    for n, who in enumerate(connected):
        standin, account = (google, f"{who}@g.example") if n % 2 else (graph, f"{who}@m.example")
        access, refresh = standin.grant_for(account)
        standin.busy[account] = busy[who] = busy_blocks(persons[who], now, rng)
        tokens = Tokens(access, refresh, now + timedelta(hours=1), account)
        store.save_calendar("big", who, standin.provider, account,
                            box.seal(sealed_json(tokens)), now)
    hours_only = {n.id: n.slots for n in store.nudges("big")}
    started = time.perf_counter()
    for n in store.nudges("big"):  # the baseline: the same slots from hours alone
        find_slots([persons[m] for m in n.members], now, 5, 30, 3)
    baseline = time.perf_counter() - started
    async with TestServers(google, graph) as (g, m):
        setup = CalendarSetup({"google": GoogleCalendar(CLIENT_ID, CLIENT_SECRET, api_url=g,
                                                        token_url=f"{g}/token"),
                               "microsoft": MicrosoftCalendar(CLIENT_ID, CLIENT_SECRET,
                                                              login_url=m, api_url=m)},
                              box, "https://weaktie.example")
        started, checked = time.perf_counter(), 0
        while done := await check_calendars(store, setup, now, asyncio.to_thread):
            checked += done
        took = time.perf_counter() - started
    fitted = store.nudges("big")
    return {"took": took, "baseline": baseline, "checked": checked, "connected": len(connected),
            "requests": len(google.requests) + len(graph.requests),
            "two_free": _share(fitted, busy, 2), "clashed": _clashes(fitted, hours_only, busy)}


def _free(slot, members, busy) -> bool:
    return not any(lo < slot.end and slot.start < hi for m in members for lo, hi in busy.get(m, ()))


def _share(nudges, busy, wanted: int) -> float:
    good = sum(1 for n in nudges if sum(_free(s, n.members, busy) for s in n.slots) >= wanted)
    return 100.0 * good / max(len(nudges), 1)


def _clashes(nudges, hours_only, busy) -> tuple[int, int]:
    slots = [(s, n.members) for n in nudges for s in hours_only[n.id]]
    return sum(1 for s, members in slots if not _free(s, members, busy)), len(slots)


class TestServers:
    """Both stand-ins served on this loop: their base URLs."""

    def __init__(self, *standins) -> None:
        from aiohttp.test_utils import TestServer
        self.servers = [TestServer(s.app) for s in standins]

    async def __aenter__(self):
        for server in self.servers:
            await server.start_server()
        return [str(s.make_url("")).rstrip("/") for s in self.servers]

    async def __aexit__(self, *_):
        for server in self.servers:
            await server.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    args = parser.parse_args(argv)
    rng = random.Random(1)
    org = generate_org(people=args.people, seed=1, months=3)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'bench.db'}")
        store.import_interactions("big", org.people,
                                  ((f"b:{i}", r) for i, r in enumerate(org.interactions())))
        store.save_program("big", Program(name="coffee", venues=org.venues), org.now)
        planned = service.plan_round_now(store, "big", "coffee", org.now)
        found = asyncio.run(calendar_step(store, args.people, org.now, rng))
        store.close()
    clashed, slots = found["clashed"]
    print(f"{args.people:,} people, {len(planned.work.plan.nudges):,} groups, "
          f"{found['connected']:,} calendars connected (80%)")
    print(f"baseline: hours-only slots for the same groups       {found['baseline']:7.2f} s")
    print(f"calendar step: free/busy read, slots fitted           {found['took']:7.2f} s  "
          f"({found['requests']:,} provider requests; target under 60 s)")
    print(f"groups with two slots free for every member: {found['two_free']:.1f}% (target 95%); "
          f"hours-only slots that clashed with a calendar: {clashed:,} of {slots:,} "
          f"({100 * clashed / max(slots, 1):.1f}%); peak memory {peak_mb():,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
