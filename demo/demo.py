"""`weaktie demo`: a whole round on the embedded store, printed for people, compared with random.

The command (entrypoints/cli/demo.py) reads a dataset's files and picks the database; this
module generates an organisation, plans, compares and prints."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.core.evaluation import random_groups, score_groups
from bot.core.model import Interaction, Person
from bot.core.programs import Program
from bot.core.ties import strong_threshold
from bot.errors import WeaktieError
from bot.service import rounds as service
from bot.store import Store
from demo.history import ROUNDS_AGO, past_rounds
from demo.tables import format_table, plan_text


@dataclass(frozen=True)
class DemoData:
    """What the demo plans on: people, their interactions, and optional ground-truth teams."""

    tenant: str
    title: str
    people: Sequence[Person]
    observed: Iterable[tuple[str, Interaction]]
    program: Program
    departments: Mapping[str, str] | None
    now: datetime | None  # None: plan as of the dataset's last interaction


def run_demo(data: DemoData, url: str, show: int, seed: int, again: str = "") -> int:
    """Plan a round of `data` in the (fresh) database at `url` and print it; `again` is the
    command's options that pick the same data, for the hint that shows every group."""
    started = time.monotonic()
    store = Store.open(url)
    result = store.import_interactions(data.tenant, data.people, data.observed)
    now = data.now or (store.latest_interaction(data.tenant) + timedelta(days=1))
    store.save_program(data.tenant, data.program, now)
    earlier = past_rounds(store, data.tenant, data.program.name, now, seed)
    planned = service.plan_round_now(store, data.tenant, data.program.name, now)
    people = store.people(data.tenant)
    work = planned.work
    where = _shown_path(store.engine.url.database)
    print(f"weaktie demo: {data.title}\n{len(people):,} people, {result.interactions_added:,} "
          f"interactions (metadata only), stored in {where}\n")
    print(f"Round planned as of {now:%a %d %b %Y %H:%M} UTC: {len(work.plan.nudges)} groups, "
          f"{len(work.plan.unmatched)} people unmatched.\n")
    print(plan_text(work.plan, people, limit=show))
    print(_summary(data, work, people, seed))
    shown = min(show, len(work.plan.nudges))
    more = (f" Every group: weaktie demo --show {len(work.plan.nudges)}{again}."
            if shown < len(work.plan.nudges) else "")
    print(f"Before it, {_rounds(len(ROUNDS_AGO))} simulated ({earlier} groups, their "
          f"answers and the chat after): `weaktie outcomes --tenant {data.tenant} "
          f"--program {data.program.name} --db {where}` says whether they left lasting ties; "
          f"`weaktie dashboard --tenant {data.tenant} --db {where}` charts them in a browser.")
    print(f"Done in {time.monotonic() - started:.1f} s. The round is stored as round "
          f"{planned.round_id} of tenant {data.tenant!r} in {where}.{more}")
    store.close()
    return 0


def _rounds(n: int) -> str:
    return "an earlier round was" if n == 1 else f"{n} earlier rounds were"


def _summary(data: DemoData, work, people: Mapping[str, Person], seed: int) -> str:
    """Our plan against random pairing of the same eligible people, under the same office rule."""
    ours = [n.members for n in work.plan.nudges]
    theirs = _random_pairing(work.eligible, people, data.program, seed)
    strong = strong_threshold(work.ties)
    labels = {pid: str(c) for pid, c in work.communities.items()}
    rows = {}
    for name, groups in (("weaktie", ours), ("random pairing", theirs)):
        rows[f"{name} (vs communities)"] = score_groups(
            groups, work.eligible, work.ties.graph, work.ties.channels, labels, strong)
        if data.departments:
            rows[f"{name} (vs departments)"] = score_groups(
                groups, work.eligible, work.ties.graph, work.ties.channels, data.departments,
                strong)
    lines = ["How this round compares with random pairing of the same people"
             + (" (within each office)" if data.program.in_person else "") + ":", "",
             format_table(rows), "",
             "crossing: groups whose members sit in different communities (detected from the "
             "interaction graph) or departments;",
             "context: every member has a tie of their own, a go-between close to both, or a "
             "small channel in common with another member;",
             "every pair: the share of pairs inside the groups (three in a group of three) "
             "that share context;",
             "already strong: the group holds a tie that is among the strongest quarter;",
             "coverage: share of eligible people placed in a group.", ""]
    return "\n".join(lines)


def _random_pairing(eligible: Sequence[str], people: Mapping[str, Person], program: Program,
                    seed: int) -> list[tuple[str, ...]]:
    if not program.in_person:
        return random_groups(eligible, program.group_size, seed)
    by_office: dict[str | None, list[str]] = {}
    for pid in eligible:
        by_office.setdefault(people[pid].office, []).append(pid)
    return [g for members in by_office.values() if len(members) > 1
            for g in random_groups(members, program.group_size, seed)]


def generated(size: int, seed: int) -> DemoData:
    """An organisation of `size` people from the generator, planned as in-person coffees."""
    from demo.orggen import generate_org
    if not 20 <= size <= 20_000:
        raise WeaktieError("--people: choose between 20 and 20,000 for the demo")
    org = generate_org(people=size, seed=seed)
    program = Program(name="coffee", in_person=True, venues=org.venues, seed=seed)
    observed = ((f"demo:{i}", item) for i, item in enumerate(org.interactions()))
    title = (f"a generated organisation (seed {seed}) in {len(org.venues)} offices, "
             f"{len(set(org.departments.values()))} departments")
    return DemoData("demo", title, org.people, observed, program, org.departments, org.now)


def dataset(name: str, people: Sequence[Person],
            observed: Iterable[tuple[str, Interaction]]) -> DemoData:
    """A dataset read from files: its teams are the departments to compare with, and the
    round is in person when anyone has an office."""
    teams = {p.id: p.team for p in people if p.team}
    in_person = any(p.office for p in people)
    program = Program(name="coffee", in_person=in_person)
    return DemoData(name, f"the dataset {name}", people, observed, program, teams or None, None)


def _shown_path(database: str | None) -> str:
    """The database file as a person would type it: relative when it is in this folder."""
    path = Path(database or "")
    return path.name if path.parent == Path.cwd() else str(path)
