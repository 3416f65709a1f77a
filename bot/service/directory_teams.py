"""Teams from the directory (issue 15): where a Microsoft 365 organisation consented to weaktie
(bot/service/calendar_organisation.py) and its administrator also granted reading users
(User.Read.All), the clock reads each user's `department` once a day and keeps it as the team of
the person with that sign-in, so a round can cross teams the company knows. Only the department
is read; without the permission Graph refuses, and the next read is tomorrow.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.service.calendar_connect import CalendarSetup
from bot.service.calendar_port import CalendarRefused, CalendarUnavailable
from bot.store import Store

LOG = logging.getLogger(__name__)
EVERY = timedelta(days=1)


async def read_teams(store: Store, setup: CalendarSetup | None, now: datetime, run) -> int:
    """Read the departments of every organisation due; how many people's teams changed."""
    if setup is None or setup.organisation is None:
        return 0
    changed = 0
    for tenant, directory in await run(store.organisations_due_teams, now - EVERY):
        try:
            tokens = await setup.organisation.app_tokens(directory)
            teams = await setup.organisation.departments(tokens)
        except CalendarRefused:
            LOG.info("directory: no permission to read users' departments in a tenant")
            await run(store.teams_read, tenant, now)
            continue
        except CalendarUnavailable:
            continue  # Graph did not answer: the next tick tries again
        changed += await run(store.set_teams_from_directory, tenant, teams, now)
    return changed
