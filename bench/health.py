"""A week's network health for a big tenant: time and peak memory of each stage, beside the
same run's baseline (one plain pass over the interactions, counting pairs).

    .venv/bin/python bench/health.py                 # 10,000 people, a year of chat
    .venv/bin/python bench/health.py --people 2000

Target (issue 13): a 10,000-person tenant with a year of interactions in under 10 s and 1 GB,
ties and communities included, since `admin health` computes them when asked.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core.health import snapshot, suggestions  # noqa: E402
from bot.core.ties import TieParams, build_ties, communities, strong_threshold  # noqa: E402
from demo.orggen import generate_org  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=12)
    args = parser.parse_args(argv)
    org = generate_org(people=args.people, seed=1, months=args.months)
    rows = list(org.interactions())
    people = {p.id: p for p in org.people}
    print(f"{len(people):,} people, {len(rows):,} interactions over {args.months} months "
          f"(generated in memory; peak so far {peak_mb():,.0f} MB)")
    started = time.perf_counter()
    pairs = Counter(frozenset((r.actor, r.target)) for r in rows if r.target)
    baseline = time.perf_counter() - started
    stages, now = {}, org.now
    started = time.perf_counter()
    ties = build_ties(rows, now, TieParams())
    stages["ties"] = time.perf_counter() - started
    started = time.perf_counter()
    community = communities(ties, 0)
    stages["communities"] = time.perf_counter() - started
    started = time.perf_counter()
    threshold = strong_threshold(ties)
    found = snapshot(people.values(), people.keys(), ties, community, rows, now, threshold)
    ideas = suggestions(found)
    stages["snapshot"] = time.perf_counter() - started
    total = sum(stages.values())
    print(f"baseline: one pass counting {len(pairs):,} pairs  {baseline:6.2f} s")
    for name, seconds in stages.items():
        print(f"{name:<12}{seconds:>38.2f} s")
    print(f"{'total':<12}{total:>38.2f} s  ({total / baseline:.1f}x the baseline; "
          f"target under 10 s)")
    print(f"peak memory {peak_mb():,.0f} MB (target under 1,024 MB); "
          f"{found.people:,} people in the snapshot, {len(ideas)} suggestions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
