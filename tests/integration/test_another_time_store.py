"""Another time against the real store, on SQLite and PostgreSQL: many clicks at the same
instant make one offer (the unique key of its first row), a group of three gets new times that
suit all three, and clicks from outside the group or the tenant write nothing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.model import Nudge, Person, RoundPlan, Slot
from bot.core.plan import find_slots
from bot.core.programs import Program
from bot.service.handler import Service
from bot.service.inbound import Asker, Click
from tests.helpers.another_time import offers, within, written
from tests.helpers.concurrency import at_once

NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)  # a Monday
TRIO = {"UANA": "Europe/Lisbon", "UBEA": "Europe/Berlin", "UCAI": "America/New_York"}


def a_trio(store, tenant: str = "T1", platform: str = "slack") -> int:
    for who, zone in TRIO.items():
        store.update_person(tenant, who, platform, timezone=zone)
    people = [Person(who, timezone=zone) for who, zone in TRIO.items()]
    slots = tuple(find_slots(people, NOW, 5, 30, 3))
    store.save_round(tenant, Program(name="coffee"), NOW,
                     RoundPlan((Nudge(tuple(TRIO), 1.0, (), slots),), ()), NOW)
    [nudge] = store.nudges(tenant)
    store.move_nudge(nudge.id, "planned", "sent", delivery_ref="G1/1.2")
    return nudge.id


@pytest.mark.parametrize("platform", ["slack", "teams"])
def test_many_clicks_at_the_same_instant_make_one_offer(store, platform):
    nudge = a_trio(store, platform=platform)
    service = Service(store, now=lambda: NOW)
    members = list(TRIO)

    def click(i: int) -> None:
        said = asyncio.run(service.handle(Click(Asker("T1", platform, members[i % 3]),
                                                str(nudge), "another_time")))
        assert said.reply == "New times are on their way to everyone."

    assert at_once(click) == []
    made = offers(store, "T1")
    assert sorted(row.to or "" for row in made) == ([""] if platform == "slack" else members)
    slots = store.nudge("T1", nudge).slots
    assert len(slots) == 6 and all(row.payload["first"] == 3 for row in made)
    for slot in slots[3:]:
        assert slot.start >= slots[2].end
        assert all(within(slot, zone, 9 * 60, 17 * 60) for zone in TRIO.values())


def test_the_store_appends_an_offer_once_whoever_races_for_it(store):
    nudge = a_trio(store)
    new = (Slot(NOW + timedelta(days=9), NOW + timedelta(days=9, minutes=30)),)
    won = []

    def add(_: int) -> None:
        won.append(store.add_offer("T1", nudge, 1, new, {"members": list(TRIO), "slots": []},
                                   [None], NOW))

    assert at_once(add) == []
    assert won.count(True) == 1 and len(store.nudge("T1", nudge).slots) == 4
    assert not store.add_offer("T1", nudge, 1, new, {}, [None], NOW)  # and never again


def test_clicks_from_outside_the_group_or_its_tenant_write_nothing(store):
    nudge = a_trio(store)
    store.update_person("T2", "UANA", "slack")  # the same id in another workspace
    service = Service(store, now=lambda: NOW)
    before = written(store)
    for asker, value in ((Asker("T1", "slack", "UZED"), str(nudge)),
                         (Asker("T2", "slack", "UANA"), str(nudge)),
                         (Asker("T1", "slack", "UANA"), f"{nudge + 1}"),
                         (Asker("T1", "slack", "UANA"), f"{nudge}:x"),
                         (Asker("NOPE", "slack", "UANA"), str(nudge))):
        said = asyncio.run(service.handle(Click(asker, value, "another_time")))
        assert said.reply.startswith("Sorry"), said.reply
    assert written(store) == before and store.person("T1", "UZED") is None
    assert not store.has_tenant("NOPE")


def test_a_group_with_no_working_hour_in_common_is_told_to_propose_a_time(store):
    nudge = a_trio(store)
    store.update_person("T1", "UCAI", "slack", timezone="Pacific/Auckland")  # since: no overlap
    said = asyncio.run(Service(store, now=lambda: NOW).handle(
        Click(Asker("T1", "slack", "UCAI"), str(nudge), "another_time")))
    assert said.reply.startswith("I found no time that suits everyone")
    assert offers(store, "T1") == [] and said.answers["UCAI"] == ("another_time", None)


def test_a_teams_offer_cut_off_mid_send_is_never_resent_and_is_listed_for_a_person(store):
    from bot.service.delivery import deliver_outbox
    from tests.helpers.fake_chat import FakeMemberChat

    nudge = a_trio(store, platform="teams")
    for who in TRIO:
        store.save_reference("T1", who, {"conversation": {"id": f"a:{who}"}}, "teams", NOW)
    asyncio.run(Service(store, now=lambda: NOW).handle(
        Click(Asker("T1", "teams", "UBEA"), str(nudge), "another_time")))
    chat = FakeMemberChat(drop={"UANA"})  # Ana's card: the connection drops, Teams may have it
    first = asyncio.run(deliver_outbox(store, "teams", chat, NOW))
    second = asyncio.run(deliver_outbox(store, "teams", chat, NOW))
    assert len(first.sent) == 2 and first.uncertain and second.uncertain == first.uncertain
    assert [chat.copies_to(m) for m in TRIO] == [0, 1, 1]  # never resent blindly
    [cut_off] = store.unknown_sends("T1")
    assert (cut_off.kind, cut_off.person) == ("offer of new times", "UANA")
