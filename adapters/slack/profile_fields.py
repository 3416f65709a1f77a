"""Slack's custom profile fields, read by pure converters (issue 15: teams from a field a
manager named). Shapes:
- team.profile.get (https://api.slack.com/methods/team.profile.get): `profile.fields` is a list
  of `{"id": "Xf0111111", "ordering": 0, "label": "Department", "hint": ..., "type": "text",
  ...}`;
- users.profile.get (https://api.slack.com/methods/users.profile.get) and a user_change event's
  `user.profile` (https://api.slack.com/events/user_change, when Slack includes them): `fields`
  maps an id to `{"value": "Payments", "alt": ""}`; a profile with none has `[]` or null.
Like every converter here they return a value for any JSON and never raise on its shape.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.service.profile_port import ProfileField

FIELD_ID = re.compile(r"X[A-Za-z0-9]{1,62}")  # Slack's field ids: Xf0111111
MAX_FIELDS = 100  # a workspace's custom fields (Slack allows far fewer); more is not Slack
LONGEST = 200  # a team and a label as stored (people.team, team_fields.label)


def field_list(answer: Any) -> list[ProfileField]:
    """team.profile.get's fields with an id and a label, in Slack's order (`ordering`)."""
    profile = answer.get("profile") if isinstance(answer, Mapping) else None
    listed = profile.get("fields") if isinstance(profile, Mapping) else None
    found: dict[str, tuple[Any, ProfileField]] = {}
    for field in listed[:MAX_FIELDS] if isinstance(listed, list) else []:
        if not isinstance(field, Mapping) or not _field_id(field.get("id")):
            continue
        label = _text(field.get("label"))
        if label and field["id"] not in found:
            ordering = field.get("ordering")
            rank = ordering if isinstance(ordering, int) and not isinstance(ordering, bool) \
                else len(found)
            found[field["id"]] = (rank, ProfileField(field["id"], label))
    return [field for _, field in sorted(found.values(), key=lambda pair: pair[0])]


def field_values(profile: Any) -> dict[str, str]:
    """A profile's custom field values by id ("" for one Slack sent empty)."""
    fields = profile.get("fields") if isinstance(profile, Mapping) else None
    if not isinstance(fields, Mapping):
        return {}  # [] or null: no custom field is filled in
    out: dict[str, str] = {}
    for key, given in list(fields.items())[:MAX_FIELDS]:
        value = given.get("value") if isinstance(given, Mapping) else None
        if _field_id(key) and isinstance(value, str):
            out[key] = _text(value)
    return out


def changed_fields(body: Mapping[str, Any]) -> dict[str, str]:
    """The custom field values a team_join / user_change event carries, when it does (Slack
    sends no event when only a custom field changes, and may leave them out when it does)."""
    event = body.get("event") if isinstance(body, Mapping) else None
    if not isinstance(event, Mapping) or event.get("type") not in ("team_join", "user_change"):
        return {}
    user = event.get("user")
    if not isinstance(user, Mapping) or user.get("is_bot") is True:
        return {}
    return field_values(user.get("profile"))


def _field_id(value: Any) -> bool:
    return isinstance(value, str) and FIELD_ID.fullmatch(value) is not None


def _text(value: Any) -> str:
    """Printable, single-spaced, trimmed, at most LONGEST characters; "" for anything else."""
    if not isinstance(value, str):
        return ""
    return " ".join("".join(c if c.isprintable() else " " for c in value).split())[:LONGEST]
