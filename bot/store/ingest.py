"""Writing people and interactions in batches, idempotently (a replayed source id is stored once)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from bot.core.model import Interaction, Person
from bot.store.schema import channels, interactions, people

BATCH = 5000


def upsert_people(conn: Connection, tenant_id: int, records: Iterable[Person]) -> int:
    """Insert new people and refresh the known fields of existing ones; returns how many are new."""
    known = external_ids(conn, people, tenant_id)
    added = 0
    for person in records:
        values = _person_values(person)
        if person.id in known:
            query = update(people).where(people.c.id == known[person.id])
            conn.execute(query.values(values))
            continue
        row = {"tenant_id": tenant_id, "external_id": person.id, **values}
        known[person.id] = conn.execute(insert(people).values(row)).inserted_primary_key[0]
        added += 1
    return added


def _person_values(person: Person) -> dict:
    values = {"display_name": person.name, "timezone": person.timezone}
    if person.team:
        values["team"] = person.team
    if person.office:
        values["office"] = person.office
    return values


def add_interactions(
    conn: Connection, tenant_id: int, observed: Iterable[tuple[str, Interaction]],
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Insert (source id, interaction) pairs in batches; returns (rows seen, people created)."""
    person_ids = external_ids(conn, people, tenant_id)
    channel_ids = external_ids(conn, channels, tenant_id)
    before = len(person_ids)
    seen = 0
    iterator = iter(observed)
    while batch := list(islice(iterator, BATCH)):
        _create_missing(conn, tenant_id, person_ids, channel_ids, batch)
        rows = [_row(tenant_id, source, item, person_ids, channel_ids) for source, item in batch]
        conn.execute(_insert_ignoring_duplicates(conn), rows)
        seen += len(batch)
        if progress:
            progress(seen)
    return seen, len(person_ids) - before


def _row(tenant_id: int, source: str, item: Interaction, person_ids: dict, channel_ids: dict):
    return {
        "tenant_id": tenant_id,
        "actor_id": person_ids[item.actor],
        "target_id": person_ids[item.target] if item.target else None,
        "kind": item.kind,
        "channel_id": channel_ids[item.channel] if item.channel else None,
        "ts": round(item.at.timestamp() * 1000),
        "source_id": source,
    }


def _create_missing(conn, tenant_id, person_ids, channel_ids, batch) -> None:
    """People and channels first seen in this batch get rows before the interactions do."""
    new_people = sorted({p for _, i in batch for p in (i.actor, i.target) if p} - person_ids.keys())
    if new_people:
        conn.execute(insert(people), [{"tenant_id": tenant_id, "external_id": p,
                                        "display_name": ""} for p in new_people])
        person_ids.update(external_ids(conn, people, tenant_id, new_people))
    new_channels = sorted({i.channel for _, i in batch if i.channel} - channel_ids.keys())
    if new_channels:
        conn.execute(insert(channels), [{"tenant_id": tenant_id, "external_id": c, "name": c}
                                        for c in new_channels])
        channel_ids.update(external_ids(conn, channels, tenant_id, new_channels))


def external_ids(conn: Connection, table, tenant_id: int,
                 only: list[str] | None = None) -> dict[str, int]:
    """External id -> row id for a tenant's people or channels (optionally only some)."""
    query = select(table.c.external_id, table.c.id).where(table.c.tenant_id == tenant_id)
    if only is not None:
        query = query.where(table.c.external_id.in_(only))
    return dict(conn.execute(query).all())


def _insert_ignoring_duplicates(conn: Connection):
    dialect = conn.dialect.name
    if dialect == "postgresql":
        return postgresql.insert(interactions).on_conflict_do_nothing(
            index_elements=["tenant_id", "source_id"])
    if dialect == "sqlite":
        return sqlite.insert(interactions).on_conflict_do_nothing(
            index_elements=["tenant_id", "source_id"])
    raise NotImplementedError(f"database {dialect!r} is not supported; use SQLite or PostgreSQL")
