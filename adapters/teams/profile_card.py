"""The profile form as a Teams Adaptive Card (pure JSON, no botbuilder), in the reader's
language: office, time zone, hours and people I'd rather not be paired with; Action.Submit
sends them back with {"weaktie": "profile"}. Every input has its label, and the card has a
`fallbackText` and a `speak` for clients and screen readers that do not render it."""

from __future__ import annotations

from bot.service.language import texts

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
MAX_CHOICES = 100  # a card lists at most this many colleagues to avoid


def profile_card(home, colleagues: list[tuple[str, str]] = ()) -> dict:
    """The card (`colleagues` as (id, name), the first MAX_CHOICES by name), current values
    filled in."""
    says = texts(home.language)
    title = says.gettext("Your coffee profile")
    body = [_text(title, bold=True),
            _input("office", says.gettext("Office"), home.office or "", "Lisbon"),
            _input("tz", says.gettext("Time zone"), home.timezone, "Europe/Lisbon"),
            _input("hours", says.gettext("Working hours"), home.hours, "9-17")]
    others = sorted(((name or pid, pid) for pid, name in colleagues if pid != home.person))
    if others:
        body.append({"type": "Input.ChoiceSet", "id": "avoid", "isMultiSelect": True,
                     "label": says.gettext("I'd rather not be paired with"),
                     "value": ",".join(home.avoid),
                     "choices": [{"title": name, "value": pid}
                                 for name, pid in others[:MAX_CHOICES]]})
    actions = [{"type": "Action.Submit", "title": says.pgettext("form", "Save"),
                "data": {"weaktie": "profile"}}]
    if home.calendar == "":  # calendars offered, none connected
        actions.append({"type": "Action.Submit",
                        "title": says.pgettext("button", "Connect your calendar"),
                        "data": {"weaktie": "calendar"}})
    elif home.calendar:
        body.append(_text(says.gettext("Calendar: {calendar} (free/busy only)",
                                       calendar=home.calendar)))
    summary = says.gettext("Your coffee profile: office {office}, time zone {zone}, hours "
                           "{hours}.", office=home.office or says.gettext("not set"),
                           zone=home.timezone, hours=home.hours)
    return {"type": "AdaptiveCard", "$schema": SCHEMA, "version": "1.4", "lang": says.language,
            "body": body, "fallbackText": summary, "speak": summary, "actions": actions}


def _text(text: str, bold: bool = False) -> dict:
    return {"type": "TextBlock", "text": text, "wrap": True,
            **({"weight": "Bolder"} if bold else {})}


def _input(field: str, label: str, value: str, placeholder: str) -> dict:
    return {"type": "Input.Text", "id": field, "label": label, "value": value,
            "placeholder": placeholder}
