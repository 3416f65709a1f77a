"""What community managers can say to weaktie (`admin ...`, the same words on every platform):
a pure parser from text to an AdminCommand, or a Reply saying what was wrong."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from bot.core.programs import Program
from bot.service.admin_french import action_in_english, words_in_english
from bot.service.admin_help import ADMIN_HELP as ADMIN_HELP
from bot.service.admin_help import admin_help
from bot.service.admin_settings import EN
from bot.service.admin_settings import settings as _settings
from bot.service.commands import Reply
from bot.service.language import Texts, choose, folded, texts

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
# A person named by id, with or without "@" (the Slack adapter unescapes <@U08|eve> to U08).
MENTION = re.compile(r"^@?([A-Za-z0-9:._@-]+)$")
NEEDS_NAME = ("show", "create", "edit", "pause", "resume", "delete")
OPTIONAL_NAME = ("preview", "run", "stats", "outcomes", "form")
DELIVERY_ACTIONS = ("delivered", "resend")  # one unknown send's id (`admin deliveries`)
ACTIONS = ("programs", "managers", "grant", "revoke", *NEEDS_NAME, *OPTIONAL_NAME,
           "deliveries", *DELIVERY_ACTIONS, "guests", "health", "draft",
           "dashboard", "calendar")  # calendar: bot/service/calendar_organisation.py
GUEST_CHOICES = ("include", "exclude")  # `admin guests` alone shows the tenant's choice

SMART_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


@dataclass(frozen=True, slots=True)
class AdminCommand:
    """`action` on program `name` (or on a person, for grant/revoke), with checked `settings`
    (program field -> value, weights as {"weights": {...}}) and options such as rounds=N."""

    action: str
    name: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    confirmed: bool = False


# They build a tenant's ties: seconds when big.
SLOW = ("preview", "run", "stats", "outcomes", "health", "draft")


def takes_a_while(text: str) -> bool:
    """Whether answering these words may outlast a platform's wait for an answer."""
    words = text.strip().split() if isinstance(text, str) else []
    return len(words) > 1 and words[0].lower() == "admin" and \
        action_in_english(words[1]) in SLOW


def working_text(locale: str | None) -> str:
    """The at-once answer to slow words, in the language a platform `locale` names (English
    for none): it goes before the store says what the person chose, within Slack's 3 s."""
    return texts(choose(None, locale, None)).gettext("Working on it…")


def is_admin(text: str) -> bool:
    """Whether the words are addressed to the manager commands at all."""
    return isinstance(text, str) and text.strip().lower().split(" ", 1)[0] == "admin"


def parse_admin(text: str, says: Texts = EN) -> AdminCommand | Reply:
    """`admin ...` (English or French words) -> the command it asks for, or a helpful reply in
    the manager's language."""
    try:
        typed = shlex.split(text.translate(SMART_QUOTES))[1:]
    except ValueError:
        return Reply(says.gettext("A quote is not closed; put values with spaces in quotes: "
                                  '`cadence="weekly mon 10:00"`.'))
    words = words_in_english(typed)
    if not words or words[0] == "help":
        return Reply(admin_help(says))
    action, rest = words[0], words[1:]
    # the action as the manager typed it, for the answers that name it (`admin nommer`)
    if [folded(w) for w in typed[:3]] == ["tableau", "de", "bord"]:
        typed = ["tableau de bord", *typed[3:]]
    if action not in ACTIONS:
        return Reply(says.gettext("Sorry, `admin {action}` is not a manager command.\n{help}",
                                  action=typed[0].lower(), help=admin_help(says)))
    if action in ("programs", "managers", "health", "dashboard", "deliveries"):
        return AdminCommand(action) if not rest else Reply(
            says.gettext("`admin {action}` takes nothing more.", action=typed[0].lower()))
    if action in ("grant", "revoke"):
        return _person(action, typed[0].lower(), rest, says)
    if action == "draft":
        # One ASCII digit: str.isdigit() also takes "²", which int() refuses.
        if len(rest) != 1 or not re.fullmatch(r"[1-9]", rest[0]):
            return Reply(says.gettext("Which idea? `admin draft 1` (`admin health` numbers "
                                      "them)."))
        return AdminCommand(action, rest[0])
    if action == "guests":
        choice = [w.lower() for w in rest]
        if choice and (len(choice) > 1 or choice[0] not in GUEST_CHOICES):
            return Reply(says.gettext("`admin guests` shows the choice; `admin guests include` "
                                      "or `admin guests exclude` changes it."))
        return AdminCommand(action, choice[0] if choice else None)
    if action in DELIVERY_ACTIONS:
        if len(rest) != 1:
            return Reply(says.gettext("Which one? `admin {action} ID` (`admin deliveries` lists "
                                      "them).", action=typed[0].lower()))
        return AdminCommand(action, rest[0])
    name = None
    if rest and "=" not in rest[0]:
        name, rest = rest[0].lower(), rest[1:]
        if not NAME.match(name):
            return Reply(says.gettext("`{name}` can't be a program name: use letters, digits, - "
                                      "and _.", name=name))
    if action in NEEDS_NAME and name is None:
        return Reply(says.gettext("Which program? `admin {action} NAME` (`admin programs` lists "
                                  "them).", action=typed[0].lower()))
    if action == "delete":
        confirmed = [w.lower() for w in rest] == ["now"]
        if rest and not confirmed:
            return Reply(says.gettext("To delete it, send `admin delete {name} now`.", name=name))
        return AdminCommand("delete", name, confirmed=confirmed)
    settings = _settings(rest, says)
    if isinstance(settings, Reply):
        return settings
    if action in ("stats", "outcomes"):
        if set(settings) - {"rounds"}:
            return Reply(says.gettext("`admin {action}` takes a program and `rounds=N`, nothing "
                                      "else.", action=typed[0].lower()))
        return AdminCommand(action, name, settings)
    if action == "edit" and not settings:
        return Reply(says.gettext("What should change? `admin edit {name} size=3` (`admin help` "
                                  "lists settings).", name=name))
    if settings and action not in ("create", "edit"):
        return Reply(says.gettext("`admin {action}` takes no settings; change them with `admin "
                                  "edit`.", action=typed[0].lower()))
    return AdminCommand(action, name, settings)


