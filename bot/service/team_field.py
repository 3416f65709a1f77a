"""Teams from a Slack custom profile field a manager names (issue 15): `admin team field
Department` names the field whose value is each person's team, `admin team field off` stops it,
`admin team field` (or `admin team`) says how far the reads are. The label is found among the
workspace's custom fields (team.profile.get through the ProfileDirectory port) whatever its
case, accents or spaces; an unknown label is answered with the labels there are.

The clock then reads the field for a few people at a time (bot/service/team_field_reads.py), and
a `user_change` event that carries the field's value sets it at once (`seen`). Only the named
field's value is kept, as the team; every other field's value is dropped unread.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from bot.service.admin import REFUSAL, Gate
from bot.service.inbound import Asker
from bot.service.profile_port import (
    ProfileDirectory,
    ProfileField,
    ProfilesRefused,
    ProfilesUnavailable,
)
from bot.store import Store
from bot.store.profile_fields import TeamField

OFF = ("off", "none", "stop")
LISTED = 20  # labels named in the answer to an unknown one
USAGE = ("`admin team field Department` takes each person's team from that Slack profile field; "
         "`admin team field off` stops it; `admin team field` says how far it got.")
SLACK_ONLY = ("Teams from a profile field are for Slack workspaces (custom profile fields). On "
              "Microsoft Teams, teams come from Microsoft 365 departments (`admin calendar "
              "connect`, with the permission to read users) or from `weaktie import people`.")
NOT_SET_UP = "This install reads no Slack profiles (no Slack token is configured)."
REFUSED = ("Slack refused to show this workspace's profile fields: weaktie needs the "
           "`users.profile:read` permission, which installs older than it lack. Reinstall the app "
           "(docs/slack.md), then try again.")
UNAVAILABLE = "Slack did not answer just now: nothing changed. Try again in a minute."
# People read per workspace per clock tick (a minute): users.profile.get is a Tier 4 method,
# about 100 calls a minute, and 40 leave room for everything else (team_field_reads.py).
BATCH = 40


def admin_words(text: str) -> str | None:
    """The words after `admin team` (`field Department`, `field off`, ""), or None for any
    other words."""
    if not isinstance(text, str):
        return None
    words = text.strip().split(maxsplit=2)
    if [w.lower() for w in words[:2]] != ["admin", "team"]:
        return None
    return words[2].strip() if len(words) > 2 else ""


async def admin_reply(store: Store, profiles: ProfileDirectory | None, gate: Gate, asker: Asker,
                      platform_admin: bool, words: str, now: datetime, run) -> str:
    """A manager's `admin team ...`; anyone else is refused and nothing changes. `run`: how
    to call the blocking store (asyncio.to_thread)."""
    tenant = asker.tenant
    if not await run(gate.allows, store, tenant, asker.user, platform_admin):
        return REFUSAL
    verb, _, label = words.partition(" ")
    label = label.strip().strip("\"'“”‘’").strip()
    if verb.lower() not in ("", "field"):
        return USAGE
    if asker.platform != "slack":
        return SLACK_ONLY
    if not label:
        return status(await run(store.team_field, tenant))
    if label.lower() in OFF:
        cleared = await run(store.drop_team_field, tenant)
        if cleared is None:
            return "No profile field gives teams here; nothing changed."
        return (f"Teams no longer come from a profile field; the {cleared} it gave are cleared "
                "(teams from a people file or Microsoft 365 stay).")
    if profiles is None:
        return NOT_SET_UP
    try:
        fields = await profiles.fields(tenant)
    except ProfilesRefused:
        return REFUSED
    except ProfilesUnavailable:
        return UNAVAILABLE
    found = find(label, fields)
    if found is None:
        return unknown(label, fields)
    await run(store.name_team_field, tenant, found.label, found.id, now, asker.platform)
    return (f"Teams now come from the profile field “{found.label}”: weaktie reads it for about "
            f"{BATCH} people a minute, then each person again once a day, and at once when Slack "
            "tells of a profile change. An empty field gives no team. Programs cross teams with "
            "`cross=teams` (or `auto`, when most people have one). `admin team field off` stops it.")


def status(named: TeamField | None) -> str:
    """`admin team field`: which field, and how far its reads got (counts only)."""
    if named is None:
        return "No profile field gives teams here. " + USAGE
    if named.field_id is None:
        return (f"Teams came from the profile field “{named.label}”, which this workspace no "
                "longer has: the teams it gave were cleared. They come back if a field of that "
                "name does; `admin team field LABEL` names another.")
    return (f"Teams come from the profile field “{named.label}”: {named.read} of "
            f"{named.people} people read since it was named.")


def seen(store: Store, tenant: str, user: str, fields: dict[str, str], now: datetime) -> int:
    """Profile field values a platform event carried (Slack's user_change): the named field's,
    if there, becomes the person's team at once; the rest are dropped. How many teams changed."""
    named = store.team_field(tenant, counted=False) if fields else None
    if named is None or named.field_id is None or named.field_id not in fields:
        return 0
    value = fields[named.field_id]
    return store.set_field_teams(tenant, named.field_id, {user: clean(value)}, now)


def find(label: str, fields: list[ProfileField]) -> ProfileField | None:
    """The field whose label reads the same as `label` (case, accents and spaces aside)."""
    wanted = plain(label)
    return next((f for f in fields if plain(f.label) == wanted and wanted), None)


def plain(label: str) -> str:
    """A label as compared: case folded, accents dropped, spaces trimmed and single."""
    decomposed = unicodedata.normalize("NFKD", label)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def clean(value: str) -> str:
    """A field's value as a team: trimmed, at most the 200 characters a team holds."""
    return " ".join(value.split())[:200]


def unknown(label: str, fields: list[ProfileField]) -> str:
    shown = label if len(label) <= 60 else label[:59] + "…"
    if not fields:
        return (f"No profile field is called “{shown}”: this workspace has no custom profile "
                "fields (a Slack admin adds them under Workspace settings > Profile).")
    labels = ", ".join(f"“{f.label}”" for f in fields[:LISTED])
    more = f" and {len(fields) - LISTED} more" if len(fields) > LISTED else ""
    return f"No profile field is called “{shown}”. This workspace's fields: {labels}{more}."
