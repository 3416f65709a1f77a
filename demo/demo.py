"""`weaktie demo`: a whole round on the embedded store, printed for people, compared with random.

The command (entrypoints/cli/demo.py) reads a dataset's files and picks the database; this
module generates an organisation, plans, compares and prints."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.core.evaluation import random_groups, score_groups
from bot.core.model import Interaction, Person
from bot.core.programs import Program
from bot.core.ties import strong_threshold
from bot.errors import WeaktieError
from bot.service import rounds as service
from bot.service.language import Texts, number, texts
from bot.store import Store
from demo.history import ROUNDS_AGO, past_rounds
from demo.tables import format_table, moment, plan_text


@dataclass(frozen=True)
class DemoData:
    """What the demo plans on: people, their interactions, and optional ground-truth teams."""

    tenant: str
    title: Callable[[Texts], str]  # what the data is, in the reader's language
    people: Sequence[Person]
    observed: Iterable[tuple[str, Interaction]]
    program: Program
    departments: Mapping[str, str] | None
    now: datetime | None  # None: plan as of the dataset's last interaction


def run_demo(data: DemoData, url: str, show: int, seed: int, again: str = "",
             language: str = "en") -> int:
    """Plan a round of `data` in the (fresh) database at `url` and print it in `language`;
    `again` is the command's options that pick the same data, for the hint that shows every
    group."""
    t = texts(language)
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
    print(t.gettext("weaktie demo: {title}", title=data.title(t)))
    print(t.gettext("{people} people, {interactions} interactions (metadata only), stored in "
                    "{where}", people=number(len(people), language),
                    interactions=number(result.interactions_added, language), where=where))
    print()
    print(t.gettext("Round planned as of {when} UTC: {groups} groups, {unmatched} people "
                    "unmatched.", when=moment(now, language), groups=len(work.plan.nudges),
                    unmatched=len(work.plan.unmatched)))
    print()
    print(plan_text(work.plan, people, limit=show, language=language))
    print(_summary(data, work, people, seed, t))
    commands = {"tenant": data.tenant, "program": data.program.name, "where": where,
                "groups": earlier}
    print(t.ngettext(
        "Before it, an earlier round was simulated ({groups} groups, their answers and the chat "
        "after): `weaktie outcomes --tenant {tenant} --program {program} --db {where}` says "
        "whether they left lasting ties; `weaktie dashboard --tenant {tenant} --db {where}` "
        "charts them in a browser.",
        "Before it, {n} earlier rounds were simulated ({groups} groups, their answers and the "
        "chat after): `weaktie outcomes --tenant {tenant} --program {program} --db {where}` "
        "says whether they left lasting ties; `weaktie dashboard --tenant {tenant} --db "
        "{where}` charts them in a browser.", len(ROUNDS_AGO), **commands))
    done = t.gettext("Done in {seconds} s. The round is stored as round {round} of tenant "
                     "'{tenant}' in {where}.", seconds=number(round(time.monotonic() - started, 1),
                                                              language),
                     round=planned.round_id, tenant=data.tenant, where=where)
    if min(show, len(work.plan.nudges)) < len(work.plan.nudges):
        done += " " + t.gettext("Every group: weaktie demo --show {count}{again}.",
                                count=len(work.plan.nudges), again=again)
    print(done)
    store.close()
    return 0


def _summary(data: DemoData, work, people: Mapping[str, Person], seed: int, t: Texts) -> str:
    """Our plan against random pairing of the same eligible people, under the same office rule."""
    ours = [n.members for n in work.plan.nudges]
    theirs = _random_pairing(work.eligible, people, data.program, seed)
    strong = strong_threshold(work.ties)
    labels = {pid: str(c) for pid, c in work.communities.items()}
    rows = {}
    names = ((t.gettext("weaktie (vs communities)"), t.gettext("weaktie (vs departments)")),
             (t.gettext("random pairing (vs communities)"),
              t.gettext("random pairing (vs departments)")))
    for (by_communities, by_departments), groups in zip(names, (ours, theirs), strict=True):
        rows[by_communities] = score_groups(
            groups, work.eligible, work.ties.graph, work.ties.channels, labels, strong)
        if data.departments:
            rows[by_departments] = score_groups(
                groups, work.eligible, work.ties.graph, work.ties.channels, data.departments,
                strong)
    heading = (t.gettext("How this round compares with random pairing of the same people "
                         "(within each office):") if data.program.in_person else
               t.gettext("How this round compares with random pairing of the same people:"))
    lines = [heading, "", format_table(rows, t), "",
             t.gettext("crossing: groups whose members sit in different communities (detected "
                       "from the interaction graph) or departments;"),
             t.gettext("context: every member has a tie of their own, a go-between close to "
                       "both, or a small channel in common with another member;"),
             t.gettext("every pair: the share of pairs inside the groups (three in a group of "
                       "three) that share context;"),
             t.gettext("already strong: the group holds a tie that is among the strongest "
                       "quarter;"),
             t.gettext("coverage: share of eligible people placed in a group."), ""]
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
    offices, departments = len(org.venues), len(set(org.departments.values()))

    def title(t: Texts) -> str:
        return t.gettext("a generated organisation (seed {seed}) in {offices} offices, "
                         "{departments} departments", seed=seed, offices=offices,
                         departments=departments)
    return DemoData("demo", title, org.people, observed, program, org.departments, org.now)


def dataset(name: str, people: Sequence[Person],
            observed: Iterable[tuple[str, Interaction]]) -> DemoData:
    """A dataset read from files: its teams are the departments to compare with, and the
    round is in person when anyone has an office."""
    teams = {p.id: p.team for p in people if p.team}
    in_person = any(p.office for p in people)
    program = Program(name="coffee", in_person=in_person)
    return DemoData(name, lambda t: t.gettext("the dataset {name}", name=name), people,
                    observed, program, teams or None, None)


def _shown_path(database: str | None) -> str:
    """The database file as a person would type it: relative when it is in this folder."""
    path = Path(database or "")
    return path.name if path.parent == Path.cwd() else str(path)
