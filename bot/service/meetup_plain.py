"""Each meetup message whole, as plain text: who, why, when (with its time zone), where and
what to do, in one reader's language. Notifications and screen readers read this (Slack's
top-level `text`, Teams' `fallbackText` and `speak`), so nothing in it depends on layout or
on an emoji; docs/rendering.md says where each platform shows it.

`who` is already written (all members on Slack, the others on Teams); `zone` is the time
zone the times are given in: the reader's own, or the one zone a whole group shares, else UTC.
"""

from __future__ import annotations

from bot.service.language import Texts
from bot.service.meetup_texts import Name, calendar_line, clash_line, closing, headline, span
from bot.service.reason_texts import reason_lines


def nudge_plain(message, who: str, zone: str, name: Name, says: Texts, free=str,
                reader: str | None = None) -> str:
    """`free` makes a free text (a place, a reason with its names) safe for the platform;
    `reader`: the one member reading it (a Teams card)."""
    lines = [says.gettext("{headline}: {who}.", headline=_words(headline(message.tone, says)),
                          who=who)]
    reasons = [free(r) for r in reason_lines(message.reasons, says)]
    if reasons:
        # how the language separates the items of a list of clauses ("; ", " ; ")
        lines.append(says.gettext("Why: {reasons}.", reasons=says.pgettext(
            "list separator", "; ").join(reasons)))
    if message.slots:
        lines.append(_times(message.slots, 1, zone, says))
    if message.place:
        lines.append(says.gettext("Where: {place}.", place=free(message.place)))
    lines.append(calendar_line(message, name, says, reader))
    if message.slots:
        lines.append(says.gettext("To answer, accept a time with its button, or choose Another "
                                  "time or Can't make it."))
    lines.append(closing(message.tone, says))
    return " ".join(line for line in lines if line)


def follow_up_plain(who: str, says: Texts, alone: bool = False) -> str:
    """"Did you meet?" to a whole group (`who`: all of them), or to one member `alone`
    (`who`: the others)."""
    if alone:
        return says.gettext("Did you meet {who}? Your answer (Yes, Not yet or No, with the "
                            "buttons) helps me suggest better.", who=who)
    return says.gettext("Did you meet? {who}, your answer (Yes, Not yet or No, with the "
                        "buttons) helps me suggest better.", who=who)


def reminder_plain(message, who: str, zone: str, name: Name, says: Texts, free=str) -> str:
    lines = [says.gettext("Reminder: coffee with {who}, {when}.", who=who,
                          when=span(message.slot, says.language, zone))]
    if message.place:
        lines.append(says.gettext("Where: {place}.", place=free(message.place)))
    lines.append(clash_line(message, name, says))
    return " ".join(line for line in lines if line)


def offer_plain(message, who: str, zone: str, name: Name, says: Texts,
                reader: str | None = None) -> str:
    lines = [says.gettext("New times for your coffee with {who}.", who=who),
             _times(message.slots, message.first + 1, zone, says),
             calendar_line(message, name, says, reader),
             says.gettext("To answer, accept a time with its button, or say you can't make "
                          "it.")]
    return " ".join(line for line in lines if line)


def _times(slots, first: int, zone: str, says: Texts) -> str:
    options = says.pgettext("list separator", "; ").join(says.gettext("option {number}: {when}", number=i,
                                     when=span(slot, says.language, zone))
                        for i, slot in enumerate(slots, first))
    return says.ngettext("Proposed time: {options}.", "Proposed times: {options}.", len(slots),
                         options=options)


def _words(text: str) -> str:
    """A headline without its leading emoji: plain text says it in words alone."""
    return text.lstrip("☕🎲⏰ \ufe0f")
