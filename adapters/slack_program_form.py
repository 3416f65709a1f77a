"""The program form as a Slack modal: a pure builder (form fields in, view out) and a reader
(submitted view in, form fields out). Block ids are the form's field names, so the problems
bot.admin finds per field come back inline, under the input they are about."""

from __future__ import annotations

from typing import Any

from adapters.program_fields import CHOICES, FIELDS
from adapters.slack_interactive import text_of, view_values

PROGRAM = "weaktie_program"  # the modal's callback id


def program_modal(values: dict[str, str]) -> dict:
    """The modal for one program, every field filled in from `values` (bot.admin.program_form)."""
    title = f"Program {values.get('name')}" if values.get("name") else "New coffee program"
    return {"type": "modal", "callback_id": PROGRAM,
            "title": {"type": "plain_text", "text": title[:24]},
            "submit": {"type": "plain_text", "text": "Save"},
            "close": {"type": "plain_text", "text": "Cancel"},
            "blocks": [_block(*spec, values.get(spec[0]) or "") for spec in FIELDS]}


def program_form(view: Any) -> dict[str, Any]:
    """The submitted modal's fields by name: text as typed, a select's chosen value ("" for
    anything missing or of another shape)."""
    values = view_values(view)
    out: dict[str, Any] = {}
    for field, *_ in FIELDS:
        if field in CHOICES:
            chosen = values.get(field, {}).get("value", {}).get("selected_option")
            found = chosen.get("value") if isinstance(chosen, dict) else None
            out[field] = found if isinstance(found, str) else ""
        else:
            out[field] = text_of(values, field)
    return out


def _block(field: str, label: str, placeholder: str | None, hint: str | None, optional: bool,
           multiline: bool, initial: str) -> dict:
    if field in CHOICES:
        options = [_option(value, text) for value, text in CHOICES[field]]
        element: dict = {"type": "static_select", "action_id": "value", "options": options}
        chosen = [o for o in options if o["value"] == initial]
        if chosen:
            element["initial_option"] = chosen[0]
    else:
        element = {"type": "plain_text_input", "action_id": "value", "multiline": multiline}
        if placeholder:
            element["placeholder"] = {"type": "plain_text", "text": placeholder}
        if initial:
            element["initial_value"] = initial
    block = {"type": "input", "block_id": field, "optional": optional,
             "label": {"type": "plain_text", "text": label}, "element": element}
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def _option(value: str, text: str) -> dict:
    return {"text": {"type": "plain_text", "text": text}, "value": value}
