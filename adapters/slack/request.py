"""What a signed Slack request must look like before bolt sees it: one reader for its body,
and one check of every field bolt reads before any listener runs.

bolt parses the body itself (a `{not json` or `payload=123` is a 500 there) and reads fields
such as `authorizations[0]`, `event.type` or `actions[0].action_id` assuming their types (a
string `event`, an empty `actions` list or a numeric `view.callback_id` raise inside bolt).
Bodies like these come only from a forger holding the signing secret or from a Slack bug; they
get a 400 with a short reason here and never reach bolt, a listener or the database. Shapes:
https://api.slack.com/apis/events-api#callback-field (events),
https://api.slack.com/reference/interaction-payloads (buttons, modals),
https://api.slack.com/interactivity/slash-commands#app_command_handling (slash commands).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from adapters.slack.events import slack_id
from bot.service.inbound import BadInput

MAX_DEPTH = 40  # a real payload (rich text in a view's blocks) nests about a dozen levels

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

# Top-level fields bolt (or a listener) reads as text when they are there.
TEXT = ("type", "team_id", "enterprise_id", "user_id", "channel_id", "api_app_id", "token",
        "trigger_id", "response_url", "callback_id", "action_id", "thread_ts", "command",
        "text", "event_id", "context_team_id", "context_enterprise_id", "bot_access_token",
        "function_execution_id", "ssl_check", "challenge")
# Fields of the inner event bolt reads before a listener (build_context, the matchers).
EVENT_TEXT = ("type", "subtype", "user_team", "source_team", "user_id", "channel_id",
              "thread_ts", "ts", "event_ts", "bot_id", "tab", "text", "function_execution_id",
              "bot_access_token")


def read_body(text: str, content_type: str) -> dict[str, Any]:
    """The request's body as one dict: a JSON object (events), the JSON object in a form's
    `payload` (interactivity), or the form's fields (slash commands); BadInput otherwise.
    Read by content type, not by bolt's guess (bolt takes any body containing the word
    "payload" for an interactive one, so `/coffee payload` would lose its fields)."""
    if content_type == JSON:
        return _json_object(text)
    if content_type == FORM:
        fields = dict(parse_qsl(text, keep_blank_values=True))
        return _json_object(fields["payload"]) if "payload" in fields else fields
    raise BadInput("Slack sends JSON or a form")


def check_shape(body: Mapping[str, Any]) -> None:
    """BadInput, with a short reason, when a field bolt reads before any listener has a type
    bolt does not expect; nothing otherwise. Pure: it only reads `body`."""
    _text(body, TEXT, "")
    if body.get("response_url") and not body["response_url"].startswith(("https://", "http://")):
        raise BadInput("response_url is not a web address")
    _either(body, ("team", "enterprise", "user", "channel"), "")
    for name in ("message", "previous_message", "item", "assistant_thread", "function_data",
                 "view", "container", "state"):
        _object(body, name)
    _flag(body, ("is_enterprise_install", "is_ext_shared_channel"))
    _authorizations(body.get("authorizations"))
    _response_urls(body.get("response_urls"))
    for part in ("team", "enterprise", "user", "channel"):
        if isinstance(body.get(part), dict):
            _text(body[part], ("id", "team_id", "enterprise_id"), f"{part}.")
    if isinstance(body.get("view"), dict):
        _text(body["view"], ("id", "type", "callback_id", "team_id", "app_installed_team_id"),
              "view.")
    if "event" in body:
        _event(body["event"])
    _actions(body)
    _ids(body)
    # bolt hands every listener its `view` and `step` (kwargs_injection), reading
    # view.callback_id, view.type and workflow_step on the way
    if body.get("type") in ("view_submission", "view_closed") and \
            not (isinstance(body.get("view"), dict) and
                 isinstance(body["view"].get("callback_id"), str) and
                 isinstance(body["view"].get("type"), str)):
        raise BadInput("a view without a callback id or type")
    if body.get("type") == "workflow_step_edit" and "callback_id" in body and \
            not isinstance(body.get("workflow_step"), dict):
        raise BadInput("a workflow step edit without its step")


def _ids(body: Mapping[str, Any]) -> None:
    """The ids bolt resolves the installation and the user with (they reach the installation
    store's queries) must look like Slack's: capitals and digits, at most 40 characters."""
    event = body.get("event") if isinstance(body.get("event"), dict) else {}
    parts = [(body, ("team_id", "enterprise_id", "user_id", "context_team_id",
                     "context_enterprise_id"), ""), (event, ("user_team", "source_team"), "event.")]
    for name in ("team", "enterprise", "user"):
        if isinstance(body.get(name), dict):
            parts.append((body[name], ("id", "team_id", "enterprise_id"), f"{name}."))
        elif isinstance(body.get(name), str):
            parts.append((body, (name,), ""))
    if isinstance(body.get("view"), dict):
        parts.append((body["view"], ("team_id", "app_installed_team_id"), "view."))
    if isinstance(event.get("user"), str):
        parts.append((event, ("user",), "event."))
    for authorization in body.get("authorizations") or []:
        if isinstance(authorization, dict):
            parts.append((authorization, ("team_id", "enterprise_id", "user_id"),
                          "authorizations[]."))
    for where, names, prefix in parts:
        for name in names:
            found = where.get(name)
            if isinstance(found, str) and found and not slack_id(found):
                raise BadInput(f"{prefix}{name} is not a Slack id")


def _json_object(text: str) -> dict[str, Any]:
    try:
        found = json.loads(text)
    except (ValueError, RecursionError):
        raise BadInput("the body is not JSON") from None
    if not isinstance(found, dict):
        raise BadInput("the body is not a JSON object")
    if _depth(found) > MAX_DEPTH:
        raise BadInput("the body nests too deeply")
    return found


def _depth(value: Any) -> int:
    """How deeply `value` nests, without recursion (json.loads allows about a thousand)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) \
            else ()
        stack.extend((child, level + 1) for child in children)
    return deepest


