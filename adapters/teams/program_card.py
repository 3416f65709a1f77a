"""The program form as a Teams Adaptive Card (pure JSON, no botbuilder): the same fields as the
Slack modal; Action.Submit sends them back with {"weaktie": "program"}."""

from __future__ import annotations

from adapters.program_fields import choices, fields
from bot.service.language import texts

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def program_card(values: dict[str, str]) -> dict:
    """The card for one program, filled in from `values`, in the manager's language
    (`values["language"]`: bot.service.program_form.program_form). A refused submission is
    answered in text: the card keeps what was typed, to fix and send again."""
    says = texts(values.get("language"))
    title = says.gettext("Coffee program `{name}`", name=values["name"]) if values.get("name") \
        else says.gettext("New coffee program")
    body: list[dict] = [{"type": "TextBlock", "text": title, "weight": "Bolder", "wrap": True}]
    options = choices(says)
    for spec in fields(says):
        body += _input(*spec, values.get(spec[0]) or "", options)
    return {"type": "AdaptiveCard", "$schema": SCHEMA, "version": "1.4", "lang": says.language,
            "body": body,
            "fallbackText": title, "speak": title,
            "actions": [{"type": "Action.Submit", "title": says.pgettext("form", "Save"),
                         "data": {"weaktie": "program"}}]}


def _input(field: str, label: str, placeholder: str | None, hint: str | None, optional: bool,
           multiline: bool, value: str, shown: dict[str, list[tuple[str, str]]]) -> list[dict]:
    if field in shown:
        element = {"type": "Input.ChoiceSet", "id": field, "label": label, "style": "compact",
                   "value": value, "choices": [{"title": text, "value": choice}
                                               for choice, text in shown[field]]}
    else:
        element = {"type": "Input.Text", "id": field, "label": label, "value": value,
                   "isMultiline": multiline, **({"placeholder": placeholder} if placeholder else {})}
    element["isRequired"] = not optional
    out = [element]
    if hint:
        out.append({"type": "TextBlock", "text": hint, "isSubtle": True, "size": "Small",
                    "wrap": True, "spacing": "None"})
    return out
