"""Writing people and interactions in batches, idempotently (a replayed source id is stored once)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from bot.core.model import Interaction, Person
from bot.store.ids import usable_id
from bot.store.keys import source_key
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
    """Insert (source id, interaction) pairs in batches; returns (rows seen, people created).

    Only the ids a batch mentions are looked up, so a live event costs the same in a tenant of
    ten people as in one of a hundred thousand."""
    person_ids: dict[str, int] = {}
    channel_ids: dict[str, int] = {}
    seen = created = 0
    iterator = iter(observed)
    while batch := list(islice(iterator, BATCH)):
        who = {p for _, i in batch for p in (i.actor, i.target) if p}
        for key in who | {i.channel for _, i in batch if i.channel}:
            usable_id(key)  # a NUL or a list would fail the whole statement (or be kept)
        created += _resolve(conn, people, tenant_id, who, person_ids, {"display_name": ""})
        _resolve(conn, channels, tenant_id, {i.channel for _, i in batch if i.channel},
                 channel_ids, None)
        rows = [_row(tenant_id, source, item, person_ids, channel_ids) for source, item in batch]
        conn.execute(insert_ignoring_duplicates(conn, interactions, ["tenant_id", "source_id"]),
                     rows)
        seen += len(batch)
        if progress:
            progress(seen)
    return seen, created


def _resolve(conn: Connection, table, tenant_id: int, needed: set[str], known: dict[str, int],
             extra: dict | None) -> int:
    """Row ids for `needed` external ids into `known`, creating rows for those first seen now
    (a channel's name is its id until we learn better); returns how many were created."""
    missing = sorted(needed - known.keys())
    if not missing:
        return 0
    known.update(external_ids(conn, table, tenant_id, missing))
    new = [key for key in missing if key not in known]
    if new:
        values = [{"tenant_id": tenant_id, "external_id": key,
                   **(extra if extra is not None else {"name": key})} for key in new]
        conn.execute(insert_ignoring_duplicates(conn, table, ["tenant_id", "external_id"]), values)
        known.update(external_ids(conn, table, tenant_id, new))
    return len(new)


def _row(tenant_id: int, source: str, item: Interaction, person_ids: dict, channel_ids: dict):
    return {
        "tenant_id": tenant_id,
        "actor_id": person_ids[item.actor],
        "target_id": person_ids[item.target] if item.target else None,
        "kind": item.kind,
        "channel_id": channel_ids[item.channel] if item.channel else None,
        "ts": round(item.at.timestamp() * 1000),
        "source_id": source_key(source),
    }


MAX_NAME = 200  # channels.name


def name_channels(conn: Connection, tenant_id: int, names: dict[str, str]) -> None:
    """Set the names of these channels (by external id), creating rows for channels not seen
    yet. A name is what the platform shows; ids stay the key everything else uses."""
    ids = {key: str(name)[:MAX_NAME] for key, name in names.items() if key and name}
    _resolve(conn, channels, tenant_id, set(ids), {}, None)
    for key, name in sorted(ids.items()):
        conn.execute(update(channels).where(channels.c.tenant_id == tenant_id,
                                            channels.c.external_id == key).values(name=name))


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
