"""Readers of Slack's interactive payloads (buttons, modals): pure, and total. Whatever JSON
they are given they return what they found or None, never raise on its shape. Shapes:
https://api.slack.com/reference/interaction-payloads/block-actions,
https://api.slack.com/reference/interaction-payloads/views#view_submission.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from adapters.slack.events import slack_id


class Clicker(NamedTuple):
    """Who acted: their id, and the organisation their account belongs to (`user.team_id`,
    an E… id for an Enterprise Grid user; None when the payload does not say)."""

    user: str
    team: str | None


def clicker(body: Mapping[str, Any]) -> Clicker | None:
    user = body.get("user")
    if not isinstance(user, dict) or not slack_id(user.get("id")):
        return None
    team = user.get("team_id")
    return Clicker(user["id"], team if slack_id(team) else None)


def first_action(body: Mapping[str, Any]) -> tuple[str, str] | None:
    """(action id, value) of the button that was pressed: block_actions carry one."""
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions or not isinstance(actions[0], dict):
        return None
    action_id, value = actions[0].get("action_id"), actions[0].get("value")
    if not isinstance(action_id, str):
        return None
    return action_id, value if isinstance(value, str) else ""


def original_message(body: Mapping[str, Any]) -> tuple[list[dict], str] | None:
    """(blocks, text) of the message the button is in, when it has blocks to rewrite."""
    message = body.get("message")
    if not isinstance(message, dict):
        return None
    blocks, text = message.get("blocks"), message.get("text")
    if not isinstance(blocks, list) or not blocks or \
            not all(isinstance(block, dict) for block in blocks):
        return None
    return blocks, text if isinstance(text, str) and text else "weaktie"


def trigger(body: Mapping[str, Any]) -> str | None:
    """The trigger id a modal is opened with."""
    found = body.get("trigger_id")
    return found if isinstance(found, str) and found else None


def view_values(view: Any) -> dict[str, dict]:
    """A submitted view's state.values ({block id: {action id: element state}}), keeping only
    the parts shaped as Slack documents them."""
    state = view.get("state") if isinstance(view, dict) else None
    values = state.get("values") if isinstance(state, dict) else None
    if not isinstance(values, dict):
        return {}
    return {block: {action: element for action, element in actions.items()
                    if isinstance(element, dict)}
            for block, actions in values.items() if isinstance(actions, dict)}


def text_of(values: Mapping[str, dict], block: str) -> str:
    """A plain_text_input's value (action id "value"), "" when missing or not text."""
    found = values.get(block, {}).get("value", {}).get("value")
    return found if isinstance(found, str) else ""
