"""`outcomes`: an employee asks what their own meetups came to. Their groups of the last
DAYS days (every program) and the interactions they are in are read from the store, judged by
the pure rule of bot/core/own_outcomes.py, and said in a sentence. Only the asker's own
figures: nobody else is named, and nothing is written.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.lasting import WEEKS
from bot.core.own_outcomes import Own, own_outcomes
from bot.service.language import ENGLISH, Texts, texts
from bot.service.round_outcomes import group_of
from bot.store import Store

DAYS = 91  # about a quarter
EN = texts(ENGLISH)


def nothing(says: Texts) -> str:
    return says.ngettext("You haven't confirmed meeting anyone in the last {n} day. Say `join` "
                         "to take part.",
                         "You haven't confirmed meeting anyone in the last {n} days. Say `join` "
                         "to take part.", DAYS)


NOTHING = nothing(EN)


def own_outcomes_text(store: Store, tenant: str, person: str, now: datetime,
                      says: Texts = EN) -> str:
    since = now - timedelta(days=DAYS)
    groups = [group_of(g) for g in store.own_groups(tenant, person, since)]
    if not any(g.met for g in groups):
        return nothing(says)  # nobody to judge: the interactions are not even read
    # a group's comparison window opens `WEEKS` before it was suggested, at `since` or later
    mine = store.interactions(tenant, until=now, since=since - timedelta(weeks=WEEKS),
                              person=person)
    return words(own_outcomes(person, groups, mine, now), says)


def words(found: Own, says: Texts = EN) -> str:
    if not found.meetups:
        return nothing(says)
    people = says.ngettext("{n} person", "{n} people", found.people)
    head = says.ngettext("In the last {days} days you met {people} ({n} meetup)",
                         "In the last {days} days you met {people} ({n} meetups)",
                         found.meetups, days=DAYS, people=people)
    if found.pending == found.meetups:
        return says.ngettext(
            "{head}. It is still within its eight weeks, so it is too early to say whether you "
            "still talk.",
            "{head}. They are still within their eight weeks, so it is too early to say whether "
            "you still talk.", found.meetups, head=head)
    text = says.gettext("{head}; you still talk with {still} of them.", head=head,
                        still=found.still_talk)
    if found.pending:
        text = says.ngettext("{text} {n} meetup is still within its eight weeks.",
                             "{text} {n} meetups are still within their eight weeks.",
                             found.pending, text=text)
    return says.gettext("{text}\n(Still talking: at least two chats in the eight weeks after "
                        "you met, and more than in the eight weeks before.)", text=text)
