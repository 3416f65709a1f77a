"""The conversation against a real store: each answer changes only the speaker's own data."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.core.model import Interaction
from bot.service.conversation import handle_request
from bot.store import Store

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def say(store: Store, text: str, person: str = "UANA") -> str:
    return handle_request(store, "T1", person, text, NOW, "slack")


def test_join_leave_and_pause_change_the_speakers_enrolment(store):
    assert "You're in" in say(store, "join")
    assert store.person("T1", "UANA").available(NOW)
    say(store, "pause 1w")
    assert not store.person("T1", "UANA").available(NOW)
    say(store, "resume")
    assert store.person("T1", "UANA").available(NOW)
    say(store, "leave")
    assert not store.person("T1", "UANA").enrolled
    assert store.person("T1", "UBEA") is None


def test_profile_settings_are_stored(store):
    say(store, "where Lisbon")
    say(store, "tz Europe/Lisbon")
    say(store, "hours 8-16")
    person = store.person("T1", "UANA")
    assert (person.office, person.timezone, person.work_start, person.work_end) == \
        ("Lisbon", "Europe/Lisbon", 480, 960)
    assert "Office: Lisbon" in say(store, "status")


def test_export_gives_everything_stored_and_forget_erases_it(store):
    store.record_interactions("T1", [("e1", Interaction("UANA", "UBEA", "reply", NOW, "C1"))],
                              "slack")
    data = json.loads(say(store, "export"))
    assert data["person"]["id"] == "UANA"
    assert data["interactions"] == [{"actor": "UANA", "target": "UBEA", "kind": "reply",
                                     "channel": "C1", "at_ms": int(NOW.timestamp() * 1000)}]
    assert "send `forget me now`" in say(store, "forget me")
    assert store.person("T1", "UANA") is not None
    assert "erased" in say(store, "forget me now")
    assert store.person("T1", "UANA") is None
    assert list(store.interactions("T1")) == []


def test_why_without_a_suggestion_says_so(store):
    say(store, "join")
    assert "no suggestion yet" in say(store, "why")


def test_why_explains_the_latest_suggestion(store):
    from datetime import timedelta

    from bot.core.model import Nudge, RoundPlan, Slot
    from bot.core.programs import Program
    store.record_interactions("T1", [("e1", Interaction("UANA", "UBEA", "reply", NOW, "C1"))],
                              "slack")
    slot = Slot(NOW + timedelta(days=1), NOW + timedelta(days=1, minutes=30))
    plan = RoundPlan((Nudge(("UANA", "UBEA"), 2.0, ("You both know Cai Wu",), (slot,), None),), ())
    store.save_round("T1", Program(), NOW, plan, NOW)
    answer = say(store, "why")
    assert "You both know Cai Wu" in answer
