"""Adaptive Cards for Teams nudges: pure JSON builders (no botbuilder here)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from bot.service.language import Texts, texts
from bot.service.message_texts import (
    button_label,
    calendar_line,
    clash_line,
    closing,
    follow_up_plain,
    headline,
    notice_text,
    nudge_plain,
    offer_plain,
    others,
    reader_of,
    reason_lines,
    reminder_plain,
)
from bot.service.outbound import (
    FollowUpMessage,
    NoticeMessage,
    NudgeMessage,
    OfferMessage,
    ReminderMessage,
)

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
# Teams' host config renders at most this many actions per action collection (the card's own
# `actions`, each ActionSet, each ShowCard's card) and drops the rest: see the microsoft-teams
# host config in microsoft/AdaptiveCards (samples/HostConfig) and ActionCollection in its JS
# renderer (card-elements.ts), which checks `maxActions` per collection.
MAX_ACTIONS = 6
# Each card is in its one reader's language (bot/service/readers.py), its times in their own
# time as Teams renders DATE/TIME; `fallbackText` (what a client that cannot render the card
# shows, and notifications) and `speak` (what a screen reader or voice says) are the whole card
# in plain words, times in the reader's time zone, named.


def nudge_card(message: NudgeMessage, names: dict[str, str], reader: str,
               sign_ins: dict[str, str] | None = None) -> dict:
    """The card one member reads: the others' names, why, when (in the reader's own time, as
    Teams renders DATE/TIME), where, a Submit per answer (at most MAX_ACTIONS in a row), and,
    when everyone's sign-in name is known, links in the text that open a group chat with them
    all and schedule the first slot."""
    says, zone, name = _reader(message, names, reader)
    who = others(message, reader, name, says)
    body = [_text(says.gettext("{headline} with {who}!", headline=headline(message.tone, says),
                               who=who), bold=True)]
    reasons = reason_lines(message.reasons, says)
    if reasons:
        body.append(_text(says.gettext("Why: {reasons}", reasons=" ".join(f"{r}." for r in
                                                                           reasons))))
    if message.slots:
        body.append(_options(message.slots, 1, says))
    if message.calendars:
        body.append(_text(calendar_line(message, name, says, reader)))
    if message.place:
        body.append(_text(says.gettext("Where: {place}", place=message.place)))
    if closing(message.tone, says):
        body.append(_text(closing(message.tone, says)))
    upns = [(sign_ins or {}).get(m) for m in message.members]
    if all(upns):  # links in text, not buttons: the answers alone may take all six actions
        body.append(_text(" · ".join(f"[{title}]({url})"
                                     for title, url in _links(message, upns, says))))
    plain = nudge_plain(message, who, zone, name, says, reader=reader)
    return _card(body, message.buttons, plain, says)


def _reader(message, names: dict[str, str], reader: str):
    """The reader's lookups and time zone, and how the card names a member ("you": them)."""
    found = reader_of(message, reader)
    says = texts(found.language)

    def name(member: str) -> str:
        return says.gettext("you") if member == reader else names.get(member, member)
    return says, found.zone, name


def _options(slots, first: int, says: Texts) -> dict:
    return {"type": "FactSet", "facts": [
        {"title": says.gettext("Option {number}", number=i), "value": _span(s)}
        for i, s in enumerate(slots, first)]}


def _span(slot) -> str:
    return f"{_when(slot.start)}–{_time(slot.end)}"


def _links(message: NudgeMessage, upns: list[str], says: Texts) -> list[tuple[str, str]]:
    """Teams deep links: a group chat with everyone, and a meeting in the first slot."""
    people = ",".join(upns)
    topic = says.pgettext("chat topic", "Coffee")
    chat = "https://teams.microsoft.com/l/chat/0/0?" + urlencode(
        {"users": people, "topicName": topic, "message": says.gettext("Hi! When suits you?")})
    links = [(says.gettext("Open a group chat"), chat)]
    if message.slots:
        first = message.slots[0]
        where = says.gettext("Where: {place}", place=message.place) if message.place else topic
        meeting = "https://teams.microsoft.com/l/meeting/new?" + urlencode(
            {"subject": topic, "attendees": people,
             "startTime": first.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
             "endTime": first.end.strftime("%Y-%m-%dT%H:%M:%SZ"), "content": where})
        links.append((says.gettext("Schedule it"), meeting))
    return links