def _event(event: Any) -> None:
    if not isinstance(event, dict):
        raise BadInput("event is not an object")
    if not isinstance(event.get("type"), str):
        raise BadInput("event.type is not text")
    _text(event, EVENT_TEXT, "event.")
    _either(event, ("user", "channel", "team"), "event.")
    for name in ("item", "message", "previous_message", "assistant_thread", "tokens",
                 "user_profile", "inputs", "function"):
        _object(event, name, "event.")
    for part in ("user", "channel", "team"):
        if isinstance(event.get(part), dict):
            _text(event[part], ("id", "name", "team_id"), f"event.{part}.")
    if isinstance(event.get("item"), dict):
        _text(event["item"], ("channel", "ts", "type"), "event.item.")
    _flag(event, ("is_ext_shared_channel",), "event.")


def _actions(body: Mapping[str, Any]) -> None:
    """block_actions and attachment actions: bolt matches on actions[0].action_id."""
    if "actions" not in body and body.get("type") not in ("block_actions", "interactive_message"):
        return
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions or \
            not all(isinstance(action, dict) for action in actions):
        raise BadInput("actions is not a list of objects")
    for action in actions:
        _text(action, ("action_id", "block_id", "value", "type", "action_ts"), "actions[].")
    if body.get("type") == "block_actions" and not isinstance(actions[0].get("action_id"), str):
        raise BadInput("an action without an action id")


def _authorizations(found: Any) -> None:
    if found is None:
        return
    if not isinstance(found, list) or not all(isinstance(a, dict) for a in found):
        raise BadInput("authorizations is not a list of objects")
    for authorization in found:
        _text(authorization, ("enterprise_id", "team_id", "user_id"), "authorizations[].")
        _flag(authorization, ("is_enterprise_install", "is_bot"), "authorizations[].")


def _response_urls(found: Any) -> None:
    if found is None:
        return
    if not isinstance(found, list) or not all(isinstance(r, dict) for r in found):
        raise BadInput("response_urls is not a list of objects")
    for entry in found:
        _text(entry, ("response_url",), "response_urls[].")


def _text(where: Mapping[str, Any], names: tuple[str, ...], prefix: str) -> None:
    for name in names:
        if where.get(name) is not None and not isinstance(where[name], str):
            raise BadInput(f"{prefix}{name} is not text")


def _either(where: Mapping[str, Any], names: tuple[str, ...], prefix: str) -> None:
    """Fields Slack sends as an id or as an object with one (`team`, `user`, `channel`)."""
    for name in names:
        if where.get(name) is not None and not isinstance(where[name], (str, dict)):
            raise BadInput(f"{prefix}{name} is neither an id nor an object")


def _object(where: Mapping[str, Any], name: str, prefix: str = "") -> None:
    if where.get(name) is not None and not isinstance(where[name], dict):
        raise BadInput(f"{prefix}{name} is not an object")


def _flag(where: Mapping[str, Any], names: tuple[str, ...], prefix: str = "") -> None:
    for name in names:
        if where.get(name) is not None and not isinstance(where[name], (bool, str)):
            raise BadInput(f"{prefix}{name} is not true or false")
