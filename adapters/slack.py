"""Slack: pure converters from Events API payloads (and exports) to interaction metadata.

Only who, with whom, where, when and what kind leave this module. A message's text is read for
one thing, the user ids it mentions, and is never stored or logged.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from adapters.slack_status import away_change
from bot.core.model import Interaction

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
# Message subtypes that are a person speaking; edits, deletions, joins and bots are not.
SPOKEN = {None, "thread_broadcast", "file_share", "me_message"}

def to_observed(body: Mapping[str, Any]) -> list[tuple[str, Interaction]]:
    """(source id, Interaction) pairs for one event_callback; [] for anything else or a bot's.

    Source ids come from the message (channel and ts), not the event id, so a message seen live
    and again in a workspace export, or redelivered by a retry, is stored once."""
    event = body.get("event")
    if body.get("type") != "event_callback" or not isinstance(event, dict):
        return []
    if event.get("type") == "message" and event.get("channel_type") != "im":
        return message_interactions(str(event.get("channel") or ""), event)
    if event.get("type") in ("member_joined_channel", "member_left_channel"):
        return membership_interactions(event, body)
    if event.get("type") == "reaction_added":
        item = event.get("item") if isinstance(event.get("item"), dict) else {}
        return reaction_interactions(str(item.get("channel") or ""), str(item.get("ts") or ""),
                                     event.get("item_user"), event.get("user"),
                                     str(event.get("reaction") or ""),
                                     _moment(event.get("event_ts"), body.get("event_time")))
    return []


def message_interactions(channel: str, message: Mapping[str, Any]) -> list[tuple[str, Interaction]]:
    """A person's message in a channel: a post (or a reply to the thread's author), its
    mentions, and (in an export) its reactions. The text is scanned for user ids only."""
    user, ts = message.get("user"), message.get("ts")
    if message.get("bot_id") or message.get("bot_profile") or message.get("subtype") not in SPOKEN:
        return []
    at = _moment(ts, None)
    if not channel or not isinstance(user, str) or at is None:
        return []
    key = f"slack:{channel}:{ts}"
    parent = message.get("parent_user_id")
    threaded = message.get("thread_ts") not in (None, ts)
    if threaded and isinstance(parent, str) and parent != user:
        out = [(key, Interaction(user, parent, "reply", at, channel))]
    else:
        out = [(key, Interaction(user, None, "message", at, channel))]
    text = message.get("text") if isinstance(message.get("text"), str) else ""
    out += [(f"{key}:mention:{target}", Interaction(user, target, "mention", at, channel))
            for target in sorted(set(MENTION.findall(text)) - {user})]
    for reaction in message.get("reactions") or []:
        if isinstance(reaction, dict):
            for reactor in reaction.get("users") or []:
                out += reaction_interactions(channel, str(ts), user, reactor,
                                             str(reaction.get("name") or ""), at)
    return out


def membership_interactions(event: Mapping[str, Any], body: Mapping[str, Any]
                            ) -> list[tuple[str, Interaction]]:
    """Someone joined or left a channel: who is in it counts as context, not as a tie."""
    user, channel = event.get("user"), event.get("channel")
    at = _moment(event.get("event_ts"), body.get("event_time"))
    if not isinstance(user, str) or not isinstance(channel, str) or at is None:
        return []
    kind = "join" if event.get("type") == "member_joined_channel" else "leave"
    key = f"slack:{channel}:{kind}:{user}:{event.get('event_ts') or body.get('event_time')}"
    return [(key, Interaction(user, None, kind, at, channel))]


def reaction_interactions(channel: str, item_ts: str, author: Any, user: Any, name: str,
                          at: datetime | None) -> list[tuple[str, Interaction]]:
    """A reaction to a message: from the reacting person to the message's author. One per
    person and message, whichever emoji: an emoji's name is chosen by people (custom emoji), so
    it is in no key, column or log."""
    if not isinstance(user, str) or not isinstance(author, str) or user == author or at is None:
        return []
    key = f"slack:{channel}:{item_ts}:reaction:{user}"
    return [(key, Interaction(user, author, "reaction", at, channel or None))]


def _moment(ts: Any, fallback: Any) -> datetime | None:
    """Slack's "1718000000.000100" timestamps (or the envelope's event_time) as UTC."""
    for value in (ts, fallback):
        try:
            return datetime.fromtimestamp(float(value), UTC)
        except (TypeError, ValueError, OverflowError, OSError):
            continue
    return None


def quiet_slack_loggers() -> None:
    """Bolt logs a whole request body (message text included) at INFO on some failures."""
    for name in ("slack_bolt", "slack_sdk"):
        logging.getLogger(name).setLevel(logging.WARNING)


def to_profile(body: Mapping[str, Any]) -> tuple[str, str, dict[str, Any]] | None:
    """(team, user, settings) from team_join / user_change: name, time zone, deactivation, and
    out of office until when (from the status, whose words are never kept)."""
    event = body.get("event")
    if not isinstance(event, dict) or event.get("type") not in ("team_join", "user_change"):
        return None
    user = event.get("user")
    if not isinstance(user, dict) or not isinstance(user.get("id"), str) or user.get("is_bot"):
        return None
    profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
    values: dict[str, Any] = {}
    name = profile.get("real_name") or user.get("real_name") or profile.get("display_name")
    if isinstance(name, str) and name:
        values["display_name"] = name[:200]
    if isinstance(user.get("tz"), str) and _known_zone(user["tz"]):
        values["timezone"] = user["tz"]
    if user.get("deleted"):
        values["enrolled"] = False  # a deactivated account is never suggested again
    values.update(away_change(profile, _moment(body.get("event_time"), None)))
    return str(body.get("team_id")), user["id"], values


def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def direct_message(body: Mapping[str, Any]) -> tuple[str, str, str] | None:
    """(team, user, text) when the event is a person writing to the bot in a DM, else None."""
    event = body.get("event")
    if not isinstance(event, dict) or event.get("type") != "message":
        return None
    if event.get("channel_type") != "im" or event.get("bot_id") or event.get("subtype"):
        return None
    user, text = event.get("user"), event.get("text")
    if not isinstance(user, str) or not isinstance(text, str):
        return None
    return str(body.get("team_id")), user, text
