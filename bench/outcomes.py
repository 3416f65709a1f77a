"""The clock's weekly job for a big tenant: a round's record and the week's health snapshots
(bot/service/outcome_records.py), read from the store as the clock reads them, timed beside the
same run's baseline (one plain sqlite3 pass over the tenant's interaction rows).

    .venv/bin/python bench/outcomes.py                # 10,000 people, a year of chat
    .venv/bin/python bench/outcomes.py --people 2000

Target (issue 13): a round's outcomes and a weekly health snapshot for a 10,000-person tenant with
a year of interactions in under 10 s and 1 GB. Setting up (importing, planning the round ten
weeks ago, answering it) is not timed.
"""

from __future__ import annotations

import argparse
import random
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core.programs import Program  # noqa: E402
from bot.core.records import week_of  # noqa: E402
from bot.service import rounds as service  # noqa: E402
from bot.service.outcome_records import keep_tenant_week  # noqa: E402
from bot.store import Store  # noqa: E402
from demo.orggen import generate_org  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=12)
    args = parser.parse_args(argv)
    org = generate_org(people=args.people, seed=1, months=args.months)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        store = Store.open(f"sqlite:///{path}")
        started = time.perf_counter()
        store.import_interactions("big", org.people,
                                  ((f"b:{i}", r) for i, r in enumerate(org.interactions())))
        store.save_program("big", Program(name="coffee", in_person=True, venues=org.venues),
                           org.now)
        due = org.now - timedelta(weeks=10)
        planned = service.plan_round_now(store, "big", "coffee", due)
        rng, answers = random.Random(1), []
        for nudge in store.nudges("big", planned.round_id):
            kind = "met" if rng.random() < 0.6 else "declined"
            answers.append((nudge.id, nudge.members[0], kind, due + timedelta(days=3), None))
        store.record_answers("big", answers)
        setup = time.perf_counter() - started
        print(f"{len(org.people):,} people, {len(answers):,} groups ten weeks ago; set up in "
              f"{setup:.0f} s (not timed below); peak so far {peak_mb():,.0f} MB")
        started = time.perf_counter()
        with sqlite3.connect(path) as raw:
            rows = sum(1 for _ in raw.execute(
                "select actor_id, target_id, kind, ts, channel_id from interactions"))
        baseline = time.perf_counter() - started
        week = week_of(org.now)
        started = time.perf_counter()
        keep_tenant_week(store, "big", week)
        took = time.perf_counter() - started
        [(_, _, final, figures)] = store.round_records("big")
        store.close()
    print(f"baseline: plain sqlite3 pass over {rows:,} interaction rows  {baseline:6.2f} s")
    print(f"weekly job: the round's record + 2 health snapshots  {took:6.2f} s  "
          f"({took / baseline:.1f}x the baseline; target under 10 s)")
    print(f"peak memory {peak_mb():,.0f} MB (target under 1,024 MB); record final: {final}, "
          f"{figures['groups']:,} groups, {figures['met']:,} met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
