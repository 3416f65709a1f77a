"""A tenant's life: installed, uninstalled (and purged after PURGE_AFTER), reinstated; and the
event ids already answered, so that a retried event is answered once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from bot.store.base import StoreBase
from bot.store.ids import is_usable
from bot.store.schema import answered_events, tenants
from bot.store.sql import insert_ignoring_duplicates

ANSWERED_KEPT = timedelta(days=1)  # Slack retries an event within minutes
PURGE_AFTER = timedelta(days=30)  # an uninstalled workspace's data is kept this long, then erased


class Tenants(StoreBase):
    """Installed or not, purged after a while, and which events were answered already."""

    def mark_installed(self, tenant: str, platform: str, now: datetime) -> None:
        """The app is (again) installed here: a workspace reinstalled within PURGE_AFTER gets
        its nudges again and is not purged."""
        with self._write() as conn:
            self._reinstate(conn, tenant, platform)

    def reinstate(self, tenant: str) -> bool:
        """A tenant marked uninstalled is installed again (a new Slack bot token works for
        it); whether it had been marked. A tenant the store does not know stays unknown."""
        if not is_usable(tenant):
            return False
        with self._write() as conn:
            return conn.execute(update(tenants).where(tenants.c.name == tenant,
                                                      tenants.c.uninstalled_at.is_not(None))
                                .values(uninstalled_at=None)).rowcount > 0

    def mark_uninstalled(self, tenant: str, now: datetime) -> None:
        """The app was removed from this workspace: its data goes after PURGE_AFTER."""
        with self._write() as conn:
            conn.execute(update(tenants).where(tenants.c.name == tenant,
                                               tenants.c.uninstalled_at.is_(None))
                         .values(uninstalled_at=now))

    def first_time(self, key: str, now: datetime) -> bool:
        """Whether this is the first time any process answers the event `key` (one row each,
        until purge_answered; the insert that wins is the answer that goes out)."""
        with self._write() as conn:
            won = conn.execute(insert_ignoring_duplicates(conn, answered_events, ["key"])
                               .values(key=key[:200], at=now).returning(answered_events.c.key))
            return won.first() is not None

    def purge_answered(self, now: datetime) -> None:
        """Forget answered event ids older than ANSWERED_KEPT (the clock does it each tick,
        rather than every answer on its way out)."""
        with self._write() as conn:
            conn.execute(delete(answered_events).where(answered_events.c.at < now - ANSWERED_KEPT))

    def purge_uninstalled(self, now: datetime, after: timedelta = PURGE_AFTER) -> list[str]:
        """Delete every tenant uninstalled more than `after` ago, with all its data."""
        with self._write() as conn:
            gone = list(conn.scalars(select(tenants.c.name).where(
                tenants.c.uninstalled_at.is_not(None), tenants.c.uninstalled_at <= now - after)))
            conn.execute(delete(tenants).where(tenants.c.name.in_(gone)))
        return gone
