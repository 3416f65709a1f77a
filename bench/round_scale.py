"""How a round scales: time and peak memory per stage at 1,000 / 10,000 / 100,000 people.

Each size runs in two fresh processes: one generates the organisation (about 100 interactions a
person) and imports it into a SQLite file; the other plans a round from that file, stage by stage,
so its peak memory is the round's alone. Where the exact blossom matching of networkx finishes in
reasonable time (<= 2,000 people), its total weight and time are printed beside ours.

    .venv/bin/python bench/round_scale.py                  # 1,000, 2,000, 10,000, 100,000
    .venv/bin/python bench/round_scale.py --sizes 1000 10000

Targets: 10,000 people <= 10 s and <= 1 GB; 100,000 <= 120 s and <= 4 GB; >= 98% of the exact
optimum's weight.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXACT_UP_TO = 2000
LABELS = {"ties": "ties (streams the rows again)", "matching": "matching (incl. settle pass)"}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup(size: int, db: str) -> dict:
    """Generate an organisation and import it; returns figures for the report."""
    from bot.store import Store
    from demo.orggen import generate_org
    started = time.perf_counter()
    org = generate_org(people=size, seed=1, interactions_per_person=100)
    store = Store.open(f"sqlite:///{db}")
    observed = ((f"g:{i}", item) for i, item in enumerate(org.interactions()))
    result = store.import_interactions("bench", org.people, observed)
    elapsed = time.perf_counter() - started
    return {"interactions": result.interactions_added, "import_s": elapsed,
            "now": org.now.isoformat()}


def round_stages(db: str, now_iso: str) -> dict:
    """Plan one round from the store through the real pipeline, timing each stage as it ends."""
    from datetime import datetime

    from bot.core.programs import Program
    from bot.core.rounds import plan_round
    from bot.store import Store

    now = datetime.fromisoformat(now_iso)
    program = Program()
    store = Store.open(f"sqlite:///{db}")
    stages: dict[str, tuple[float, float]] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        stages[LABELS.get(name, name)] = (time.perf_counter() - clock, peak_mb())
        clock = time.perf_counter()

    people = store.people("bench")
    history = store.history("bench", program.name)
    rows = sum(1 for _ in store.interactions("bench", until=now))
    lap("load (stream every row)")
    work = plan_round(people, store.interactions("bench", until=now), history, program, now,
                      stage=lap)
    load = stages["load (stream every row)"][0]
    total = sum(t for t, _ in stages.values()) - load
    plan = work.plan
    out = {"rows": rows, "edges": work.ties.graph.number_of_edges(),
           "candidates": len(work.candidates), "groups": len(plan.nudges),
           "unmatched": len(plan.unmatched), "stages": stages, "total_s": total,
           "peak_mb": peak_mb()}
    if len(people) <= EXACT_UP_TO:
        out["exact"] = exact_comparison(work.candidates, work.eligible)
    return out


def exact_comparison(candidates, eligible) -> dict:
    """Our pair matching against networkx's exact max_weight_matching on the same graph."""
    import networkx as nx

    from bot.core.matching import match
    graph = nx.Graph()
    for c in candidates:
        if not graph.has_edge(*c.pair) or graph.edges[c.pair]["weight"] < c.score:
            graph.add_edge(*c.pair, weight=c.score)
    started = time.perf_counter()
    exact = nx.max_weight_matching(graph)
    exact_s = time.perf_counter() - started
    exact_w = sum(graph.edges[e]["weight"] for e in exact)
    started = time.perf_counter()
    groups, _ = match(candidates, eligible, 2)
    ours_s = time.perf_counter() - started
    # A group of three is a matched pair that an odd person joined: count its best pair only.
    ours_w = sum(max(graph.edges[a, b]["weight"] for a in g.members for b in g.members
                     if a < b and graph.has_edge(a, b)) for g in groups)
    return {"exact_weight": exact_w, "exact_s": exact_s, "ours_weight": ours_w, "ours_s": ours_s}


def child(args: list[str]) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.splitlines()[-1])


def report(size: int, made: dict, got: dict) -> None:
    print(f"\n== {size:,} people: {got['rows']:,} interactions, {got['edges']:,} ties, "
          f"{got['candidates']:,} candidates, {got['groups']:,} groups, "
          f"{got['unmatched']} unmatched")
    print(f"   setup (generate + import into SQLite, not part of a round): {made['import_s']:.1f} s"
          f" ({made['interactions'] / made['import_s']:,.0f} rows/s)")
    print(f"   {'stage':<32}{'time':>9}{'peak RSS':>12}")
    for name, (seconds, mb) in got["stages"].items():
        print(f"   {name:<32}{seconds:>8.2f}s{mb:>10.0f} MB")
    target = {10_000: (10, 1024), 100_000: (120, 4096)}.get(size)
    goal = f"   (target <= {target[0]} s, <= {target[1]} MB)" if target else ""
    print(f"   {'round total (load counted once)':<32}{got['total_s']:>8.2f}s"
          f"{got['peak_mb']:>10.0f} MB{goal}")
    if "exact" in got:
        e = got["exact"]
        print(f"   matching vs exact blossom (networkx): ours {e['ours_weight']:.2f} in "
              f"{e['ours_s']:.2f} s, exact {e['exact_weight']:.2f} in {e['exact_s']:.1f} s: "
              f"{100 * e['ours_weight'] / e['exact_weight']:.2f}% of the optimum (target >= 98%)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 10_000, 100_000])
    parser.add_argument("--setup", nargs=2, metavar=("SIZE", "DB"), help=argparse.SUPPRESS)
    parser.add_argument("--round", nargs=2, metavar=("DB", "NOW"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        print(json.dumps(setup(int(args.setup[0]), args.setup[1])))
        return
    if args.round:
        print(json.dumps(round_stages(*args.round)))
        return
    print(f"weaktie round scale benchmark (python {sys.version.split()[0]}, SQLite store)")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            db = str(Path(tmp) / f"org{size}.db")
            made = child(["--setup", str(size), db])
            report(size, made, child(["--round", db, made["now"]]))


if __name__ == "__main__":
    main()
