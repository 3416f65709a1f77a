"""`outcomes`: an employee asks what their own meetups came to. Their groups of the last
DAYS days (every program) and the interactions they are in are read from the store, judged by
the pure rule of bot/core/own_outcomes.py, and said in a sentence. Only the asker's own
figures: nobody else is named, and nothing is written.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.lasting import WEEKS
from bot.core.own_outcomes import Own, own_outcomes
from bot.service.round_outcomes import group_of
from bot.store import Store

DAYS = 91  # about a quarter
NOTHING = (f"You haven't confirmed meeting anyone in the last {DAYS} days. "
           "Say `join` to take part.")


def own_outcomes_text(store: Store, tenant: str, person: str, now: datetime) -> str:
    since = now - timedelta(days=DAYS)
    groups = [group_of(g) for g in store.own_groups(tenant, person, since)]
    if not any(g.met for g in groups):
        return NOTHING  # nobody to judge: the interactions are not even read
    # a group's comparison window opens `WEEKS` before it was suggested, at `since` or later
    mine = store.interactions(tenant, until=now, since=since - timedelta(weeks=WEEKS),
                              person=person)
    return words(own_outcomes(person, groups, mine, now))


def words(found: Own) -> str:
    if not found.meetups:
        return NOTHING
    head = (f"In the last {DAYS} days you met {_count(found.people, 'person', 'people')} "
            f"({_count(found.meetups, 'meetup', 'meetups')})")
    if found.pending == found.meetups:
        return (f"{head}. {'It is' if found.meetups == 1 else 'They are'} still within "
                f"{'its' if found.meetups == 1 else 'their'} eight weeks, so it is too early "
                "to say whether you still talk.")
    text = f"{head}; you still talk with {found.still_talk} of them."
    if found.pending:
        text += (f" {_count(found.pending, 'meetup is', 'meetups are')} still within "
                 f"{'its' if found.pending == 1 else 'their'} eight weeks.")
    return text + ("\n(Still talking: at least two chats in the eight weeks after you met, "
                   "and more than in the eight weeks before.)")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
