"""Adaptive Cards for Teams nudges: pure JSON builders (no botbuilder here)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from bot.service.outbound import (
    OFFER_HEADLINE,
    FollowUpMessage,
    NoticeMessage,
    NudgeMessage,
    OfferMessage,
    ReminderMessage,
    listed,
)

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
# Teams' host config renders at most this many actions per action collection (the card's own
# `actions`, each ActionSet, each ShowCard's card) and drops the rest: see the microsoft-teams
# host config in microsoft/AdaptiveCards (samples/HostConfig) and ActionCollection in its JS
# renderer (card-elements.ts), which checks `maxActions` per collection.
MAX_ACTIONS = 6


def nudge_card(message: NudgeMessage, names: dict[str, str], reader: str,
               sign_ins: dict[str, str] | None = None) -> dict:
    """The card one member reads: the others' names, why, when (in the reader's own time, as
    Teams renders DATE/TIME), where, a Submit per answer (at most MAX_ACTIONS in a row), and,
    when everyone's sign-in name is known, links in the text that open a group chat with them
    all and schedule the first slot."""
    others = [names.get(m, m) for m in message.members if m != reader] or ["someone"]
    body = [_text(f"{message.headline} with {listed(others)}!", bold=True)]
    if message.reasons:
        body.append(_text("Why: " + " ".join(f"{r}." for r in message.reasons[:3])))
    if message.slots:
        body.append({"type": "FactSet", "facts": [
            {"title": f"Option {i}", "value": f"{_when(s.start)}–{_time(s.end)}"}
            for i, s in enumerate(message.slots, 1)]})
    if message.calendars:
        body.append(_text(message.calendar_line(lambda m: "you" if m == reader
                                                else names.get(m, m))))
    if message.place:
        body.append(_text(f"Where: {message.place}"))
    if message.closing:
        body.append(_text(message.closing))
    upns = [(sign_ins or {}).get(m) for m in message.members]
    if all(upns):  # links in text, not buttons: the answers alone may take all six actions
        body.append(_text(" · ".join(f"[{title}]({url})" for title, url in _links(message, upns))))
    return _card(body, message.buttons)


def _links(message: NudgeMessage, upns: list[str]) -> list[tuple[str, str]]:
    """Teams deep links: a group chat with everyone, and a meeting in the first slot."""
    people = ",".join(upns)
    chat = "https://teams.microsoft.com/l/chat/0/0?" + urlencode(
        {"users": people, "topicName": "Coffee", "message": "Hi! When suits you?"})
    links = [("Open a group chat", chat)]
    if message.slots:
        first = message.slots[0]
        meeting = "https://teams.microsoft.com/l/meeting/new?" + urlencode(
            {"subject": "Coffee", "attendees": people,
             "startTime": first.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
             "endTime": first.end.strftime("%Y-%m-%dT%H:%M:%SZ"),
             "content": f"Where: {message.place}" if message.place else "Coffee"})
        links.append(("Schedule it", meeting))
    return links


def follow_up_card(message: FollowUpMessage) -> dict:
    return _card([_text("Did you meet? Your answer helps me suggest better.", bold=True)],
                 message.buttons)


def reminder_card(message: ReminderMessage, names: dict[str, str], reader: str) -> dict:
    """The day-before reminder one member reads: with whom, when in their own time, where."""
    others = [names.get(m, m) for m in message.members if m != reader] or ["someone"]
    body = [_text(f"⏰ Reminder: coffee with {listed(others)}", bold=True),
            _text(f"When: {_when(message.slot.start)}–{_time(message.slot.end)}")]
    if message.place:
        body.append(_text(f"Where: {message.place}"))
    if message.busy:
        body.append(_text(message.clash_line(lambda m: "you" if m == reader
                                             else names.get(m, m))))
    return _card(body, ())


def offer_card(message: OfferMessage, names: dict[str, str], reader: str) -> dict:
    """New times for one member: with whom, the options numbered on from the nudge's (in the
    reader's own time), whose calendars they heed, an Accept each."""
    others = [names.get(m, m) for m in message.members if m != reader] or ["someone"]
    body = [_text(f"{OFFER_HEADLINE} with {listed(others)}", bold=True),
            {"type": "FactSet", "facts": [
                {"title": f"Option {i}", "value": f"{_when(s.start)}–{_time(s.end)}"}
                for i, s in enumerate(message.slots, message.first + 1)]}]
    if message.calendars:
        body.append(_text(message.calendar_line(lambda m: "you" if m == reader
                                                else names.get(m, m))))
    return _card(body, message.buttons)


def notice_card(message: NoticeMessage) -> dict:
    return _card([_text(message.text)], ())


def _card(body: list[dict], buttons) -> dict:
    return {"type": "AdaptiveCard", "$schema": SCHEMA, "version": "1.4", "body": body,
            "actions": _actions(list(buttons))}


def _actions(buttons: list) -> list[dict]:
    """A Submit per answer; when that is more than Teams shows (five slots: five Accepts and
    two more), the Accepts move into one "Accept a time" ShowCard so that every click stays."""
    if len(buttons) <= MAX_ACTIONS:
        return [_submit(b) for b in buttons]
    accepts = [b for b in buttons if b.slot is not None]
    others = [b for b in buttons if b.slot is None]
    chooser = {"type": "Action.ShowCard", "title": "Accept a time", "card": {
        "type": "AdaptiveCard", "body": [_text("Which time suits you?")],
        "actions": [_submit(b) for b in accepts]}}
    return [chooser] + [_submit(b) for b in others]


def _submit(button) -> dict:
    return {"type": "Action.Submit", "title": button.label,
            "data": {"weaktie": "answer", "value": button.value, "answer": button.answer}}


def _text(text: str, bold: bool = False) -> dict:
    return {"type": "TextBlock", "text": text, "wrap": True,
            **({"weight": "Bolder"} if bold else {})}


def _when(moment: datetime) -> str:
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{{{{DATE({stamp}, SHORT)}}}} {{{{TIME({stamp})}}}}"


def _time(moment: datetime) -> str:
    return f"{{{{TIME({moment.strftime('%Y-%m-%dT%H:%M:%SZ')})}}}}"
