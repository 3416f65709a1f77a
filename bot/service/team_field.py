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

from bot.service.admin import Gate, refusal
from bot.service.inbound import Asker
from bot.service.language import ENGLISH, Texts, folded, number, texts
from bot.service.profile_port import (
    ProfileDirectory,
    ProfileField,
    ProfilesRefused,
    ProfilesUnavailable,
)
from bot.service.whose_language import reader
from bot.store import Store
from bot.store.profile_fields import TeamField

OFF = ("off", "none", "stop", "aucun", "arret")  # folded
LISTED = 20  # labels named in the answer to an unknown one
# People read per workspace per clock tick (a minute): users.profile.get is a Tier 4 method,
# about 100 calls a minute, and 40 leave room for everything else (team_field_reads.py).
BATCH = 40
EN = texts(ENGLISH)


def admin_words(text: str) -> str | None:
    """The words after `admin team` / `admin équipe` (`field Department`, `champ off`, ""), or
    None for any other words."""
    if not isinstance(text, str):
        return None
    words = text.strip().split(maxsplit=2)
    if [folded(w) for w in words[:2]] not in (["admin", "team"], ["admin", "equipe"]):
        return None
    return words[2].strip() if len(words) > 2 else ""


def usage(says: Texts) -> str:
    return says.gettext("`admin team field Department` takes each person's team from that Slack "
                        "profile field; `admin team field off` stops it; `admin team field` says "
                        "how far it got.")


async def admin_reply(store: Store, profiles: ProfileDirectory | None, gate: Gate, asker: Asker,
                      platform_admin: bool, words: str, now: datetime, run) -> str:
    """A manager's `admin team ...`, in their language; anyone else is refused and nothing
    changes. `run`: how to call the blocking store (asyncio.to_thread)."""
    tenant = asker.tenant
    says = await run(reader, store, tenant, asker.user, asker.locale)
    if not await run(gate.allows, store, tenant, asker.user, platform_admin):
        return refusal(says)
    verb, _, label = words.partition(" ")
    label = label.strip().strip("\"'“”‘’").strip()
    if folded(verb) not in ("", "field", "champ"):
        return usage(says)
    if asker.platform != "slack":
        return slack_only(says)
    if not label:
        return status(await run(store.team_field, tenant), says)
    if folded(label) in OFF:
        cleared = await run(store.drop_team_field, tenant)
        if cleared is None:
            return says.gettext("No profile field gives teams here; nothing changed.")
        return says.ngettext(
            "Teams no longer come from a profile field; the {n} it gave is cleared (teams from "
            "a people file or Microsoft 365 stay).",
            "Teams no longer come from a profile field; the {n} it gave are cleared (teams from "
            "a people file or Microsoft 365 stay).", cleared)
    if profiles is None:
        return says.gettext("This install reads no Slack profiles (no Slack token is "
                            "configured).")
    try:
        fields = await profiles.fields(tenant)
    except ProfilesRefused:
        return refused(says)
    except ProfilesUnavailable:
        return says.gettext("Slack did not answer just now: nothing changed. Try again in a "
                            "minute.")
    found = find(label, fields)
    if found is None:
        return unknown(label, fields, says)
    await run(store.name_team_field, tenant, found.label, found.id, now, asker.platform)
    return says.gettext(
        "Teams now come from the profile field “{label}”: weaktie reads it for about {batch} "
        "people a minute, then each person again once a day, and at once when Slack tells of a "
        "profile change. An empty field gives no team. Programs cross teams with `cross=teams` "
        "(or `auto`, when most people have one). `admin team field off` stops it.",
        label=found.label, batch=BATCH)


def slack_only(says: Texts) -> str:
    return says.gettext(
        "Teams from a profile field are for Slack workspaces (custom profile fields). On "
        "Microsoft Teams, teams come from Microsoft 365 departments (`admin calendar "
        "connect`, with the permission to read users) or from `weaktie import people`.")


def refused(says: Texts) -> str:
    return says.gettext(
        "Slack refused to show this workspace's profile fields: weaktie needs the "
        "`users.profile:read` permission, which installs older than it lack. Reinstall the "
        "app (docs/slack.md), then try again.")


SLACK_ONLY, REFUSED = slack_only(EN), refused(EN)  # in English, as the tests compare them


def status(named: TeamField | None, says: Texts = EN) -> str:
    """`admin team field`: which field, and how far its reads got (counts only)."""
    if named is None:
        return says.gettext("No profile field gives teams here. {usage}", usage=usage(says))
    if named.field_id is None:
        return says.gettext(
            "Teams came from the profile field “{label}”, which this workspace no longer has: "
            "the teams it gave were cleared. They come back if a field of that name does; "
            "`admin team field LABEL` names another.", label=named.label)
    return says.ngettext("Teams come from the profile field “{label}”: {read} of {n} person "
                         "read since it was named.",
                         "Teams come from the profile field “{label}”: {read} of {n} people "
                         "read since it was named.", named.people, label=named.label,
                         read=number(named.read, says.language))


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


def unknown(label: str, fields: list[ProfileField], says: Texts = EN) -> str:
    shown = label if len(label) <= 60 else label[:59] + "…"
    if not fields:
        return says.gettext(
            "No profile field is called “{label}”: this workspace has no custom profile fields "
            "(a Slack admin adds them under Workspace settings > Profile).", label=shown)
    labels = ", ".join(f"“{f.label}”" for f in fields[:LISTED])
    if len(fields) > LISTED:
        return says.ngettext(
            "No profile field is called “{label}”. This workspace's fields: {labels} and {n} "
            "more.",
            "No profile field is called “{label}”. This workspace's fields: {labels} and {n} "
            "more.", len(fields) - LISTED, label=shown, labels=labels)
    return says.gettext("No profile field is called “{label}”. This workspace's fields: "
                        "{labels}.", label=shown, labels=labels)
