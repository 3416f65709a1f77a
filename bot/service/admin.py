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
from bot.service.admin_words import parse_admin
from bot.service.commands import Reply
from bot.service.dashboard_access import link_reply
from bot.service.drafts import draft
from bot.service.network_health import answer as _health
from bot.service.program_reports import nobody, preview, stats
from bot.service.program_text import cadence_words, described, next_round
from bot.service.round_outcomes import outcomes
from bot.store import DuplicateRound, Store
from bot.store.dashboard import Visitor

REFUSAL = ("Sorry, only community managers can change coffee programs, so nothing has changed. "
           "Your own settings are yours to change: say `help`. If you think you should manage "
           "programs, ask a manager to `admin grant` you.")
LISTED_SENDS = 30  # `admin deliveries` shows the oldest this many: one chat message holds them


@dataclass(frozen=True, slots=True)
class Gate:
    """Who may manage programs. `managers`: platform user ids from WEAKTIE_MANAGERS."""

    managers: frozenset[str] = frozenset()

    def allows(self, store: Store, tenant: str, person: str, platform_admin: bool = False) -> bool:
        if person in self.managers or platform_admin:
            return True
        return any(who == person for who, _ in store.granted_managers(tenant))


def handle_admin(store: Store, tenant: str, person: str, text: str, now: datetime, platform: str,
                 gate: Gate, platform_admin: bool = False, public_url: str | None = None) -> str:
    """The reply to one `admin ...` message; only a manager's words change anything."""
    if not gate.allows(store, tenant, person, platform_admin):
        # The platform no longer says they are an admin (or they never were): the dashboard's
        # sessions they opened on its word end now, as chat refuses them now.
        store.end_dashboard_access(tenant, person)
        return REFUSAL
    parsed = parse_admin(text)
    if isinstance(parsed, Reply):
        return parsed.text
    if parsed.action == "dashboard":  # the link remembers what the platform said of the asker
        return link_reply(store, Visitor(tenant, person, platform, platform_admin), now, public_url)
    try:
        return ACTIONS[parsed.action](store, tenant, person, parsed, now, platform, gate)
    except WeaktieError as exc:
        return f"Sorry: {exc}"


def _programs(store, tenant, person, command, now, platform, gate) -> str:
    found = store.programs(tenant)
    if not found:
        return ("No programs yet. The built-in `default` pairs everyone when someone runs "
                "`weaktie round`. Create one: `admin create coffee cadence=\"weekly mon 10:00\"`.")
    lines = [f"• `{p.name}` ({state}): {cadence_words(p)}, groups of {p.group_size}, "
             f"{'in person' if p.in_person else 'hybrid'}" for p, state in found]
    return "Programs:\n" + "\n".join(lines)


def show(store, tenant, person, command, now, platform, gate) -> str:
    program, state = _program(store, tenant, command.name)
    return described(program, state, now, store.channel_names(tenant))


def _create(store, tenant, person, command, now, platform, gate) -> str:
    try:
        program = merged({"name": command.name}, command.settings, store.channel_names(tenant))
    except ProgramError as exc:
        return f"Not created: {exc}."
    if not store.create_program(tenant, program, now, platform):
        return f"There is already a program `{command.name}`: change it with `admin edit`."
    return f"Created `{program.name}`: {cadence_words(program)}.\n" + show(
        store, tenant, person, command, now, platform, gate)


def _edit(store, tenant, person, command, now, platform, gate) -> str:
    before, _ = _program(store, tenant, command.name)
    try:
        program = merged(program_to_dict(before), command.settings, store.channel_names(tenant))
    except ProgramError as exc:
        return f"Nothing changed: {exc}."
    store.edit_program(tenant, program, now)
    return "Saved.\n" + show(store, tenant, person, command, now, platform, gate)


def _pause(store, tenant, person, command, now, platform, gate) -> str:
    _program(store, tenant, command.name)
    store.set_program_state(tenant, command.name, "paused", now)
    return (f"`{command.name}` is paused: no rounds until `admin resume {command.name}`. "
            "Nudges already sent keep their follow-ups.")


def _resume(store, tenant, person, command, now, platform, gate) -> str:
    program, _ = _program(store, tenant, command.name)
    store.set_program_state(tenant, command.name, "active", now)
    return f"`{command.name}` is running again{next_round(program, now, 'active')}."


def _delete(store, tenant, person, command, now, platform, gate) -> str:
    _program(store, tenant, command.name)
    if not command.confirmed:
        return (f"This deletes `{command.name}` with its rounds and their answers (meetings people "
                f"confirmed still count as ties). To go ahead, send `admin delete {command.name} now`.")
    store.delete_program(tenant, command.name)
    return f"Deleted `{command.name}`."


def _run(store, tenant, person, command, now, platform, gate) -> str:
    name = command.name or service.DEFAULT_PROGRAM
    if any(p.name == name and state == "paused" for p, state in store.programs(tenant)):
        return f"`{name}` is paused; `admin resume {name}` first."
    try:
        planned = service.plan_round_now(store, tenant, command.name, now)
    except DuplicateRound:
        return "A round of that program was just planned: it is on its way."
    groups = len(planned.work.plan.nudges)
    if not planned.work.eligible:
        return (f"Round planned for `{planned.program.name}`, but it reached nobody: "
                + nobody(store, tenant, planned.program))
    return (f"Round planned for `{planned.program.name}`: {groups} groups. Their nudges go out at "
            "the clock's next heartbeat (within a minute).")


