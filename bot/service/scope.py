"""A program's scope in the channels people know: `#general` resolves to the channel's id when
the program is saved, so a rename changes nothing and a name nobody has is refused at once,
naming it, instead of a program that silently reaches nobody."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from bot.core.programs import Program, ProgramError

# What a platform's own channel id looks like: kept even before we have seen the channel (a
# Slack manager's `#coffee` arrives escaped as its id; a Teams channel id is "19:…"). Slack's
# channel names are lower case, so an upper-case C… word is an id, not a name.
PLATFORM_ID = re.compile(r"^(?:[CGD][A-Z0-9]{2,}|19:\S+)$")


class UnknownChannel(ProgramError):
    """A scope names a channel the tenant has no channel of that name for (a setting error like
    any other: its message starts with `scope:`)."""


def resolve(program: Program, names: Mapping[str, str]) -> Program:
    """The program with each scope entry as a channel id; UnknownChannel naming the first
    entry that is neither a known id, a known name (one channel only) nor a platform id.
    `names` is the tenant's channel id -> name."""
    if not program.scope:
        return program
    return replace(program, scope=tuple(dict.fromkeys(_one(e, names) for e in program.scope)))


def _one(entry: str, names: Mapping[str, str]) -> str:
    wanted = entry.strip().lstrip("#")
    for known_id in (entry.strip(), wanted, f"#{wanted}"):  # an imported file's ids may be "#x"
        if known_id in names:
            return known_id
    if PLATFORM_ID.match(wanted):
        return wanted
    exact = sorted(cid for cid, name in names.items() if name.lstrip("#") == wanted)
    found = exact or sorted(cid for cid, name in names.items()
                            if name.lstrip("#").lower() == wanted.lower())
    if len(found) == 1:
        return found[0]
    if found:
        raise UnknownChannel(f"scope: #{wanted} names {len(found)} channels ({', '.join(found)}); "
                             "use the id of the one you mean", "scope_ambiguous",
                             channel=wanted, count=len(found), ids=", ".join(found))
    known = sorted({f"#{n.lstrip('#')}" for n in names.values() if n})
    if not known:
        raise UnknownChannel(
            f"scope: no channel #{wanted} is known here (none known yet: channels are learned "
            "from a Slack export, `weaktie backfill slack` or the app being added to them)",
            "scope_none_known", channel=wanted)
    listed = ", ".join(known[:8]) + (", …" if len(known) > 8 else "")
    raise UnknownChannel(f"scope: no channel #{wanted} is known here (known: {listed})",
                         "scope_unknown", channel=wanted, known=listed)


def shown(program: Program, names: Mapping[str, str]) -> str:
    """The scope as people read it: names where known."""
    return ", ".join(f"#{names.get(c, c).lstrip('#')}" for c in program.scope)
