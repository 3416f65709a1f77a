"""The program form (Slack's modal, Teams' card): its values for one program, and saving what
a manager submits. Behind the same gate as the chat commands; problems come back per field."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.programs import Program, ProgramError, program_to_dict
from bot.service.admin import EN, Gate, merged, refusal, show
from bot.service.admin_words import AdminCommand, form_values, settings_from_form
from bot.service.language import Texts
from bot.service.problem_texts import problem_text
from bot.store import Store


def save_program_form(store: Store, tenant: str, person: str, form: dict[str, Any], now: datetime,
                      platform: str, gate: Gate, platform_admin: bool = False,
                      says: Texts = EN) -> dict[str, str]:
    """Create or update a program from a form; {field: problem} and nothing stored if any."""
    if not gate.allows(store, tenant, person, platform_admin):
        return {"name": refusal(says)}
    settings, errors = settings_from_form(form, says)
    if errors:
        return errors
    name = str(form["name"]).strip().lower()
    before = store.program(tenant, name) if store.has_tenant(tenant) else None
    base = program_to_dict(before) if before else {"name": name}
    settings.setdefault("scope", []), settings.setdefault("offices", [])
    try:
        program = merged(base, settings, store.channel_names(tenant))
    except ProgramError as exc:
        return {_form_field(str(exc)): problem_text(exc, says)}
    if before is None:
        store.create_program(tenant, program, now, platform)
    else:
        store.edit_program(tenant, program, now)
    return {}


def program_form(store: Store, tenant: str, person: str, name: str, gate: Gate,
                 platform_admin: bool = False, says: Texts = EN) -> dict[str, str] | str:
    """The form's fields for program `name` (the defaults for a new one), or the refusal; the
    form is in the manager's language (`language`: "en", "fr")."""
    if not gate.allows(store, tenant, person, platform_admin):
        return refusal(says)
    found = store.program(tenant, name) if name and store.has_tenant(tenant) else None
    return {**form_values(found or Program(name=name)), "language": says.language}


def submit_program_form(store: Store, tenant: str, person: str, form: dict[str, Any],
                        now: datetime, platform: str, gate: Gate, platform_admin: bool = False,
                        says: Texts = EN) -> tuple[dict[str, str], str]:
    """save_program_form, and once saved, what to tell the manager: the program as stored."""
    problems = save_program_form(store, tenant, person, form, now, platform, gate, platform_admin,
                                 says)
    if problems:
        return problems, ""
    name = str(form["name"]).strip().lower()
    return {}, says.gettext("Saved.\n{program}", program=show(
        store, tenant, person, AdminCommand("show", name), now, platform, gate, says))


def _form_field(message: str) -> str:
    """The form field a ProgramError's message is about (its first word names the setting)."""
    setting = message.split(":", 1)[0].split(".", 1)[0]
    return {"group_size": "size", "in_person": "mode", "cooldown_weeks": "cooldown",
            "timezone": "tz", "weights": "fill", "overlap_minutes": "overlap"}.get(
                setting, setting if setting in (
                    "cadence", "offices", "venues", "enrolment", "scope", "tone", "cross")
                else "name")
