"""Adaptive Cards for Teams nudges: pure JSON builders (no botbuilder here)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from bot.chat import FollowUpMessage, NoticeMessage, NudgeMessage, ReminderMessage

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def nudge_card(message: NudgeMessage, names: dict[str, str], reader: str,
               sign_ins: dict[str, str] | None = None) -> dict:
    """The card one member reads: the others' names, why, when (in the reader's own time, as
    Teams renders DATE/TIME), where, a Submit button per answer, and, when everyone's sign-in
    name is known, links that open a group chat with them all and schedule the first slot."""
    others = [names.get(m, m) for m in message.members if m != reader] or ["someone"]
    body = [_text(f"{message.headline} with {_and(others)}!", bold=True)]
    if message.reasons:
        body.append(_text("Why: " + " ".join(f"{r}." for r in message.reasons[:3])))
    if message.slots:
        body.append({"type": "FactSet", "facts": [
            {"title": f"Option {i}", "value": f"{_when(s.start)}–{_time(s.end)}"}
            for i, s in enumerate(message.slots, 1)]})
    if message.place:
        body.append(_text(f"Where: {message.place}"))
    if message.closing:
        body.append(_text(message.closing))
    card = _card(body, message.buttons)
    upns = [(sign_ins or {}).get(m) for m in message.members]
    if all(upns):
        card["actions"] += _links(message, upns)
    return card


def _links(message: NudgeMessage, upns: list[str]) -> list[dict]:
    """Teams deep links: a group chat with everyone, and a meeting in the first slot."""
    people = ",".join(upns)
    chat = "https://teams.microsoft.com/l/chat/0/0?" + urlencode(
        {"users": people, "topicName": "Coffee", "message": "Hi! When suits you?"})
    links = [{"type": "Action.OpenUrl", "title": "Open a group chat", "url": chat}]
    if message.slots:
        first = message.slots[0]
        meeting = "https://teams.microsoft.com/l/meeting/new?" + urlencode(
            {"subject": "Coffee", "attendees": people,
             "startTime": first.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
             "endTime": first.end.strftime("%Y-%m-%dT%H:%M:%SZ"),
             "content": f"Where: {message.place}" if message.place else "Coffee"})
        links.append({"type": "Action.OpenUrl", "title": "Schedule it", "url": meeting})
    return links


def follow_up_card(message: FollowUpMessage) -> dict:
    return _card([_text("Did you meet? Your answer helps me suggest better.", bold=True)],
                 message.buttons)


def reminder_card(message: ReminderMessage, names: dict[str, str], reader: str) -> dict:
    """The day-before reminder one member reads: with whom, when in their own time, where."""
    others = [names.get(m, m) for m in message.members if m != reader] or ["someone"]
    body = [_text(f"⏰ Reminder: coffee with {_and(others)}", bold=True),
            _text(f"When: {_when(message.slot.start)}–{_time(message.slot.end)}")]
    if message.place:
        body.append(_text(f"Where: {message.place}"))
    return _card(body, ())


def notice_card(message: NoticeMessage) -> dict:
    return _card([_text(message.text)], ())


def _card(body: list[dict], buttons) -> dict:
    actions = [{"type": "Action.Submit", "title": b.label,
                "data": {"weaktie": "answer", "value": b.value, "answer": b.answer}}
               for b in buttons]
    return {"type": "AdaptiveCard", "$schema": SCHEMA, "version": "1.4", "body": body,
            "actions": actions}


def _text(text: str, bold: bool = False) -> dict:
    return {"type": "TextBlock", "text": text, "wrap": True,
            **({"weight": "Bolder"} if bold else {})}


def _when(moment: datetime) -> str:
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{{{{DATE({stamp}, SHORT)}}}} {{{{TIME({stamp})}}}}"


def _time(moment: datetime) -> str:
    return f"{{{{TIME({moment.strftime('%Y-%m-%dT%H:%M:%SZ')})}}}}"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


MAX_CHOICES = 100  # a card lists at most this many colleagues to avoid


def profile_card(home, colleagues: list[tuple[str, str]] = ()) -> dict:
    """The profile form: office, time zone, hours and people I'd rather not be paired with
    (`colleagues` as (id, name), the first MAX_CHOICES by name), current values filled in."""
    body = [_text("Your coffee profile", bold=True),
            _input("office", "Office", home.office or "", "Lisbon"),
            _input("tz", "Time zone", home.timezone, "Europe/Lisbon"),
            _input("hours", "Working hours", home.hours, "9-17")]
    others = sorted(((name or pid, pid) for pid, name in colleagues if pid != home.person))
    if others:
        body.append({"type": "Input.ChoiceSet", "id": "avoid", "isMultiSelect": True,
                     "label": "I'd rather not be paired with", "value": ",".join(home.avoid),
                     "choices": [{"title": name, "value": pid}
                                 for name, pid in others[:MAX_CHOICES]]})
    return {"type": "AdaptiveCard", "$schema": SCHEMA, "version": "1.4", "body": body,
            "actions": [{"type": "Action.Submit", "title": "Save",
                         "data": {"weaktie": "profile"}}]}


def _input(field: str, label: str, value: str, placeholder: str) -> dict:
    return {"type": "Input.Text", "id": field, "label": label, "value": value,
            "placeholder": placeholder}
