"""A Bot Framework activity's shape, checked by pure functions before anything reads it: a 400
with a short reason, nothing written. The bounds are the store's and Teams' own.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

from botbuilder.schema import ActivityTypes

from bot.service.inbound import BadInput

# The activity as received: botbuilder's models drop fields we need (conversation.tenantId, the
# ids inside mention entities), so the turn reads the raw JSON. Set per request, in its task.
RAW: ContextVar[dict] = ContextVar("weaktie_teams_raw")

# What one activity may hold before we look at it: Teams' own activities stay far below these.
MAX_ID = 200  # the store's id columns (tenants, people, channels) are 200 characters
MAX_NAME = 1000
MAX_TEXT = 100_000  # a Teams message is at most about 100 KB
MAX_URL = 2000
MAX_LIST = 1000  # entities, members added or removed, reactions
MAX_MENTIONS = 50  # distinct people one message may be stored as mentioning

# Inbound Bot Framework activity types (invokeResponse only ever goes from the bot).
ACTIVITY_TYPES = frozenset(t.value for t in ActivityTypes) - {ActivityTypes.invoke_response.value}


def checked_activity(body: Any) -> dict:
    """The activity, when it has the shape our turn and botbuilder read; BadInput with a short
    reason when not. Only the parts something reads are checked (the rest is botbuilder's)."""
    if not isinstance(body, dict):
        raise BadInput("the body is not a JSON object")
    if _string(body, "type") not in ACTIVITY_TYPES:
        raise BadInput("type is not a Bot Framework activity type")
    for key in ("from", "recipient", "conversation"):
        _account(body, key)
    for key in ("tenantId", "conversationType"):
        _string(body["conversation"], key)
    for key in ("id", "replyToId", "channelId", "action", "name", "locale"):
        _string(body, key)
    _string(body, "serviceUrl", MAX_URL)
    _string(body, "timestamp", 64)
    _string(body, "text", MAX_TEXT)
    data = _object(body, "channelData")
    for key in ("tenant", "team", "channel"):
        # present means with an id: botbuilder's Teams helpers index it
        if data.get(key) is not None and not _string(_object(data, key), "id"):
            raise BadInput(f"channelData.{key}.id is missing")
        _string(_object(data, key), "name", MAX_NAME)
    _string(data, "eventType")
    for entity in _objects(body, "entities"):
        _string(entity, "type")
        _string(_object(entity, "mentioned"), "id")
    for key in ("membersAdded", "membersRemoved"):
        for member in _objects(body, key):
            _member(member)
    for key in ("reactionsAdded", "reactionsRemoved"):
        _objects(body, key)
    return body


def _account(parent: Mapping[str, Any], key: str) -> dict:
    """A required ChannelAccount-like object: an object with a non-empty string id."""
    account = _object(parent, key)
    if not _string(account, "id"):
        raise BadInput(f"{key}.id is missing")
    for name in ("aadObjectId", "tenantId", "userRole"):
        _string(account, name)
    _string(account, "name", MAX_NAME)
    return account


def _member(member: Mapping[str, Any]) -> None:
    if not _string(member, "id"):
        raise BadInput("a member has no id")
    for name in ("aadObjectId", "tenantId", "userRole"):
        _string(member, name)
    _string(member, "name", MAX_NAME)


def _object(parent: Any, key: str) -> dict:
    """parent[key] as an object ({} when absent or null); BadInput when it is anything else."""
    if not isinstance(parent, Mapping):
        raise BadInput("an activity part is not an object")
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadInput(f"{key} is not an object")
    return value


def _string(parent: Any, key: str, limit: int = MAX_ID) -> str:
    """parent[key] as a string ("" when absent or null), at most `limit` characters, without
    NUL (PostgreSQL text cannot hold it); an id-sized one printable (no control or bidi
    characters: ids and names end up in the store and in what people read)."""
    if not isinstance(parent, Mapping):
        raise BadInput("an activity part is not an object")
    value = parent.get(key)
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit or "\x00" in value or \
            (limit <= MAX_ID and not value.isprintable()):
        raise BadInput(f"{key} is not a printable string of at most {limit} characters")
    return value


def _objects(parent: Any, key: str, limit: int = MAX_LIST) -> list[dict]:
    """parent[key] as a list of objects ([] when absent or null), at most `limit` long."""
    if not isinstance(parent, Mapping):
        raise BadInput("an activity part is not an object")
    value = parent.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > limit or \
            not all(isinstance(item, dict) for item in value):
        raise BadInput(f"{key} is not a list of at most {limit} objects")
    return value
