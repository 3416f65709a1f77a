"""`outcomes` against a real store: an employee hears their own meetups of the last 91 days,
across programs, and how many of those people they still talk with; nobody else's, and nobody
is named. Asking writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.core.model import Interaction, Nudge, RoundPlan, Slot
from bot.core.programs import Program
from bot.service.conversation import handle_request
from bot.service.own_outcomes import NOTHING
from bot.store.schema import people, tenants

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
EVERYONE = ("UANA", "UBO", "UCY", "UDI", "UEVE", "UFAY", "UGIL", "UHAL")


def say(store, text: str, person: str = "UANA", tenant: str = "T1") -> str:
    return handle_request(store, tenant, person, text, NOW, "slack")


def a_round(store, program: str, due: datetime, groups: list[tuple[str, ...]],
            met: list[tuple[str, ...]]) -> None:
    """A round of `program` due at `due`; in each group of `met` its first member said "met"."""
    slot = Slot(due + timedelta(days=2), due + timedelta(days=2, minutes=30))
    plan = RoundPlan(tuple(Nudge(g, 1.0, ("You share a channel",), (slot,)) for g in groups), ())
    round_id = store.save_round("T1", Program(name=program), due, plan, due)
    for nudge in store.nudges("T1", round_id):
        if nudge.members in met:
            store.record_feedback("T1", nudge.id, nudge.members[0], "met", slot.end)


def chats(a: str, b: str, start: datetime, n: int) -> list[tuple[str, Interaction]]:
    return [(f"{a}{b}{int(start.timestamp())}{k}", Interaction(a, b, "dm", start + timedelta(days=k + 1)))
            for k in range(n)]


def the_tenant(store) -> None:
    """UANA met UBO ten weeks ago (coffee) and they kept talking; met UEVE and UFAY three weeks
    ago (tea: still within its weeks); met UGIL twenty weeks ago (too long ago). UCY and UDI met
    and kept talking too; UHAL declined and was never asked again."""
    for who in EVERYONE:
        store.update_person("T1", who, "slack", enrolled=True)
    ten, three, twenty = (NOW - timedelta(weeks=w) for w in (10, 3, 20))
    a_round(store, "coffee", ten, [("UANA", "UBO"), ("UCY", "UDI"), ("UGIL", "UHAL")],
            met=[("UANA", "UBO"), ("UCY", "UDI")])
    a_round(store, "tea", three, [("UANA", "UEVE", "UFAY")], met=[("UANA", "UEVE", "UFAY")])
    a_round(store, "coffee", twenty, [("UANA", "UGIL")], met=[("UANA", "UGIL")])
    store.record_interactions("T1", chats("UANA", "UBO", ten, 3) + chats("UDI", "UCY", ten, 2)
                              + chats("UANA", "UEVE", three, 3) + chats("UANA", "UGIL", twenty, 4)
                              + chats("UCY", "UANA", ten - timedelta(weeks=1), 1), "slack")


def counted(store, table) -> int:
    with store.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(table))


def test_the_asker_hears_their_own_meetups_across_programs_and_nobody_is_named(store):
    the_tenant(store)
    said = say(store, "outcomes")
    assert said.startswith("In the last 91 days you met 3 people (2 meetups); you still talk "
                           "with 1 of them. 1 meetup is still within its eight weeks.")
    assert not any(who in said for who in EVERYONE)
    assert say(store, "my outcomes") == said


def test_each_person_hears_only_their_own_figures(store):
    the_tenant(store)
    assert say(store, "outcomes", "UCY").startswith(
        "In the last 91 days you met 1 person (1 meetup); you still talk with 1 of them.\n")
    assert say(store, "outcomes", "UFAY") == (
        "In the last 91 days you met 2 people (1 meetup). It is still within its eight weeks, "
        "so it is too early to say whether you still talk.")
    assert say(store, "outcomes", "UHAL") == NOTHING  # declined: no meetup
    assert say(store, "outcomes", "UGIL") == NOTHING  # met, but twenty weeks ago


def test_the_store_reads_only_the_persons_own_groups_and_interactions(store):
    the_tenant(store)
    since = NOW - timedelta(days=91)
    groups = store.own_groups("T1", "UANA", since)
    assert sorted(g.members for g in groups) == [("UANA", "UBO"), ("UANA", "UEVE", "UFAY")]
    assert {p: set(k) for g in groups for p, k in g.said.items()} == {"UANA": {"met"}}
    mine = list(store.interactions("T1", until=NOW, since=since, person="UANA"))
    assert mine and all("UANA" in (i.actor, i.target) for i in mine)
    assert all(i.at >= since for i in mine)
    assert {i.target for i in mine if i.actor == "UANA" and i.kind == "dm"} == {"UBO", "UEVE"}
    assert list(store.interactions("T1", person="UNOBODY")) == []
    assert store.own_groups("T1", "UNOBODY", since) == []
    assert store.own_groups("T9", "UANA", since) == []


def test_someone_unknown_hears_nothing_and_nothing_is_written(store):
    the_tenant(store)
    before = (counted(store, people), counted(store, tenants))
    assert say(store, "outcomes", "UNOBODY") == NOTHING
    assert say(store, "outcomes", "UANA", tenant="T9") == NOTHING
    assert (counted(store, people), counted(store, tenants)) == before
    assert store.person("T1", "UNOBODY") is None and not store.has_tenant("T9")
