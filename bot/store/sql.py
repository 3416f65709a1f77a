"""Statements every aggregate of the store uses: inserts that tolerate a concurrent twin, the
row ids behind external ids, and datetimes read back as UTC."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection


def external_ids(conn: Connection, table, tenant_id: int,
                 only: list[str] | None = None) -> dict[str, int]:
    """External id -> row id for a tenant's people or channels (optionally only some)."""
    query = select(table.c.external_id, table.c.id).where(table.c.tenant_id == tenant_id)
    if only is not None:
        query = query.where(table.c.external_id.in_(only))
    return dict(conn.execute(query).all())


def insert_ignoring_duplicates(conn: Connection, table, keys: list[str]):
    """INSERT that skips rows whose `keys` exist already: concurrent events for the same new
    person, channel or tenant, and replayed events, must neither fail nor write twice."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=keys)
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=keys)
    raise NotImplementedError(f"database {dialect!r} is not supported; use SQLite or PostgreSQL")


def upsert(conn: Connection, table, keys: list[str], values: dict) -> None:
    """INSERT, or UPDATE the row whose `keys` exist already: one statement, so two requests
    saving the same row at once cannot both insert (delete-then-insert raced on PostgreSQL)."""
    dialect = conn.dialect.name
    if dialect not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"database {dialect!r} is not supported; use SQLite or PostgreSQL")
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    query = make(table).values(**values)
    changed = {k: v for k, v in values.items() if k not in keys}
    conn.execute(query.on_conflict_do_update(index_elements=keys, set_=changed))


def aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; we only ever store UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)
