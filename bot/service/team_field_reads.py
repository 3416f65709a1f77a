"""The clock's reads of the profile field a manager named as teams (bot/service/team_field.py).

Slack sends no event when only a custom field changes, so the clock reads it: each tick, for
each workspace with a named field, BATCH people (never read first, then the oldest reads), each
again once a day (REREAD). users.profile.get is a Tier 4 method (about 100 calls a minute per
workspace): 40 a minute leaves room for everything else, and reads a 10,000-person workspace in
about four hours. A 429 stops the workspace's batch and no read of it is made before Slack's
Retry-After (kept in the database, so another clock process waits too); a refused permission
waits a day. Once a day (CHECK) the workspace's field list is read again: the same label under
a new id (a field made again) is followed, and a label gone clears the teams the field gave.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from bot.service.profile_port import (
    ProfileDirectory,
    ProfilesRefused,
    ProfilesThrottled,
    ProfilesUnavailable,
)
from bot.service.team_field import BATCH, clean, find
from bot.store import Store
from bot.store.profile_fields import TeamField

LOG = logging.getLogger(__name__)
REREAD = timedelta(days=1)
CHECK = timedelta(days=1)
AT_ONCE = 4  # workspaces read side by side: Slack's limits are per workspace


async def read_field_teams(store: Store, profiles: ProfileDirectory | None, now: datetime,
                           run) -> int:
    """One tick's reads in every workspace due; how many people's teams changed."""
    if profiles is None:
        return 0
    due = await run(store.team_fields_due, now)
    gate = asyncio.Semaphore(AT_ONCE)

    async def one(tenant: str, named: TeamField) -> int:
        async with gate:
            return await _workspace(store, profiles, tenant, named, now, run)

    return sum(await asyncio.gather(*(one(tenant, named) for tenant, named in due)))


async def _workspace(store: Store, profiles: ProfileDirectory, tenant: str, named: TeamField,
                     now: datetime, run) -> int:
    changed = 0
    try:
        if named.field_id is None or named.checked_at is None or \
                named.checked_at <= now - CHECK:
            found = find(named.label, await profiles.fields(tenant))
            if found is None:
                if named.field_id is not None:
                    LOG.info("team field: the named label is gone from a workspace's fields")
                    changed += await run(store.team_field_gone, tenant, now)
                await run(store.team_field_wait, tenant, now + CHECK)
                return changed
            await run(store.team_field_checked, tenant, found.label, found.id, now)
            named = await run(store.team_field, tenant, False)
    except (ProfilesRefused, ProfilesUnavailable) as exc:
        await _stopped(store, tenant, exc, now, run)
        return changed
    if named is None or named.field_id is None:  # turned off meanwhile
        return changed
    return changed + await _batch(store, profiles, tenant, named.field_id, now, run)


async def _batch(store: Store, profiles: ProfileDirectory, tenant: str, field: str,
                 now: datetime, run) -> int:
    """Read up to BATCH people's values; what was read is kept when Slack stops the batch
    half-way, and the rest wait for their turn."""
    people = await run(store.people_due_team_field, tenant, now - REREAD, BATCH)
    values: dict[str, str | None] = {}
    for person in people:
        try:
            value = await profiles.value(tenant, person, field)
        except (ProfilesRefused, ProfilesUnavailable) as exc:
            await _stopped(store, tenant, exc, now, run)
            break
        values[person] = None if value is None else clean(value)
    return await run(store.set_field_teams, tenant, field, values, now) if values else 0


async def _stopped(store: Store, tenant: str, exc: Exception, now: datetime, run) -> None:
    """Slack stopped the reads: a 429 waits its Retry-After, a refusal a day; no answer at all
    is tried again at the next tick."""
    if isinstance(exc, ProfilesThrottled):
        await run(store.team_field_wait, tenant, now + timedelta(seconds=exc.retry_after))
    elif isinstance(exc, ProfilesRefused):
        LOG.info("team field: Slack refused to read a workspace's profiles")
        await run(store.team_field_wait, tenant, now + CHECK)
