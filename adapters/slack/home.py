"""Slack's App Home tab and profile modal, as pure Block Kit builders and a form reader."""

from __future__ import annotations

from typing import Any

from adapters.slack.block_kit import (
    BUTTON_TEXT,
    INPUT_LABEL,
    PLACEHOLDER,
    VIEW_TEXT,
    free,
    plain,
    sections,
)
from adapters.slack.events import slack_id
from adapters.slack.interactive import text_of, view_values
from bot.service.language import texts
from bot.service.message_texts import reason_lines
from bot.service.outbound import Home

PROFILE = "weaktie_profile"  # the modal's callback id


def home_view(home: Home) -> dict:
    """The Home tab, in the reader's language: my status, my current suggestion, and buttons
    for the common actions."""
    says = texts(home.language)
    if not home.joined:
        state = says.gettext("You're *not taking part* in coffee rounds.")
        actions = [_button(says.pgettext("button", "Join"), "home_join", "primary")]
    elif home.paused_until:
        state = says.gettext("You're *paused* until {day}.", day=home.paused_until)
        actions = [_button(says.pgettext("button", "Resume"), "home_resume", "primary")]
    else:
        state = says.gettext("You're *in the next round*.")
        actions = [_button(says.pgettext("button", "Pause 2 weeks"), "home_pause"),
                   _button(says.pgettext("button", "Leave"), "home_leave")]
    actions.append(_button(says.pgettext("button", "Edit my profile"), "home_profile"))
    if home.calendar == "":  # calendars offered, none connected
        actions.append(_button(says.pgettext("button", "Connect your calendar"),
                               "home_calendar"))
    office = free(home.office) if home.office else says.gettext("not set")
    profile = says.gettext("*Office:* {office}   *Time zone:* {zone}   *Hours:* {hours}",
                           office=office, zone=free(home.timezone, 100),
                           hours=free(home.hours, 100))
    if home.calendar:
        profile = says.gettext("{profile}   *Calendar:* {calendar} (free/busy only)",
                               profile=profile, calendar=home.calendar)
    blocks = [*sections([f":coffee: {state}"]), *sections([profile]),
              {"type": "actions", "block_id": "home", "elements": actions}]
    if home.suggestion:
        others = [f"<@{m}>" for m in home.suggestion.members if m != home.person]
        who = says.gettext("{others} and {last}", others=", ".join(others[:-1]),
                           last=others[-1]) if len(others) > 1 else "".join(others)
        reasons = [f"• {free(r)}" for r in reason_lines(home.suggestion.reasons, says)]
        blocks += [{"type": "divider"},
                   *sections([says.gettext("*Your current suggestion:* meet {who}", who=who),
                              *reasons])]
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": says.gettext(
        "weaktie sees who talks with whom, never what is said. Type `help` in a message to me "
        "for everything I understand.")}]})
    return {"type": "home", "blocks": blocks}


def profile_modal(home: Home) -> dict:
    """The profile form, in the reader's language: office, time zone, hours, people I'd rather
    not be paired with. Slack cuts a view's title and submit at 24 characters: French fits."""
    says = texts(home.language)
    return {
        "type": "modal", "callback_id": PROFILE,
        "title": plain(says.gettext("My coffee profile"), VIEW_TEXT),
        "submit": plain(says.pgettext("form", "Save"), VIEW_TEXT),
        "close": plain(says.pgettext("form", "Cancel"), VIEW_TEXT),
        "blocks": [
            _input("office", says.gettext("Office"), home.office or "", "Lisbon"),
            _input("tz", says.gettext("Time zone"), home.timezone, "Europe/Lisbon"),
            _input("hours", says.gettext("Working hours"), home.hours, "9-17"),
            {"type": "input", "block_id": "avoid", "optional": True,
             "label": plain(says.gettext("I'd rather not be paired with"), INPUT_LABEL),
             "element": {"type": "multi_users_select", "action_id": "value",
                         **({"initial_users": list(home.avoid)} if home.avoid else {})}},
        ],
    }


def profile_form(view: Any) -> dict[str, Any]:
    """The submitted modal's values: office, tz, hours (text) and avoid (user ids); an odd
    view reads as empty fields, never an error."""
    values = view_values(view)
    out: dict[str, Any] = {block: text_of(values, block) for block in ("office", "tz", "hours")}
    chosen = values.get("avoid", {}).get("value", {}).get("selected_users")
    out["avoid"] = [u for u in chosen if slack_id(u)] if isinstance(chosen, list) else []
    return out


def _button(label: str, action: str, style: str | None = None) -> dict:
    return {"type": "button", "action_id": action, "text": plain(label, BUTTON_TEXT),
            **({"style": style} if style else {})}


def _input(block: str, label: str, initial: str, placeholder: str) -> dict:
    element = {"type": "plain_text_input", "action_id": "value",
               "placeholder": plain(placeholder, PLACEHOLDER)}
    if initial:
        element["initial_value"] = initial
    return {"type": "input", "block_id": block, "optional": block == "office",
            "label": plain(label, INPUT_LABEL), "element": element}
