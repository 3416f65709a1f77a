"""A program's round ten weeks ago, half of whose groups met and kept talking: shared by the
outcome tests in chat and on the command line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.model import Interaction, Nudge, RoundPlan, Slot
from bot.core.programs import Program

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
ROUND = NOW - timedelta(weeks=10)
SLOT = Slot(ROUND + timedelta(days=2), ROUND + timedelta(days=2, minutes=30))


def a_round(store, tenant: str, pairs: int, chat_after: int) -> list[tuple[str, str]]:
    """`pairs` pairs suggested ten weeks ago: the first half met and chatted `chat_after` times
    in the weeks after; the second half declined and stayed quiet."""
    groups = [(f"UA{i:02d}", f"UB{i:02d}") for i in range(pairs)]
    for who in (m for group in groups for m in group):
        store.update_person(tenant, who, "slack", enrolled=True)
    plan = RoundPlan(tuple(Nudge(g, 1.0, ("You share a channel",), (SLOT,)) for g in groups), ())
    store.save_round(tenant, Program(name="coffee"), ROUND, plan, ROUND)
    rows = []
    for n, (nudge, group) in enumerate(zip(store.nudges(tenant), groups, strict=True)):
        if n < pairs // 2:
            for who in group:
                store.record_feedback(tenant, nudge.id, who, "accepted", ROUND + timedelta(hours=1), 0)
            store.record_feedback(tenant, nudge.id, group[0], "met", SLOT.end + timedelta(hours=2))
            rows += [(f"{group}{k}", Interaction(group[0], group[1], "reply",
                                                 SLOT.start + timedelta(days=7 * (k + 1)), "C1"))
                     for k in range(chat_after)]
        else:
            store.record_feedback(tenant, nudge.id, group[1], "declined", ROUND + timedelta(hours=1))
    store.record_interactions(tenant, rows, "slack")
    return groups
