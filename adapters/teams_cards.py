"""Adaptive Cards for Teams nudges: pure JSON builders (no botbuilder here)."""

from __future__ import annotations

from datetime import datetime

from bot.chat import FollowUpMessage, NudgeMessage

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def nudge_card(message: NudgeMessage, names: dict[str, str], reader: str) -> dict:
    """The card one member reads: the others' names, why, when (in the reader's own time, as
    Teams renders DATE/TIME), where, and a Submit button per answer."""
    others = [names.get(m, m) for m in message.members if m != reader] or ["someone"]
    body = [_text(f"☕ Time for a coffee with {_and(others)}!", bold=True)]
    if message.reasons:
        body.append(_text("Why: " + " ".join(f"{r}." for r in message.reasons[:3])))
    if message.slots:
        body.append({"type": "FactSet", "facts": [
            {"title": f"Option {i}", "value": f"{_when(s.start)}–{_time(s.end)}"}
            for i, s in enumerate(message.slots, 1)]})
    if message.place:
        body.append(_text(f"Where: {message.place}"))
    return _card(body, message.buttons)


def follow_up_card(message: FollowUpMessage) -> dict:
    return _card([_text("Did you meet? Your answer helps me suggest better.", bold=True)],
                 message.buttons)


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


def profile_card(home) -> dict:
    """The profile form: office, time zone and hours, with the current values filled in."""
    body = [_text("Your coffee profile", bold=True),
            _input("office", "Office", home.office or "", "Lisbon"),
            _input("tz", "Time zone", home.timezone, "Europe/Lisbon"),
            _input("hours", "Working hours", home.hours, "9-17")]
    return {"type": "AdaptiveCard", "$schema": SCHEMA, "version": "1.4", "body": body,
            "actions": [{"type": "Action.Submit", "title": "Save",
                         "data": {"weaktie": "profile"}}]}


def _input(field: str, label: str, value: str, placeholder: str) -> dict:
    return {"type": "Input.Text", "id": field, "label": label, "value": value,
            "placeholder": placeholder}
