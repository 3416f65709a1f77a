"""The managers' dashboard for a big tenant with a year behind it: each /admin page loaded over
HTTP by a signed-in manager, timed beside the same run's baseline (GET /healthz, which reads no
database), through the real application on loopback.

    .venv/bin/python bench/dashboard.py               # 10,000 people, 26 rounds, 52 weeks kept
    .venv/bin/python bench/dashboard.py --people 2000

Target (issue 13): a page in under 300 ms at 10,000 people. A year of kept records is made from
one real week (the clock's weekly job, run once) copied back 52 weeks, and one real round's record
copied to 26 fortnightly rounds: the pages read kept rows only, so their size is what counts.
Setting up is not timed.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiohttp.test_utils import TestClient, TestServer  # noqa: E402

from adapters.dashboard.routes import Dashboard  # noqa: E402
from adapters.web import web_app  # noqa: E402
from bench.outcomes import peak_mb  # noqa: E402
from bot.core.programs import Program  # noqa: E402
from bot.core.records import week_of  # noqa: E402
from bot.service import rounds as service  # noqa: E402
from bot.service.dashboard_access import csrf_token, link_reply  # noqa: E402
from bot.service.handler import Service  # noqa: E402
from bot.service.outcome_records import keep_tenant_week  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.store.dashboard import Visitor  # noqa: E402
from demo.orggen import generate_org  # noqa: E402

PAGES = ("/admin", "/admin/health", "/admin/ideas")
LOADS = 20


def a_year(store: Store, people: int) -> str:
    """A tenant `big` with a year of kept records; what was set up, in words."""
    org = generate_org(people=people, seed=1, months=12)
    store.import_interactions("big", org.people,
                              ((f"b:{i}", r) for i, r in enumerate(org.interactions())))
    store.save_program("big", Program(name="coffee", in_person=True, venues=org.venues), org.now)
    planned = service.plan_round_now(store, "big", "coffee", org.now - timedelta(weeks=10))
    week = week_of(org.now)
    keep_tenant_week(store, "big", week)
    [(_, due, _, figures)] = store.round_records("big")
    [(_, snapshot)] = store.health_series("big")
    for n in range(1, 52):
        store.keep_health("big", "", week - timedelta(weeks=n), snapshot)
    for n in range(1, 26):
        store.keep_round_record("big", planned.round_id + 1000 + n, "coffee",
                                due - timedelta(weeks=2 * n), figures, True, week)
    return (f"{len(org.people):,} people, {figures['groups']:,} groups a round, 26 rounds and "
            f"52 weeks kept, {len(snapshot['team_bridges']):,} team pairs in a snapshot")


async def timed(store: Store) -> dict[str, list[float]]:
    app = web_app(None, dashboard=Dashboard(Service(store), secure=False, csrf_of=csrf_token))
    path = link_reply(store, Visitor("big", "operator", "cli", True), datetime.now(UTC),
                      "http://x").split("http://x", 1)[1].split()[0]
    found: dict[str, list[float]] = {}
    async with TestClient(TestServer(app)) as client:
        page = await (await client.get(path)).text()
        csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        await client.post(path, data={"csrf": csrf})
        for where in ("/healthz", *PAGES):
            for _ in range(LOADS):
                started = time.perf_counter()
                response = await client.get(where)
                await response.read()
                assert response.status == 200, (where, response.status)
                found.setdefault(where, []).append(time.perf_counter() - started)
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'bench.db'}")
        started = time.perf_counter()
        said = a_year(store, args.people)
        print(f"{said}; set up in {time.perf_counter() - started:.0f} s (not timed)")
        found = asyncio.run(timed(store))
        store.close()
    for where, times in found.items():
        ms = sorted(t * 1000 for t in times)
        label = "baseline GET /healthz" if where == "/healthz" else f"GET {where}"
        print(f"{label:<24} median {statistics.median(ms):7.1f} ms   slowest {ms[-1]:7.1f} ms"
              f"   ({LOADS} loads)")
    print(f"target: each page under 300 ms; peak memory {peak_mb():,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
