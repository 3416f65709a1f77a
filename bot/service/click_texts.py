"""What a click on a meetup message answers, in the clicker's language, and the confirmation
everyone reads once all accepted the same time, in the group's (bot/service/readers.py)."""

from __future__ import annotations

from bot.service.language import Texts, day_and_time, texts
from bot.service.readers import group_language, group_of, group_zone


def answered_text(kind: str, says: Texts) -> str:
    """The reply to the one who clicked, by the answer their button records."""
    if kind == "accepted":
        return says.gettext("Great, you accepted. I'll confirm once everyone has.")
    if kind == "another_time":
        return says.gettext("New times are on their way to everyone.")
    if kind == "declined":
        return says.gettext("No problem: you're back in the pool for the next round.")
    if kind == "met":
        return says.gettext("Wonderful! I'll remember that you two (or three) know each other "
                            "now.")
    if kind == "not_yet":
        return says.gettext("Noted: not yet. I hope you find a moment.")
    if kind == "not_met":
        return says.gettext("Thanks for telling me: I'll keep that in mind for the next round.")
    return unclear_text(says)


def unclear_text(says: Texts) -> str:
    return says.gettext("Sorry, I did not understand that answer.")


def sorry_text(problem: object, says: Texts) -> str:
    return says.gettext("Sorry: {problem}.", problem=problem)


def not_member_text(person: str, nudge: int, says: Texts) -> str:
    return says.gettext("Sorry: {person} is not a member of nudge {nudge}.", person=person,
                        nudge=nudge)


def no_time_text(days: int, says: Texts) -> str:
    return says.ngettext(
        "I found no time that suits everyone in the next {n} day. Propose one to the others "
        "in your chat.",
        "I found no time that suits everyone in the next {n} days. Propose one to the others "
        "in your chat.", days)


def no_more_text(offers: int, says: Texts) -> str:
    return says.ngettext(
        "I've offered new times {n} time already, so no more from me: say a time that suits "
        "you to the others in your chat.",
        "I've offered new times {n} times already, so no more from me: say a time that suits "
        "you to the others in your chat.", offers)


def group_reading(store, tenant: str, members) -> tuple[Texts, str]:
    """The lookups of a group's language and the time zone a text for all of them names."""
    group = group_of(store, tenant, members)
    return texts(group_language(group)), group_zone(group)


def nudge_language(store, tenant: str, nudge: int) -> str | None:
    """The language a nudge's group reads (None for a nudge not found)."""
    found = store.nudge(tenant, nudge)
    return group_language(group_of(store, tenant, found.members)) if found else None


def confirmation_text(found, slot: int, link: str | None, says: Texts, zone: str) -> str:
    """"Confirmed for everyone: option 2, Fri 18 Dec, 10:30 (Paris), at Kitchen." and the
    calendar link, when the install has one."""
    when = day_and_time(found.slots[slot].start, says.language, zone)
    if found.place:
        text = says.gettext("Confirmed for everyone: option {number}, {when}, at {place}.",
                            number=slot + 1, when=when, place=found.place)
    else:
        text = says.gettext("Confirmed for everyone: option {number}, {when}.", number=slot + 1,
                            when=when)
    if link:
        return says.gettext("{confirmed} Add it to your calendar: {link}", confirmed=text,
                            link=link)
    return text
