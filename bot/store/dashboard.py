"""The web dashboard's sign-in: single-use links a manager asks for in chat, and the sessions
they open. Tokens are random and shown once; only their SHA-256 digests are stored, so a copy
of the database (or a log of its queries) signs nobody in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection

from bot.store.base import StoreBase, find_tenant
from bot.store.kept_schema import dashboard_links, dashboard_sessions
from bot.store.schema import tenants
from bot.store.sql import aware


@dataclass(frozen=True, slots=True)
class Visitor:
    """Who a link or a session stands for: a manager of one tenant, as the platform said then."""

    tenant: str
    person: str
    platform: str
    platform_admin: bool


class DashboardAccess(StoreBase):
    def add_dashboard_link(self, digest: str, visitor: Visitor, expires: datetime) -> None:
        with self._write() as conn:
            conn.execute(dashboard_links.insert().values(
                digest=digest, tenant_id=self._tenant_id(conn, visitor.tenant), **_who(visitor),
                expires_at=expires))

    def dashboard_link(self, digest: str, now: datetime) -> Visitor | None:
        """The visitor of a link that is neither used nor expired (nothing changes)."""
        with self.engine.connect() as conn:
            return _visitor(conn, dashboard_links, digest, now, dashboard_links.c.used_at.is_(None))

    def use_dashboard_link(self, digest: str, session: str, expires: datetime,
                           now: datetime) -> Visitor | None:
        """Spend a link and open a session in one transaction. The link is marked used by one
        conditional UPDATE: of two clicks at once (two tabs, two web processes) one wins."""
        with self._write() as conn:
            visitor = _visitor(conn, dashboard_links, digest, now,
                               dashboard_links.c.used_at.is_(None))
            if visitor is None:
                return None
            won = conn.execute(update(dashboard_links)
                               .where(dashboard_links.c.digest == digest,
                                      dashboard_links.c.used_at.is_(None))
                               .values(used_at=now)).rowcount
            if won != 1:
                return None
            conn.execute(dashboard_sessions.insert().values(
                digest=session, tenant_id=self._tenant_id(conn, visitor.tenant), **_who(visitor),
                expires_at=expires))
            return visitor

    def dashboard_session(self, digest: str, now: datetime) -> Visitor | None:
        with self.engine.connect() as conn:
            return _visitor(conn, dashboard_sessions, digest, now)

    def end_dashboard_session(self, digest: str) -> None:
        with self._write() as conn:
            conn.execute(delete(dashboard_sessions).where(dashboard_sessions.c.digest == digest))

    def end_dashboard_access(self, tenant: str, person: str) -> None:
        """Sign someone out everywhere (the gate refused them in chat: no longer a manager)."""
        with self._write() as conn:
            forget_dashboard_access(conn, tenant, person)

    def purge_dashboard(self, now: datetime) -> None:
        """Forget expired links and sessions (the clock does it each tick)."""
        with self._write() as conn:
            for table in (dashboard_links, dashboard_sessions):
                conn.execute(delete(table).where(table.c.expires_at <= now))


def forget_dashboard_access(conn: Connection, tenant: str, person: str) -> bool:
    """Part of `forget me`: the person's links and sessions go (signing them out at once)."""
    tenant_id = find_tenant(conn, tenant)
    if tenant_id is None:
        return False
    gone = 0
    for table in (dashboard_links, dashboard_sessions):
        gone += conn.execute(delete(table).where(table.c.tenant_id == tenant_id,
                                                 table.c.person == person)).rowcount
    return gone > 0


def _who(visitor: Visitor) -> dict:
    return {"person": visitor.person, "platform": visitor.platform,
            "platform_admin": visitor.platform_admin}


def _visitor(conn: Connection, table, digest: str, now: datetime, *more) -> Visitor | None:
    row = conn.execute(select(tenants.c.name, table.c.person, table.c.platform,
                              table.c.platform_admin, table.c.expires_at)
                       .join(tenants, tenants.c.id == table.c.tenant_id)
                       .where(table.c.digest == digest, *more)).first()
    if row is None or aware(row.expires_at) <= now:
        return None
    return Visitor(row.name, row.person, row.platform, row.platform_admin)
