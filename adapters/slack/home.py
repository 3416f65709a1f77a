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
    """The Home tab: my status, my current suggestion, and buttons for the common actions."""
    if not home.joined:
        state = "You're *not taking part* in coffee rounds."
        actions = [_button("Join", "home_join", "primary")]
    elif home.paused_until:
        state = f"You're *paused* until {home.paused_until}."
        actions = [_button("Resume", "home_resume", "primary")]
    else:
        state = "You're *in the next round*."
        actions = [_button("Pause 2 weeks", "home_pause"), _button("Leave", "home_leave")]
    actions.append(_button("Edit my profile", "home_profile"))
    if home.calendar == "":  # calendars offered, none connected
        actions.append(_button("Connect your calendar", "home_calendar"))
    office = free(home.office) if home.office else "not set"
    profile = (f"*Office:* {office}   *Time zone:* {free(home.timezone, 100)}   "
               f"*Hours:* {free(home.hours, 100)}")
    if home.calendar:
        profile += f"   *Calendar:* {home.calendar} (free/busy only)"
    blocks = [*sections([f":coffee: {state}"]), *sections([profile]),
              {"type": "actions", "block_id": "home", "elements": actions}]
    if home.suggestion:
        who = " and ".join(f"<@{m}>" for m in home.suggestion.members if m != home.person)
        reasons = [f"• {free(r)}" for r in reason_lines(home.suggestion.reasons, texts(None))]
        blocks += [{"type": "divider"},
                   *sections([f"*Your current suggestion:* meet {who}", *reasons])]
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": (
        "weaktie sees who talks with whom, never what is said. Type `help` in a message to me "
        "for everything I understand.")}]})
    return {"type": "home", "blocks": blocks}


def profile_modal(home: Home) -> dict:
    """The profile form: office, time zone, hours, people I'd rather not be paired with."""
    return {
        "type": "modal", "callback_id": PROFILE,
        "title": plain("My coffee profile", VIEW_TEXT),
        "submit": plain("Save", VIEW_TEXT),
        "blocks": [
            _input("office", "Office", home.office or "", "Lisbon"),
            _input("tz", "Time zone", home.timezone, "Europe/Lisbon"),
            _input("hours", "Working hours", home.hours, "9-17"),
            {"type": "input", "block_id": "avoid", "optional": True,
             "label": {"type": "plain_text", "text": "I'd rather not be paired with"},
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
