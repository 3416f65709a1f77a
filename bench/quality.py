"""Plan quality on real data, against random pairing, department-avoiding pairing and the best
any plan could do.

For each dataset in ../shared/data, over 10 program seeds (mean, and the range): share of groups
crossing departments, with shared context, both at once, with an already-strong tie, and
coverage. Departments are first **hidden** (people carry no team; they only score the plan),
then, where a dataset has them, **given** as each person's team with `cross: teams`. The oracle
bound is the best share of groups crossing with context that any plan of pairs placing everyone
could reach (bot/core/evaluation.py: oracle_crossing). On the Gitter data also a temporal
hold-out: plan from the first year, then count how many suggested pairs actually interacted in
the following six months, against random pairing; on the office contacts the same with the
first week and the next (departments given), also against department-avoiding pairing.

    .venv/bin/python bench/quality.py [--data ../shared/data] [--only NAME ...] [--seeds 10]

Targets (issue 15). Given: crossing + context >= 90% of the oracle, context >= 98%, strong <= 1%,
coverage >= 99%. Hidden: context >= 97% (Gitter 95%), strong <= 1%, coverage >= 99%, crossing +
context >= 80% of the oracle where departments are known. Every seed within 5 points of the mean.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.imports import CsvInteractions  # noqa: E402
from bot.core.evaluation import (  # noqa: E402
    avoiding_groups,
    mean_scores,
    oracle_crossing,
    random_groups,
    score_groups,
)
from bot.core.model import History, Interaction, Person  # noqa: E402
from bot.core.programs import Program  # noqa: E402
from bot.core.rounds import plan_round  # noqa: E402
from bot.core.ties import TieParams, build_ties, strong_threshold  # noqa: E402
from demo.tables import format_table  # noqa: E402

SEEDS = 10


def load_common(folder: Path) -> tuple[list[Interaction], dict[str, str] | None]:
    rows = [item for _, item in CsvInteractions(folder / "interactions.csv.gz")]
    # A round reads the past in time order and plans the day after the last row; Ubuntu's file
    # is not in time order (its last row is half a year before its latest one).
    rows.sort(key=lambda r: r.at)
    departments = None
    if (folder / "people.csv").is_file():
        with open(folder / "people.csv", newline="") as f:
            departments = {r["id"]: r["team"] for r in csv.DictReader(f) if r.get("team")}
    return rows, departments


def load_email(folder: Path) -> tuple[list[Interaction], dict[str, str]]:
    """SNAP's e-mail edges have no times: each becomes a direct message at one fixed moment."""
    at = datetime(2003, 10, 1, tzinfo=UTC)
    with open(folder / "email-Eu-core.txt") as f:
        pairs = [line.split() for line in f if line.strip()]
    rows = [Interaction(a, b, "dm", at) for a, b in pairs if a != b]
    with open(folder / "email-Eu-core-department-labels.txt") as f:
        departments = dict(line.split() for line in f if line.strip())
    return rows, departments


def evaluate(name: str, rows: list[Interaction], departments: dict[str, str] | None,
             given: bool, seeds: int) -> dict:
    """Plan one round at the end of the data per seed; score it and the baselines."""
    now = rows[-1].at + timedelta(days=1)
    everyone = sorted({p for r in rows for p in (r.actor, r.target) if p})
    # hidden: no team, no office, and crossing by communities; given: departments as teams
    people = {p: Person(p, team=(departments or {}).get(p) if given else None) for p in everyone}
    program = Program(cross="teams" if given else "communities")
    started = time.perf_counter()
    works = [plan_round(people, rows, History(), replace(program, seed=seed), now)
             for seed in range(seeds)]
    plan_s = (time.perf_counter() - started) / seeds
    work = works[0]
    strong = strong_threshold(work.ties)
    graph, channels = work.ties.graph, work.ties.channels
    labels = departments or {p: str(c) for p, c in work.communities.items()}

    def score(groups):
        return score_groups(groups, work.eligible, graph, channels, labels, strong)

    ours = [score([n.members for n in w.plan.nudges]) for w in works]
    table = {f"weaktie (mean of {seeds} seeds)": mean_scores(ours),
             f"random pairing (mean of {seeds})": mean_scores(
                 [score(random_groups(work.eligible, 2, seed)) for seed in range(seeds)])}
    if departments:
        table["avoid same dept + repeats"] = mean_scores(
            [score(avoiding_groups(work.eligible, departments, set(), seed))
             for seed in range(seeds)])
    oracle = oracle_crossing(work.eligible, graph, channels, departments, strong) \
        if departments else None
    return {"name": name, "people": len(everyone), "rows": len(rows), "plan_s": plan_s,
            "table": table, "runs": ours, "oracle": oracle, "given": given,
            "labels": "departments" if departments else "communities"}


