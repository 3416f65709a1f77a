"""Community managers: one gate for who may manage, and what each manager command does.

Managers are the people in WEAKTIE_MANAGERS, the workspace's admins (the platform says so), and
whoever another manager granted. Everyone else asking gets a polite refusal and nothing changes.
The figures a manager reads (preview, stats) are in program_reports.py; the program form (Slack's
modal, Teams' card) in program_form.py, behind this same gate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.core.programs import Program, ProgramError, program_from_dict, program_to_dict
from bot.errors import WeaktieError
from bot.service import rounds as service
from bot.service import scope
from bot.service.admin_people import LISTED_SENDS as LISTED_SENDS
from bot.service.admin_people import delivered, deliveries, grant, guests, managers, resend, revoke
from bot.service.admin_words import parse_admin
from bot.service.commands import Reply
from bot.service.dashboard_access import link_reply
from bot.service.drafts import draft
from bot.service.language import ENGLISH, Texts, texts
from bot.service.network_health import answer as _health
from bot.service.problem_texts import problem_text
from bot.service.program_reports import nobody, preview, stats
from bot.service.program_text import cadence_words, described, next_round
from bot.service.program_words import mode_words, state_word
from bot.service.round_outcomes import outcomes
from bot.store import DuplicateRound, Store
from bot.store.dashboard import Visitor

EN = texts(ENGLISH)


@dataclass(frozen=True, slots=True)
class Gate:
    """Who may manage programs. `managers`: platform user ids from WEAKTIE_MANAGERS."""

    managers: frozenset[str] = frozenset()

    def allows(self, store: Store, tenant: str, person: str, platform_admin: bool = False) -> bool:
        if person in self.managers or platform_admin:
            return True
        return any(who == person for who, _ in store.granted_managers(tenant))


def refusal(says: Texts) -> str:
    return says.gettext(
        "Sorry, only community managers can change coffee programs, so nothing has changed. "
        "Your own settings are yours to change: say `help`. If you think you should manage "
        "programs, ask a manager to `admin grant` you.")


REFUSAL = refusal(EN)  # the English refusal, as the tests compare it


def handle_admin(store: Store, tenant: str, person: str, text: str, now: datetime, platform: str,
                 gate: Gate, platform_admin: bool = False, public_url: str | None = None,
                 says: Texts = EN) -> str:
    """The reply to one `admin ...` message, in the manager's language (`says`); only a
    manager's words change anything."""
    if not gate.allows(store, tenant, person, platform_admin):
        # The platform no longer says they are an admin (or they never were): the dashboard's
        # sessions they opened on its word end now, as chat refuses them now.
        store.end_dashboard_access(tenant, person)
        return refusal(says)
    parsed = parse_admin(text, says)
    if isinstance(parsed, Reply):
        return parsed.text
    if parsed.action == "dashboard":  # the link remembers what the platform said of the asker
        return link_reply(store, Visitor(tenant, person, platform, platform_admin), now,
                          public_url, says)
    try:
        return ACTIONS[parsed.action](store, tenant, person, parsed, now, platform, gate, says)
    except WeaktieError as exc:
        return says.gettext("Sorry: {problem}", problem=exc)


def _programs(store, tenant, person, command, now, platform, gate, says) -> str:
    found = store.programs(tenant)
    if not found:
        return says.gettext(
            "No programs yet. The built-in `default` pairs everyone when someone runs "
            "`weaktie round`. Create one: `admin create coffee cadence=\"weekly mon 10:00\"`.")
    lines = [says.gettext("• `{name}` ({state}): {cadence}, groups of {size}, {mode}",
                          size=p.group_size, name=p.name, state=state_word(state, says),
                           cadence=cadence_words(p, says), mode=mode_words(p.in_person, says))
             for p, state in found]
    return says.gettext("Programs:\n{lines}", lines="\n".join(lines))


def show(store, tenant, person, command, now, platform, gate, says=EN) -> str:
    program, state = _program(store, tenant, command.name, says)
    return described(program, state, now, store.channel_names(tenant), says)


def _create(store, tenant, person, command, now, platform, gate, says) -> str:
    try:
        program = merged({"name": command.name}, command.settings, store.channel_names(tenant))
    except ProgramError as exc:
        return says.gettext("Not created: {problem}.", problem=problem_text(exc, says))
    if not store.create_program(tenant, program, now, platform):
        return says.gettext("There is already a program `{name}`: change it with `admin edit`.",
                            name=command.name)
    return says.gettext("Created `{name}`: {cadence}.\n{program}", name=program.name,
                        cadence=cadence_words(program, says), program=show(
                            store, tenant, person, command, now, platform, gate, says))


