"""What every aggregate of the store shares: the engine, opening and migrating it, a write
transaction, tenant ids, and the claim a sender takes on a row it sends."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Self, TypeVar

from sqlalchemy import create_engine, event, func, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from bot.store.errors import StoreError, UnknownTenant
from bot.store.ids import is_usable, usable_id
from bot.store.migrate import upgrade
from bot.store.schema import interactions, tenants
from bot.store.sql import insert_ignoring_duplicates
from bot.store.values import OutboxRow, StoredNudge

# A claimed send, cut off, is resumed by another process only this long after the claim: a
# leader that lost its lock mid-round may still have posts in flight (the fence stops new ones).
CLAIM_LEASE = timedelta(minutes=5)
FLYING = ("sending", "asking")
Claimable = TypeVar("Claimable", StoredNudge, OutboxRow)  # what a sender claims


class StoreBase:
    """One database; every aggregate's methods are scoped by tenant name."""

    def __init__(self, engine: Engine):
        self.engine = engine
        # Who this process is when it claims a row to send; how long a row another process
        # claimed waits before this one resumes it (its sends must have ended by then).
        self.claimer = uuid.uuid4().hex[:16]
        self.claim_lease = CLAIM_LEASE

    @classmethod
    def open(cls, url: str) -> Self:
        """Connect and migrate; a StoreError with a hint when the database cannot be reached."""
        try:
            engine = create_engine(url, future=True, pool_pre_ping=True)
        except (SQLAlchemyError, ValueError, ImportError) as exc:
            raise StoreError(f"cannot use database URL {_safe(url)!r}: {exc}") from None
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        try:
            upgrade(engine)
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0]
            raise StoreError(
                f"cannot reach database {_safe(url)}: {reason}; check DATABASE_URL or --db"
            ) from None
        return cls(engine)

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            raise StoreError(f"database write failed, nothing was written: {exc.orig}") from None

    def tenant_names(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.scalars(select(tenants.c.name).order_by(tenants.c.name)))

    def has_tenant(self, name: str) -> bool:
        with self.engine.connect() as conn:
            return find_tenant(conn, name) is not None

    def _tenant_id(self, conn: Connection, name: str) -> int:
        found = find_tenant(conn, name)
        if found is None:
            known = ", ".join(self.tenant_names()) or "none yet; import some data first"
            raise UnknownTenant(f"unknown tenant {name!r} (known: {known})")
        return found

    def _ensure_tenant(self, conn: Connection, name: str, platform: str) -> int:
        usable_id(name, "tenant")
        found = find_tenant(conn, name)
        if found is not None:
            return found
        values = {"name": name, "platform": platform, "created_at": datetime.now(UTC)}
        conn.execute(insert_ignoring_duplicates(conn, tenants, ["name"]).values(values))
        return find_tenant(conn, name)

    def _reinstate(self, conn: Connection, tenant: str, platform: str) -> None:
        tenant_id = self._ensure_tenant(conn, tenant, platform)
        conn.execute(update(tenants).where(tenants.c.id == tenant_id)
                     .values(uninstalled_at=None))

    def _claim(self, after: str) -> dict:
        """Taking a row for sending records who took it and when (wall-clock time, as the
        lease is measured in it whatever time a test pretends it is)."""
        return {"claimed_by": self.claimer, "claimed_at": datetime.now(UTC)} if after in FLYING \
            else {}

    def _resumable(self, rows: list[Claimable]) -> list[Claimable]:
        """Rows ready to send, and cut-off ones this process claimed itself or whose claim is
        older than the lease: another live process may still be sending those younger."""
        expired = datetime.now(UTC) - self.claim_lease
        return [r for r in rows if r.state not in FLYING or r.claimed_by in (None, self.claimer)
                or r.claimed_at is None or r.claimed_at <= expired]


def find_tenant(conn: Connection, name: str) -> int | None:
    """The tenant's id, or None where asking about a tenant we never met is no error (nor
    about one no tenant could be named: a NUL byte, a list)."""
    if not is_usable(name):
        return None
    return conn.scalar(select(tenants.c.id).where(tenants.c.name == name))


def count_interactions(conn: Connection, tenant_id: int) -> int:
    query = select(func.count()).select_from(interactions)
    return conn.scalar(query.where(interactions.c.tenant_id == tenant_id)) or 0


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted rows are overwritten, not merely unlinked: forgetting a person must leave no page
    # holding their id or name (a free page would, for anyone reading the file).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _safe(url: str) -> str:
    """The URL without its password, for error messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}@{host}"
    return url
