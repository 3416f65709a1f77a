"""The lifecycle's rows on SQLite and PostgreSQL: an outbox item is planned and sent once, a
quiet person is paused once, a freed person is re-matched once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.model import Interaction, Nudge, RoundPlan, Slot
from bot.core.programs import Program
from bot.store.outbox import Item

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
SLOT = Slot(NOW + timedelta(days=4), NOW + timedelta(days=4, minutes=30))


def a_round(store, unmatched=("UCAI", "UDAN")) -> int:
    store.record_interactions("T1", [(f"e{i}", Interaction(a, b, "reply", NOW, "C1"))
                                     for i, (a, b) in enumerate([("UANA", "UBEA"),
                                                                 ("UCAI", "UDAN")])], "slack")
    plan = RoundPlan((Nudge(("UANA", "UBEA"), 1.0, ("You both know Eve",), (SLOT,)),),
                     tuple(unmatched))
    return store.save_round("T1", Program(), NOW, plan, NOW)


def test_an_outbox_item_is_planned_once_and_each_step_is_taken_once(store):
    a_round(store)
    item = Item("reminder", "reminder:1:UANA", "UANA", None, {"start": SLOT.start.isoformat()})
    assert store.plan_outbox("T1", [item], NOW) == 1
    assert store.plan_outbox("T1", [item], NOW) == 0
    [row] = store.outbox_due("slack")
    assert (row.key, row.to, row.state, row.tenant) == (
        "reminder:1:UANA", "UANA", "planned", "T1")
    assert store.move_outbox(row.id, "planned", "sending")
    assert not store.move_outbox(row.id, "planned", "sending")  # a second sender loses
    assert store.move_outbox(row.id, "sending", "sent", delivery_ref="G1/1.2", sent_at=NOW)
    assert store.outbox_due("slack") == []
    assert store.outbox("T1")[0].delivery_ref == "G1/1.2"


def test_a_quiet_person_is_paused_once_with_one_notice_and_resuming_is_not_undone(store):
    round_id = a_round(store)
    assert store.pause_idle("T1", "UANA", round_id, NOW)
    assert store.person("T1", "UANA").idle_paused
    store.update_person("T1", "UANA", "slack", idle_paused_at=None)  # they said `resume`
    assert not store.pause_idle("T1", "UANA", round_id, NOW)  # the same rounds again
    assert not store.person("T1", "UANA").idle_paused
    assert [r.key for r in store.outbox("T1")] == [f"idle:UANA:{round_id}"]
    assert store.last_pauses("slack") == {("T1", "UANA"): NOW}


def test_a_decline_frees_the_partner_and_a_freed_person_is_rematched_once(store):
    round_id = a_round(store)
    [nudge] = store.nudges("T1")
    store.record_feedback("T1", nudge.id, "UBEA", "declined", NOW)
    [free] = store.free_rounds(NOW - timedelta(days=1))
    assert (free.round, free.freed, free.unmatched) == (round_id, ("UANA",),
                                                       ("UCAI", "UDAN"))
    assert free.horizon == SLOT.end and free.declined == {"UBEA"}
    again = Nudge(("UANA", "UCAI"), 0.0, ("You are both free",), (SLOT,))
    first = store.save_rematch("T1", round_id, again, NOW)
    assert first is not None
    assert store.save_rematch("T1", round_id, Nudge(("UANA", "UDAN"), 0.0, (), (SLOT,)),
                              NOW) is None
    assert [n.members for n in store.nudges("T1")] == [("UANA", "UBEA"), ("UANA", "UCAI")]
    assert store.free_rounds(NOW - timedelta(days=1)) == []  # UANA was re-matched already


def test_a_decline_in_a_group_of_three_frees_nobody(store):
    a_round(store)
    plan = RoundPlan((Nudge(("UANA", "UBEA", "UCAI"), 1.0, (), (SLOT,)),), ())
    store.save_round("T1", Program(name="trio"), NOW, plan, NOW)
    trio = store.nudges("T1")[-1]
    store.record_feedback("T1", trio.id, "UCAI", "declined", NOW)
    assert store.free_rounds(NOW - timedelta(days=1)) == []


def test_turns_say_who_answered_which_delivered_nudge(store):
    round_id = a_round(store)
    [nudge] = store.nudges("T1")
    assert store.turns("slack", NOW - timedelta(days=1)) == []  # not delivered yet
    store.move_nudge(nudge.id, "planned", "sent")
    store.record_feedback("T1", nudge.id, "UBEA", "accepted", NOW, 0)
    found = sorted((t.person, t.round, t.answered, t.ends)
                   for t in store.turns("slack", NOW - timedelta(days=1)))
    assert found == [("UANA", round_id, False, (SLOT.end,)), ("UBEA", round_id, True, (SLOT.end,))]