def follow_up_card(message: FollowUpMessage, names: dict[str, str] | None = None,
                   reader: str = "") -> dict:
    says, _, name = _reader(message, names or {}, reader)
    text = follow_up_plain(others(message, reader, name, says), says, alone=True)
    return _card([_text(text, bold=True)], message.buttons, text, says)


def reminder_card(message: ReminderMessage, names: dict[str, str], reader: str) -> dict:
    """The day-before reminder one member reads: with whom, when in their own time, where."""
    says, zone, name = _reader(message, names, reader)
    who = others(message, reader, name, says)
    body = [_text(says.gettext("⏰ Reminder: coffee with {who}", who=who), bold=True),
            _text(says.gettext("When: {when}", when=_span(message.slot)))]
    if message.place:
        body.append(_text(says.gettext("Where: {place}", place=message.place)))
    if message.busy:
        body.append(_text(clash_line(message, name, says)))
    return _card(body, (), reminder_plain(message, who, zone, name, says), says)


def offer_card(message: OfferMessage, names: dict[str, str], reader: str) -> dict:
    """New times for one member: with whom, the options numbered on from the nudge's (in the
    reader's own time), whose calendars they heed, an Accept each."""
    says, zone, name = _reader(message, names, reader)
    who = others(message, reader, name, says)
    body = [_text(says.gettext("New times for your coffee with {who}", who=who), bold=True),
            _options(message.slots, message.first + 1, says)]
    if message.calendars:
        body.append(_text(calendar_line(message, name, says, reader)))
    return _card(body, message.buttons, offer_plain(message, who, zone, name, says, reader=reader), says)


def notice_card(message: NoticeMessage) -> dict:
    says = texts(reader_of(message, message.to).language)
    text = notice_text(message.kind, says) if message.kind in ("idle", "calendar") \
        else message.text
    return _card([_text(text)], (), text, says)


def _card(body: list[dict], buttons, plain: str, says: Texts) -> dict:
    """A card, with its plain words for clients that cannot show it and for screen readers;
    the body reads top to bottom as the plain text does (who, why, when, where, answers)."""
    return {"type": "AdaptiveCard", "$schema": SCHEMA, "version": "1.4", "body": body,
            "actions": _actions(list(buttons), says), "fallbackText": plain, "speak": plain,
            "lang": says.language}


def _actions(buttons: list, says: Texts) -> list[dict]:
    """A Submit per answer; when that is more than Teams shows (five slots: five Accepts and
    two more), the Accepts move into one "Accept a time" ShowCard so that every click stays."""
    if len(buttons) <= MAX_ACTIONS:
        return [_submit(b, says) for b in buttons]
    accepts = [b for b in buttons if b.slot is not None]
    rest = [b for b in buttons if b.slot is None]
    chooser = {"type": "Action.ShowCard", "title": says.pgettext("button", "Accept a time"),
               "card": {"type": "AdaptiveCard",
                        "body": [_text(says.gettext("Which time suits you?"))],
                        "actions": [_submit(b, says) for b in accepts]}}
    return [chooser] + [_submit(b, says) for b in rest]


def _submit(button, says: Texts) -> dict:
    return {"type": "Action.Submit", "title": button_label(button, says),
            "data": {"weaktie": "answer", "value": button.value, "answer": button.answer}}


def _text(text: str, bold: bool = False) -> dict:
    return {"type": "TextBlock", "text": text, "wrap": True,
            **({"weight": "Bolder"} if bold else {})}


def _when(moment: datetime) -> str:
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{{{{DATE({stamp}, SHORT)}}}} {{{{TIME({stamp})}}}}"


def _time(moment: datetime) -> str:
    return f"{{{{TIME({moment.strftime('%Y-%m-%dT%H:%M:%SZ')})}}}}"