def spread(result: dict) -> str:
    runs = result["runs"]
    lines = []
    for field, words in (("crossing_with_context", "crossing + context"),
                         ("shared_context", "shared context")):
        values = [getattr(r, field) for r in runs]
        lines.append(f"{words} {min(values):.1%}–{max(values):.1%}")
    text = "   over seeds: " + "; ".join(lines)
    if result["oracle"] is not None:
        mean = sum(r.crossing_with_context for r in runs) / len(runs)
        text += (f"\n   oracle bound (pairs placing everyone): crossing + context "
                 f"{result['oracle']:.1%}; weaktie reaches {mean / result['oracle']:.0%} of it")
    return text


def holdout(rows: list[Interaction], first_days: int, later_days: int,
            departments: dict[str, str] | None = None) -> str:
    """Plan from the first `first_days`; how many suggested pairs interacted in the next
    `later_days`, against random pairing and, where departments are known, department-avoiding
    pairing (both the mean of SEEDS seeds)?"""
    cut = rows[0].at + timedelta(days=first_days)
    first = [r for r in rows if r.at <= cut]
    later = [r for r in rows if cut < r.at <= cut + timedelta(days=later_days)]
    everyone = sorted({p for r in first for p in (r.actor, r.target) if p})
    people = {p: Person(p, team=(departments or {}).get(p)) for p in everyone}
    program = Program(cross="teams" if departments else "communities")
    work = plan_round(people, first, History(), program, cut)
    after = build_ties(later, cut + timedelta(days=later_days + 1), TieParams()).graph
    active = set(after.nodes)

    def rate(groups) -> tuple[float, float]:
        pairs = [(a, b) for g in groups for i, a in enumerate(g) for b in g[i + 1:]]
        hit = sum(after.has_edge(a, b) for a, b in pairs)
        both = [(a, b) for a, b in pairs if a in active and b in active]
        hit_both = sum(after.has_edge(a, b) for a, b in both)
        return hit / max(1, len(pairs)), hit_both / max(1, len(both))

    def mean(runs: list[tuple[float, float]]) -> tuple[float, float]:
        return sum(r[0] for r in runs) / len(runs), sum(r[1] for r in runs) / len(runs)

    ours = rate([n.members for n in work.plan.nudges])
    others = {"random": mean([rate(random_groups(work.eligible, 2, s)) for s in range(SEEDS)])}
    if departments:
        others["department-avoiding"] = mean(
            [rate(avoiding_groups(work.eligible, departments, set(), s)) for s in range(SEEDS)])
    lines = [f"   temporal hold-out (plan on {cut:%Y-%m-%d} from {len(first):,} interactions, "
             f"{len(everyone):,} people; look at the next {later_days} days):"]
    for k, words in enumerate(("suggested pairs that interacted later",
                               "among pairs where both were still active")):
        against = ", ".join(f"{name} {v[k]:.1%} ({ours[k] / max(v[k], 1e-9):.1f}x)"
                            for name, v in others.items())
        lines.append(f"     {words}: weaktie {ours[k]:.1%}; {against}")
    return "\n".join(lines)


def verdict(result: dict) -> str:
    runs, oracle = result["runs"], result["oracle"]
    ours = mean_scores(runs)
    need = 0.98 if result["given"] else 0.95 if result["name"].startswith("gitter") else 0.97
    checks = [(f"context >= {need:.0%}", ours.shared_context >= need),
              ("strong <= 1%", ours.strong <= 0.01), ("coverage >= 99%", ours.coverage >= 0.99)]
    if oracle:
        share = 0.90 if result["given"] else 0.80
        checks.append((f"crossing + context >= {share:.0%} of the oracle",
                       ours.crossing_with_context >= share * oracle))
    worst = max(abs(getattr(r, f) - getattr(ours, f)) for r in runs
                for f in ("crossing_with_context", "shared_context"))
    checks.append(("every seed within 5 points", worst <= 0.05))
    return "   targets: " + ", ".join(f"{n} {'PASS' if ok else 'FAIL'}" for n, ok in checks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--seeds", type=int, default=SEEDS)
    args = parser.parse_args()
    data = Path(args.data)
    sets = {"sociopatterns-workplace-2015": lambda: load_common(data / "sociopatterns-workplace-2015"),
            "email-eu-core": lambda: load_email(data / "email-eu-core"),
            "ubuntu-irc": lambda: load_common(data / "ubuntu-irc"),
            "gitter-freecodecamp": lambda: load_common(data / "gitter-freecodecamp")}
    for name, load in sets.items():
        if args.only and name not in args.only:
            continue
        rows, departments = load()
        for given in (False, True) if departments else (False,):
            result = evaluate(name, rows, departments, given, args.seeds)
            print(f"\n== {name}, departments {'given as teams' if given else 'hidden'}: "
                  f"{result['people']:,} people, {result['rows']:,} interactions; a round "
                  f"planned in {result['plan_s']:.1f} s; crossing measured against "
                  f"{result['labels']}")
            print(format_table(result["table"]))
            print(spread(result))
            print(verdict(result))
        if name == "gitter-freecodecamp":
            print(holdout(rows, 365, 182))
        if name == "sociopatterns-workplace-2015":  # two weeks of contacts: one, then the next
            print(holdout(rows, 7, 7, departments))


if __name__ == "__main__":
    main()