def _edit(store, tenant, person, command, now, platform, gate, says) -> str:
    before, _ = _program(store, tenant, command.name, says)
    try:
        program = merged(program_to_dict(before), command.settings, store.channel_names(tenant))
    except ProgramError as exc:
        return says.gettext("Nothing changed: {problem}.", problem=problem_text(exc, says))
    store.edit_program(tenant, program, now)
    return says.gettext("Saved.\n{program}", program=show(store, tenant, person, command, now,
                                                          platform, gate, says))


def _pause(store, tenant, person, command, now, platform, gate, says) -> str:
    _program(store, tenant, command.name, says)
    store.set_program_state(tenant, command.name, "paused", now)
    return says.gettext("`{name}` is paused: no rounds until `admin resume {name}`. "
                        "Nudges already sent keep their follow-ups.", name=command.name)


def _resume(store, tenant, person, command, now, platform, gate, says) -> str:
    program, _ = _program(store, tenant, command.name, says)
    store.set_program_state(tenant, command.name, "active", now)
    return says.gettext("`{name}` is running again{next}.", name=command.name,
                        next=next_round(program, now, "active", says))


def _delete(store, tenant, person, command, now, platform, gate, says) -> str:
    _program(store, tenant, command.name, says)
    if not command.confirmed:
        return says.gettext(
            "This deletes `{name}` with its rounds and their answers (meetings people confirmed "
            "still count as ties). To go ahead, send `admin delete {name} now`.",
            name=command.name)
    store.delete_program(tenant, command.name)
    return says.gettext("Deleted `{name}`.", name=command.name)


def _run(store, tenant, person, command, now, platform, gate, says) -> str:
    name = command.name or service.DEFAULT_PROGRAM
    if any(p.name == name and state == "paused" for p, state in store.programs(tenant)):
        return says.gettext("`{name}` is paused; `admin resume {name}` first.", name=name)
    try:
        planned = service.plan_round_now(store, tenant, command.name, now)
    except DuplicateRound:
        return says.gettext("A round of that program was just planned: it is on its way.")
    if not planned.work.eligible:
        return says.gettext("Round planned for `{name}`, but it reached nobody: {why}",
                            name=planned.program.name,
                            why=nobody(store, tenant, planned.program, says))
    return says.ngettext(
        "Round planned for `{name}`: {n} group. Its nudges go out at the clock's next "
        "heartbeat (within a minute).",
        "Round planned for `{name}`: {n} groups. Their nudges go out at the clock's next "
        "heartbeat (within a minute).", len(planned.work.plan.nudges), name=planned.program.name)


def _form(store, tenant, person, command, now, platform, gate, says) -> str:
    return says.gettext(
        "The program form opens from Slack's `/coffee admin form` and as a card in Teams. "
        "Here, use `admin create` and `admin edit` (`admin help` lists the settings).")


def _calendar(store, tenant, person, command, now, platform, gate, says) -> str:
    return says.gettext("Calendars are not set up on this install (docs/calendars.md).")


ACTIONS = {"programs": _programs, "show": show, "create": _create, "edit": _edit,
           "pause": _pause, "resume": _resume, "delete": _delete, "preview": preview,
           "run": _run, "stats": stats, "managers": managers, "grant": grant,
           "revoke": revoke, "form": _form, "deliveries": deliveries,
           "delivered": delivered, "resend": resend, "guests": guests, "health": _health,
           "outcomes": outcomes, "draft": draft, "calendar": _calendar}


def _program(store: Store, tenant: str, name: str, says: Texts = EN) -> tuple[Program, str]:
    for program, state in store.programs(tenant):
        if program.name == name:
            return program, state
    raise WeaktieError(says.gettext("there is no program `{name}` (`admin programs` lists them)",
                                    name=name))


def merged(base: dict[str, Any], settings: dict[str, Any],
            channel_names: Mapping[str, str]) -> Program:
    """The program `settings` make of `base`, its scope resolved to channel ids."""
    values = dict(base) | {k: v for k, v in settings.items() if k != "weights"}
    if "weights" in settings:
        values["weights"] = dict(base.get("weights") or {}) | settings["weights"]
    return scope.resolve(program_from_dict(values), channel_names)
