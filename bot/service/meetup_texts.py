"""The words of the meetup messages (nudges, "Did you meet?", reminders, new times, notices)
in their reader's language: the tones, the buttons, the lines about calendars, the note for a
group's other readers. Adapters lay them out (Block Kit, Adaptive Cards); the whole message as
plain text, for notifications and screen readers, is bot/service/meetup_plain.py.

Names go in as the platform writes them (`name(member)`: "<@U1>" on Slack, "Ana" on Teams).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from bot.service.language import Texts, named, texts, zone_name
from bot.service.outbound import ACCEPT, DECLINE, LATER, MET, NOT_MET, NOT_YET
from bot.service.readers import group_language, reader_of

Name = Callable[[str], str]


def headline(tone: str, says: Texts) -> str:
    """A program's tone (warm, brief, playful): the nudge's first words."""
    if tone == "brief":
        return says.pgettext("tone brief", "Coffee suggestion")
    if tone == "playful":
        return says.pgettext("tone playful", "🎲 Plot twist: a coffee")
    return says.pgettext("tone warm", "☕ Time for a coffee")


def closing(tone: str, says: Texts) -> str:
    """A tone's last line ("" for brief)."""
    if tone == "brief":
        return ""
    if tone == "playful":
        return says.pgettext("tone playful", "Worst case, you'll have had a good coffee.")
    return says.pgettext("tone warm", "Say hi here and pick the time that suits you all.")


def listed(names: Iterable[str], says: Texts) -> str:
    """"Ana", "Ana and Bea", "Ana, Bea and Cai", with the language's "and"."""
    names = list(names)
    if len(names) <= 1:
        return names[0] if names else says.gettext("someone")
    return says.gettext("{first} and {last}", first=", ".join(names[:-1]), last=names[-1])


def others(message, reader: str, name: Name, says: Texts) -> str:
    """The other members, for the one reading alone (a Teams card): "Bea and Cai"."""
    return listed([name(m) for m in message.members if m != reader], says)


def span(slot, language: str, zone: str) -> str:
    """"Fri 18 Dec, 10:30–11:00 (Paris)": a slot in `zone`, with the zone named."""
    start = _at(slot.start, "EEE d MMM, HH:mm", language, zone)
    return f"{start}–{_at(slot.end, 'HH:mm', language, zone)} ({zone_name(zone, language)})"


def _at(moment: datetime, pattern: str, language: str, zone: str) -> str:
    return format_datetime(moment, pattern, tzinfo=ZoneInfo(zone), locale=language)


def calendar_line(message, name: Name, says: Texts, reader: str | None = None) -> str:
    """Whose calendars the times were checked against; "" when from working hours alone.
    `reader`: the one member reading (a Teams card), whose own calendar is "your calendar"."""
    if not message.calendars:
        return ""
    if set(message.calendars) >= set(message.members):
        return says.gettext("These times are free in everyone's calendar.")
    if reader is not None and set(message.calendars) == {reader}:
        return says.gettext("These times are free in your calendar, and within everyone's "
                            "working hours.")
    return says.ngettext(
        "These times are free in the calendar of {names}, and within everyone's working hours.",
        "These times are free in the calendars of {names}, and within everyone's working hours.",
        len(message.calendars), names=listed(map(name, message.calendars), says))


def clash_line(message, name: Name, says: Texts) -> str:
    """The reminder's heads-up when someone's calendar filled up since ("" when none did)."""
    if not message.busy:
        return ""
    return says.ngettext(
        "Heads-up: the calendar of {names} now shows something else at this time. Say so here "
        "if you need another.",
        "Heads-up: the calendars of {names} now show something else at this time. Say so here "
        "if you need another.", len(message.busy), names=listed(map(name, message.busy), says))


def button_label(button, says: Texts) -> str:
    """A button's words: "Accept 2", "Another time"... (the click carries only ids)."""
    if button.answer == ACCEPT:
        if button.label == "Accept":  # the only time proposed
            return says.pgettext("button", "Accept")
        return says.pgettext("button", "Accept {number}", number=(button.slot or 0) + 1)
    words = {LATER: says.pgettext("button", "Another time"),
             DECLINE: says.pgettext("button", "Can't make it"),
             MET: says.pgettext("button", "Yes, we met"),
             NOT_YET: says.pgettext("button", "Not yet"),
             NOT_MET: says.pgettext("button", "No")}
    return words.get(button.answer, button.label)


def answered(who: str, kind: str, slot: int | None, says: Texts) -> str:
    """One member's latest answer, as the message shows it under the buttons."""
    if kind == ACCEPT:
        if slot is None:
            return says.gettext("{who} accepted", who=who)
        return says.gettext("{who} accepted option {number}", who=who, number=slot + 1)
    words = {LATER: says.gettext("{who} asked for another time", who=who),
             DECLINE: says.gettext("{who} can't make it", who=who),
             MET: says.gettext("{who} met", who=who),
             NOT_YET: says.gettext("{who} hasn't met yet", who=who),
             NOT_MET: says.gettext("{who} didn't meet", who=who)}
    return words.get(kind, f"{who} {kind}")


def notice_text(kind: str, says: Texts) -> str:
    """A note from the clock to one person, in their language."""
    if kind == "calendar":
        return says.gettext(
            "Your calendar stopped answering for me (the access was withdrawn or has expired), "
            "so I propose times within your `hours` again. Say `calendar connect` to link it "
            "again.")
    return says.gettext(
        "I've paused your coffee rounds: the last three suggestions went unanswered. Say "
        "`resume` whenever you'd like to meet someone again.")


def group_notes(message, name: Name) -> list[str]:
    """A message to the whole group is in the language most of them read; one line for each
    other language's readers, in theirs: which language this is, and how to read it in
    their own (`why` to the bot, alone)."""
    language = group_language(message)
    minority: dict[str, list[str]] = {}
    for member in message.members:
        own = reader_of(message, member).language
        if own != language:
            minority.setdefault(own, []).append(member)
    notes = []
    for own, members in sorted(minority.items()):
        says = texts(own)
        notes.append(says.gettext(
            "{names}: this message is in {language}, which most of the group reads. Write "
            "`why` to me in a direct message to read the reasons in {own}.",
            names=listed(map(name, members), says), language=named(language, own),
            own=named(own)))
    return notes


def group_texts(message) -> Texts:
    """The lookups of the language a message to the whole group is written in."""
    return texts(group_language(message))
