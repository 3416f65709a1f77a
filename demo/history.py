"""The demo's past: an earlier round of the same program, with answers and the chat that
followed, so that `weaktie outcomes --tenant demo` and the kept records have a story to tell.

Simulated, and seeded so each run tells the same one: most groups accept, most of those say they
met, and groups that met go on chatting more often than groups that did not. The answers go
through the store exactly as a person's clicks would (`record_feedback`), and the later chat as
interactions; the clock's weekly job then writes the records down (bot/service/outcome_records.py).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from bot.core.model import Interaction
from bot.service import rounds as service
from bot.service.clockwork import keep_week
from bot.store import Store

# Weeks before the demo's round: its eight weeks have passed. One round: each costs a plan and
# its answers, and the demo is meant to take a second or two.
ROUNDS_AGO = (10,)
ACCEPT, MEET = 0.8, 0.75  # shares of groups that accept a time, and of those that meet
KEEP_TALKING = {True: 0.6, False: 0.15}  # met -> share of groups that chat on afterwards


def past_rounds(store: Store, tenant: str, program: str, now: datetime, seed: int) -> int:
    """Plan, answer and follow the past rounds; the number of groups they held."""
    rng = random.Random(seed)
    groups = 0
    for weeks in ROUNDS_AGO:
        due = now - timedelta(weeks=weeks)
        planned = service.plan_round_now(store, tenant, program, due)
        chat, answers = [], []
        for nudge in store.nudges(tenant, planned.round_id):
            groups += 1
            met = _answer(answers, nudge, due, rng)
            if rng.random() < KEEP_TALKING[met]:
                a, b = nudge.members[0], nudge.members[1]
                chat += [(f"demo-after:{nudge.id}:{k}",
                          Interaction(a, b, "dm", due + timedelta(days=7 * k + 3)))
                         for k in range(1, 4)]
        store.record_answers(tenant, answers)
        store.record_interactions(tenant, chat, "import")
    keep_week(store, now)  # the clock's weekly job: every past round's record, final by now
    return groups


def _answer(answers: list, nudge, due: datetime, rng: random.Random) -> bool:
    """Every member accepts the first slot, or one declines; whether someone said they met."""
    at = due + timedelta(hours=2)
    if rng.random() >= ACCEPT or not nudge.slots:
        answers.append((nudge.id, nudge.members[-1], "declined", at, None))
        return False
    answers += [(nudge.id, person, "accepted", at, 0) for person in nudge.members]
    if rng.random() >= MEET:
        return False
    answers.append((nudge.id, nudge.members[0], "met", nudge.slots[0].end + timedelta(hours=1),
                    None))
    return True