def _managers(store, tenant, person, command, now, platform, gate) -> str:
    named = sorted(gate.managers)
    granted = store.granted_managers(tenant)
    lines = ["Community managers:",
             f"• From WEAKTIE_MANAGERS: {', '.join(_who(m, platform) for m in named) or 'none'}",
             "• Workspace admins (the platform says who)"]
    lines += [f"• {_who(m, platform)}, granted by {_who(by, platform)}" for m, by in granted]
    return "\n".join(lines)


def _grant(store, tenant, person, command, now, platform, gate) -> str:
    if command.name in gate.managers:
        return f"{_who(command.name, platform)} is a manager already (WEAKTIE_MANAGERS)."
    if not store.grant_manager(tenant, command.name, person, now, platform):
        return f"{_who(command.name, platform)} is a manager already."
    return f"{_who(command.name, platform)} can now manage programs."


def _revoke(store, tenant, person, command, now, platform, gate) -> str:
    if command.name in gate.managers:
        return (f"{_who(command.name, platform)} is a manager through WEAKTIE_MANAGERS; "
                "whoever runs weaktie can change that.")
    if not store.revoke_manager(tenant, command.name):
        return f"{_who(command.name, platform)} was not granted by a manager; nothing changed."
    return f"{_who(command.name, platform)} no longer manages programs."


def _form(store, tenant, person, command, now, platform, gate) -> str:
    return ("The program form opens from Slack's `/coffee admin form` and as a card in Teams. "
            "Here, use `admin create` and `admin edit` (`admin help` lists the settings).")


def _deliveries(store, tenant, person, command, now, platform, gate) -> str:
    """Ids, kinds and times only: a manager never sees who, nor who was paired with whom."""
    found = store.unknown_sends(tenant) if store.has_tenant(tenant) else []
    if not found:
        return "Nothing to check: no message was cut off mid-way."
    lines = [f"• `{row.id}`: {row.kind}, {_when(row.at)}"
             for row in found[:LISTED_SENDS]]
    if len(found) > LISTED_SENDS:
        lines.append(f"• and {len(found) - LISTED_SENDS} more, newer (`weaktie deliveries` "
                     "lists them all)")
    return "\n".join([
        f"{len(found)} message(s) cut off mid-way; Teams keeps no copy to check, so ask the "
        "person (the id's number is the group's suggestion, then its member):", *lines,
        "If they have it: `admin delivered ID`. If not: `admin resend ID` (it goes again at "
        "the next heartbeat, to that person only)."])


def _delivered(store, tenant, person, command, now, platform, gate) -> str:
    problem = store.mark_unknown_sent(command.name, tenant) if store.has_tenant(tenant) \
        else _NO_SUCH_SEND
    return f"Not changed: {problem}." if problem else \
        f"`{command.name}` is marked sent; nothing was sent."


def _resend(store, tenant, person, command, now, platform, gate) -> str:
    problem = store.resend_unknown(command.name, tenant) if store.has_tenant(tenant) \
        else _NO_SUCH_SEND
    return f"Not changed: {problem}." if problem else \
        f"`{command.name}` goes out again at the next heartbeat (within a minute), to that " \
        "person only."


GUESTS_MEANING = (
    "People of other organisations are Slack Connect users (from a channel shared with another "
    "company), Teams guests and federated users. Who they interact with is stored only while "
    "they are included; and even then they are paired only by a program whose settings say so "
    "(`include_guests: true` in the programs file). Excluding them stores nothing more about "
    "them from now on.")


def _guests(store, tenant, person, command, now, platform, gate) -> str:
    if command.name is None:
        included = store.includes_guests(tenant)
        state = "included" if included else "not included (the default)"
        change = "exclude" if included else "include"
        return (f"People of other organisations are {state} here. {GUESTS_MEANING} "
                f"To change it: `admin guests {change}`.")
    include = command.name == "include"
    store.set_include_guests(tenant, include, platform)
    return (f"People of other organisations are now {'included' if include else 'excluded'}. "
            f"{GUESTS_MEANING}")


_NO_SUCH_SEND = "there is no unknown send by that id (`admin deliveries` lists them)"


def _when(at: datetime | None) -> str:
    return f"{at:%Y-%m-%d %H:%M} UTC" if at else "time not recorded"


ACTIONS = {"programs": _programs, "show": show, "create": _create, "edit": _edit,
           "pause": _pause, "resume": _resume, "delete": _delete, "preview": preview,
           "run": _run, "stats": stats, "managers": _managers, "grant": _grant,
           "revoke": _revoke, "form": _form, "deliveries": _deliveries,
           "delivered": _delivered, "resend": _resend, "guests": _guests, "health": _health,
           "outcomes": outcomes, "draft": draft}


def _program(store: Store, tenant: str, name: str) -> tuple[Program, str]:
    for program, state in store.programs(tenant):
        if program.name == name:
            return program, state
    raise WeaktieError(f"there is no program `{name}` (`admin programs` lists them)")


def merged(base: dict[str, Any], settings: dict[str, Any],
            channel_names: Mapping[str, str]) -> Program:
    """The program `settings` make of `base`, its scope resolved to channel ids."""
    values = dict(base) | {k: v for k, v in settings.items() if k != "weights"}
    if "weights" in settings:
        values["weights"] = dict(base.get("weights") or {}) | settings["weights"]
    return scope.resolve(program_from_dict(values), channel_names)


def _who(person: str, platform: str) -> str:
    return f"<@{person}>" if platform == "slack" else person
