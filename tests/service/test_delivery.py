"""Delivery rules through the service's ports, with recording fakes instead of platforms: each
nudge once on a group platform, each member's copy once on a per-member one, and a copy cut
off mid-send never sent blind again (a person decides). On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.core.model import Nudge, RoundPlan, Slot
from bot.core.programs import Program
from bot.service.delivery import deliver_due
from bot.service.outbound import NudgeMessage
from tests.helpers.fake_chat import FakeGroupChat, FakeMemberChat

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
SLOT = Slot(NOW + timedelta(days=1), NOW + timedelta(days=1, minutes=30))
MEMBERS = ("29:ana", "29:bea", "29:cai")


def planned(store, tenant: str, platform: str, groups: list[tuple[str, ...]]) -> list[int]:
    for group in groups:
        for who in group:
            if platform == "teams":
                store.save_reference(tenant, who, {"conversation": {"id": f"a:{who}"}},
                                     "teams", NOW)
            else:
                store.update_person(tenant, who, "slack", enrolled=True)
    plan = RoundPlan(tuple(Nudge(g, 1.0, ("You share a channel",), (SLOT,), None)
                           for g in groups), ())
    store.save_round(tenant, Program(), NOW, plan, NOW)
    return [n.id for n in store.nudges(tenant)]


def deliver(store, platform: str, chat):
    return asyncio.run(deliver_due(store, platform, chat, NOW))


def test_a_group_platform_gets_each_nudge_once_however_often_delivery_runs(store):
    ids = planned(store, "T1", "slack", [("UANA", "UBEA"), ("UCAI", "UDAN")])
    chat = FakeGroupChat()
    assert deliver(store, "slack", chat).sent == sorted(ids)
    assert deliver(store, "slack", chat).sent == []
    assert sorted(m.nudge for m, _ in chat.posted) == sorted(ids)
    assert all(isinstance(m, NudgeMessage) and not resume for m, resume in chat.posted)


def test_a_send_cut_off_is_resumed_by_looking_first_never_posted_twice(store):
    [nudge] = planned(store, "T1", "slack", [("UANA", "UBEA")])
    chat = FakeGroupChat(uncertain={nudge})
    first = deliver(store, "slack", chat)
    assert (first.sent, first.uncertain) == ([], [nudge])
    assert deliver(store, "slack", chat).sent == [nudge]
    assert len(chat.posted) == 1  # the resume found it in the conversation


def test_a_per_member_platform_gets_one_copy_per_member(store):
    [nudge] = planned(store, "TEN", "teams", [MEMBERS])
    chat = FakeMemberChat()
    assert deliver(store, "teams", chat).sent == [nudge]
    assert deliver(store, "teams", chat).sent == []
    assert [chat.copies_to(m) for m in MEMBERS] == [1, 1, 1]
    [(_, to)] = [p for p in chat.posted if p[1].member == "29:bea"]
    assert to.reference == {"conversation": {"id": "a:29:bea"}}


def test_a_members_copy_cut_off_is_left_for_a_person_and_the_others_are_not_resent(store):
    [nudge] = planned(store, "TEN", "teams", [MEMBERS])
    chat = FakeMemberChat(drop={"29:bea"})
    assert deliver(store, "teams", chat).uncertain == [nudge]
    assert [chat.copies_to(m) for m in MEMBERS] == [1, 0, 0]
    deliver(store, "teams", chat)  # the resume: bea's copy cannot be checked in Teams
    assert [chat.copies_to(m) for m in MEMBERS] == [1, 0, 1]
    assert [(u.kind, u.person) for u in store.unknown_sends("TEN")] == [("nudge", "29:bea")]