def _person(action: str, word: str, rest: list[str], says: Texts) -> AdminCommand | Reply:
    """`word`: the action as typed (`nommer` or `grant`), which the answer names."""
    found = MENTION.match(rest[0]) if len(rest) == 1 else None
    if found is None:
        return Reply(says.gettext("Whom? `admin {action} @someone`", action=word))
    return AdminCommand(action, found.group(1))


FORM_FIELDS = ("cadence", "tz", "size", "mode", "overlap", "cross", "offices", "venues",
               "cooldown",
               "enrolment", "scope", "tone", "dormant", "friends", "bridges", "acquaintances",
               "fill")


# A form shows every setting filled in, so a field emptied there means "none": these settings
# have such a value (scope and offices: everyone; venues: none; cadence: only when run).
CLEARED = {"scope": ("scope", []), "offices": ("offices", []), "venues": ("venues", {}),
           "cadence": ("cadence", None)}


def settings_from_form(form: dict[str, Any], says: Texts = EN
                       ) -> tuple[dict[str, Any], dict[str, str]]:
    """A program form's fields (Slack modal, Teams card; names as in FORM_FIELDS, plus `name`)
    -> (settings, {field: problem}). Empty fields are left out, except those in CLEARED (scope
    and offices even when missing; venues and cadence when sent empty)."""
    settings: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key in FORM_FIELDS:
        raw = form.get(key)
        if isinstance(raw, (list, tuple)):
            raw = ",".join(str(v) for v in raw)
        raw = "" if raw is None else str(raw).strip()
        if raw == "":
            if key in CLEARED and (key in form or key in ("scope", "offices")):
                settings[CLEARED[key][0]] = CLEARED[key][1]
            continue
        found = _settings([f"{key}={raw}"], says)
        if isinstance(found, Reply):
            errors[key] = found.text.split("\n", 1)[0].replace("`", "")
            continue
        for name, value in found.items():
            if name == "weights":
                settings.setdefault("weights", {}).update(value)
            else:
                settings[name] = value
    name = str(form.get("name") or "").strip().lower()
    if not NAME.match(name):
        errors["name"] = says.gettext("Use letters, digits, - and _ (up to 60).")
    return settings, errors


def form_name(text: str) -> str | None:
    """For `admin form [NAME]`: the program to show in a form ("" for a new one); None for any
    other words (including a form asked for with a name that can't be one: the text answers)."""
    if not is_admin(text):
        return None
    parsed = parse_admin(text)
    if isinstance(parsed, AdminCommand) and parsed.action == "form":
        return parsed.name or ""
    return None


def form_values(program: Program) -> dict[str, str]:
    """A program as the form's fields (FORM_FIELDS plus `name`), the inverse of
    settings_from_form: what a Slack modal or a Teams card shows before a manager edits it."""
    w = program.weights
    return {"name": program.name, "cadence": program.cadence or "", "tz": program.timezone,
            "size": str(program.group_size), "mode": "in-person" if program.in_person else "hybrid",
            "overlap": str(program.overlap_minutes), "cross": program.cross or "auto",
            "offices": ", ".join(program.offices),
            "venues": "; ".join(f"{office}: {', '.join(places)}"
                                for office, places in program.venues.items()),
            "cooldown": str(program.cooldown_weeks), "enrolment": program.enrolment,
            "scope": ", ".join(program.scope), "tone": program.tone,
            "dormant": f"{w.dormant:g}", "friends": f"{w.friend_of_friend:g}",
            "bridges": f"{w.bridge:g}", "acquaintances": f"{w.acquaintance:g}", "fill": f"{w.fill:g}"}
