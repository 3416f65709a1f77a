"""The program form as a Slack modal: a pure builder (form fields in, view out) and a reader
(submitted view in, form fields out). Block ids are the form's field names, so the problems
bot.service.program_form finds per field come back inline, under the input they are about."""

from __future__ import annotations

from typing import Any

from adapters.program_fields import CHOICES, choices, fields
from adapters.slack.block_kit import INPUT_LABEL, OPTION_TEXT, PLACEHOLDER, VIEW_TEXT, plain
from adapters.slack.interactive import text_of, view_values
from bot.service.language import texts

PROGRAM = "weaktie_program"  # the modal's callback id


def program_modal(values: dict[str, str]) -> dict:
    """The modal for one program, every field filled in from `values`, in the manager's
    language (`values["language"]`: bot.service.program_form.program_form). Slack cuts a
    view's title, submit and close at 24 characters: the French ones fit too."""
    says = texts(values.get("language"))
    title = says.gettext("Program {name}", name=values["name"]) if values.get("name") \
        else says.gettext("New coffee program")
    options = choices(says)
    return {"type": "modal", "callback_id": PROGRAM,
            "title": plain(title, VIEW_TEXT),
            "submit": plain(says.pgettext("form", "Save"), VIEW_TEXT),
            "close": plain(says.pgettext("form", "Cancel"), VIEW_TEXT),
            "blocks": [_block(*spec, values.get(spec[0]) or "", options)
                       for spec in fields(says)]}


def program_form(view: Any) -> dict[str, Any]:
    """The submitted modal's fields by name: text as typed, a select's chosen value ("" for
    anything missing or of another shape)."""
    values = view_values(view)
    out: dict[str, Any] = {}
    for field, *_ in fields():
        if field in CHOICES:
            chosen = values.get(field, {}).get("value", {}).get("selected_option")
            found = chosen.get("value") if isinstance(chosen, dict) else None
            out[field] = found if isinstance(found, str) else ""
        else:
            out[field] = text_of(values, field)
    return out


def _block(field: str, label: str, placeholder: str | None, hint: str | None, optional: bool,
           multiline: bool, initial: str, shown: dict[str, list[tuple[str, str]]]) -> dict:
    if field in shown:
        options = [_option(value, text) for value, text in shown[field]]
        element: dict = {"type": "static_select", "action_id": "value", "options": options}
        chosen = [o for o in options if o["value"] == initial]
        if chosen:
            element["initial_option"] = chosen[0]
    else:
        element = {"type": "plain_text_input", "action_id": "value", "multiline": multiline}
        if placeholder:
            element["placeholder"] = plain(placeholder, PLACEHOLDER)
        if initial:
            element["initial_value"] = initial
    block = {"type": "input", "block_id": field, "optional": optional,
             "label": plain(label, INPUT_LABEL), "element": element}
    if hint:
        block["hint"] = plain(hint, INPUT_LABEL)
    return block


def _option(value: str, text: str) -> dict:
    return {"text": plain(text, OPTION_TEXT), "value": value}
