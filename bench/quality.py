"""Plan quality on real data, against random pairing and department-avoiding pairing.

Departments are hidden from the matcher (people carry no team) and used only afterwards to score.
For each dataset in ../shared/data: share of groups crossing departments, with shared context, both
at once, with an already-strong tie, and coverage; random pairing is the mean of 20 seeds. On the
Gitter data also a temporal hold-out: plan from the first year, then count how many suggested
pairs actually interacted in the following six months, against random pairing.

    .venv/bin/python bench/quality.py [--data ../shared/data] [--only NAME ...]

Targets, on every dataset at once: context >= 95%, strong <= 1%, coverage >= 98%, and (where
departments are known) crossing with context >= 75% and >= 3x random pairing's share.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.imports import CsvInteractions  # noqa: E402
from bot.core.evaluation import (  # noqa: E402
    avoiding_groups,
    mean_scores,
    random_groups,
    score_groups,
)
from bot.core.model import History, Interaction, Person  # noqa: E402
from bot.core.programs import Program  # noqa: E402
from bot.core.rounds import plan_round  # noqa: E402
from bot.core.ties import TieParams, build_ties, strong_threshold  # noqa: E402
from demo.tables import format_table  # noqa: E402

SEEDS = 20


def load_common(folder: Path) -> tuple[list[Interaction], dict[str, str] | None]:
    rows = [item for _, item in CsvInteractions(folder / "interactions.csv.gz")]
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


def evaluate(name: str, rows: list[Interaction], departments: dict[str, str] | None) -> dict:
    """Plan one round at the end of the data; score it and the baselines on the same people."""
    started = time.perf_counter()
    now = rows[-1].at + timedelta(days=1)
    everyone = sorted({p for r in rows for p in (r.actor, r.target) if p})
    people = {p: Person(p) for p in everyone}  # no team, no office: departments stay hidden
    work = plan_round(people, rows, History(), Program(), now)
    plan_s = time.perf_counter() - started
    strong = strong_threshold(work.ties)
    graph, channels = work.ties.graph, work.ties.channels
    labels = departments or {p: str(c) for p, c in work.communities.items()}

    def score(groups):
        return score_groups(groups, work.eligible, graph, channels, labels, strong)

    table = {"weaktie": score([n.members for n in work.plan.nudges]),
             f"random pairing (mean of {SEEDS})": mean_scores(
                 [score(random_groups(work.eligible, 2, seed)) for seed in range(SEEDS)])}
    if departments:
        table["avoid same dept + repeats"] = mean_scores(
            [score(avoiding_groups(work.eligible, departments, set(), seed))
             for seed in range(SEEDS)])
    return {"name": name, "people": len(everyone), "rows": len(rows), "plan_s": plan_s,
            "table": table, "labels": "departments" if departments else "communities"}


def holdout(rows: list[Interaction]) -> str:
    """Plan from the first year; how many suggested pairs interacted in the next six months?"""
    cut = rows[0].at + timedelta(days=365)
    first = [r for r in rows if r.at <= cut]
    later = [r for r in rows if cut < r.at <= cut + timedelta(days=182)]
    everyone = sorted({p for r in first for p in (r.actor, r.target) if p})
    work = plan_round({p: Person(p) for p in everyone}, first, History(), Program(), cut)
    after = build_ties(later, cut + timedelta(days=183), TieParams()).graph
    active = set(after.nodes)

    def rate(groups) -> tuple[float, float]:
        pairs = [(a, b) for g in groups for i, a in enumerate(g) for b in g[i + 1:]]
        hit = sum(after.has_edge(a, b) for a, b in pairs)
        both = [(a, b) for a, b in pairs if a in active and b in active]
        hit_both = sum(after.has_edge(a, b) for a, b in both)
        return hit / max(1, len(pairs)), hit_both / max(1, len(both))

    ours = rate([n.members for n in work.plan.nudges])
    rand = [rate(random_groups(work.eligible, 2, seed)) for seed in range(SEEDS)]
    rand_all = sum(r[0] for r in rand) / SEEDS
    rand_both = sum(r[1] for r in rand) / SEEDS
    return (f"   temporal hold-out (plan on {cut:%Y-%m-%d} from {len(first):,} interactions, "
            f"{len(everyone):,} people; look at the next 6 months):\n"
            f"     suggested pairs that interacted later: weaktie {ours[0]:.1%}, random "
            f"{rand_all:.1%} ({ours[0] / max(rand_all, 1e-9):.1f}x)\n"
            f"     among pairs where both were still active: weaktie {ours[1]:.1%}, random "
            f"{rand_both:.1%} ({ours[1] / max(rand_both, 1e-9):.1f}x)")


def verdict(result: dict) -> str:
    ours = result["table"]["weaktie"]
    rand = next(v for k, v in result["table"].items() if k.startswith("random"))
    checks = [("context >= 95%", ours.shared_context >= 0.95), ("strong <= 1%", ours.strong <= 0.01),
              ("coverage >= 98%", ours.coverage >= 0.98)]
    if result["labels"] == "departments":
        checks.append(("crossing with context >= 75%", ours.crossing_with_context >= 0.75))
        checks.append(("... >= 3x random", ours.crossing_with_context
                       >= 3 * rand.crossing_with_context))
    return "   targets: " + ", ".join(f"{n} {'PASS' if ok else 'FAIL'}" for n, ok in checks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--only", nargs="*")
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
        result = evaluate(name, rows, departments)
        print(f"\n== {name}: {result['people']:,} people, {result['rows']:,} interactions; "
              f"round planned in {result['plan_s']:.1f} s; crossing measured against "
              f"{result['labels']}")
        print(format_table(result["table"]))
        print(verdict(result))
        if name == "gitter-freecodecamp":
            print(holdout(rows))


if __name__ == "__main__":
    main()
