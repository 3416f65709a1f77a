"""Writing people and interactions in batches, idempotently (a replayed source id is stored once)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from bot.core.model import Interaction, Observed, Person
from bot.store import admission
from bot.store.base import StoreBase, count_interactions, find_tenant
from bot.store.ids import usable_id
from bot.store.keys import source_key
from bot.store.schema import channels, interactions, people
from bot.store.sql import external_ids, insert_ignoring_duplicates

BATCH = 5000


def upsert_people(conn: Connection, tenant_id: int, records: Iterable[Person]) -> int:
    """Insert new people and refresh the known fields of existing ones; returns how many are new."""
    known = external_ids(conn, people, tenant_id)
    added = 0
    for person in records:
        values = _person_values(person)
        if person.id in known:
            # what a file leaves empty (no name, the default zone) keeps what is stored: a
            # re-import must not reset the time zone someone set in chat to UTC
            kept = {k: v for k, v in values.items()
                    if not (k == "display_name" and not v) and not (k == "timezone" and v == "UTC")}
            if kept:
                conn.execute(update(people).where(people.c.id == known[person.id]).values(kept))
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


def write_channel_names(conn: Connection, tenant_id: int, names: dict[str, str]) -> None:
    """Set the names of these channels (by external id), creating rows for channels not seen
    yet. A name is what the platform shows; ids stay the key everything else uses."""
    ids = {key: str(name)[:MAX_NAME] for key, name in names.items() if key and name}
    _resolve(conn, channels, tenant_id, set(ids), {}, None)
    for key, name in sorted(ids.items()):
        conn.execute(update(channels).where(channels.c.tenant_id == tenant_id,
                                            channels.c.external_id == key).values(name=name))

@dataclass(frozen=True, slots=True)
class ImportResult:
    people_added: int
    interactions_added: int
    interactions_seen: int


@dataclass(frozen=True, slots=True)
class ProfilesResult:
    """What `import people` did: people updated, people added (rows naming an id weaktie had
    not met), and the emails that matched nobody (left out)."""

    updated: int
    added: int
    unmatched: tuple[str, ...]


class Ingest(StoreBase):
    """People, interactions and channel names, imported in bulk or recorded live."""

    def import_interactions(
        self, tenant: str, people: Iterable[Person], observed: Iterable[tuple[str, Interaction]],
        progress: Callable[[int], None] | None = None, platform: str = "import",
        channel_names: dict[str, str] | None = None,
    ) -> ImportResult:
        """Store people, interactions and channel names in ONE transaction: any error leaves
        nothing behind."""
        with self._write() as conn:
            tenant_id = self._ensure_tenant(conn, tenant, platform)
            before = count_interactions(conn, tenant_id)
            people_added = upsert_people(conn, tenant_id, people)
            seen, added_people = add_interactions(conn, tenant_id, observed, progress)
            write_channel_names(conn, tenant_id, channel_names or {})
            added = count_interactions(conn, tenant_id) - before
        return ImportResult(people_added + added_people, added, seen)

    def import_profiles(self, tenant: str, rows: Iterable[tuple[str, str, dict]],
                        platform: str = "import") -> ProfilesResult:
        """Rows of (by "id" or "email", key, columns to set) in ONE transaction. An id weaktie
        has not met is added (they may be paired once seen); an email is matched, ignoring case,
        with the sign-in names known (a Teams UPN), and one that matches nobody is left out."""
        updated = added = 0
        unmatched: list[str] = []
        with self._write() as conn:
            tenant_id = self._ensure_tenant(conn, tenant, platform)
            for by, key, values in rows:
                where = [people.c.tenant_id == tenant_id]
                where.append(people.c.external_id == key if by == "id"
                             else func.lower(people.c.sign_in) == key.lower())
                found = list(conn.scalars(select(people.c.id).where(*where)))
                if not found and by == "id":
                    usable_id(key, "person")
                    conn.execute(insert(people).values(tenant_id=tenant_id, external_id=key,
                                                       display_name="", **values))
                    added += 1
                elif not found:
                    unmatched.append(key)
                elif values:
                    conn.execute(update(people).where(people.c.id.in_(found)).values(**values))
                    updated += len(found)
                else:
                    updated += len(found)
        return ProfilesResult(updated, added, tuple(unmatched))

    def record_interactions(self, tenant: str, observed: list[tuple[str, Interaction]],
                            platform: str) -> None:
        """Store a live event's interactions in one short transaction; a replayed source id is
        stored once (the tenant is created on its first event)."""
        self.record_many([(tenant, observed)], platform)

    def record_many(self, items: list[tuple[str, Observed | list[tuple[str, Interaction]]]],
                    platform: str) -> None:
        """Several events' interactions, of one or more tenants, in one transaction; of what
        each event showed, only what the tenant admits (bot/store/admission.py)."""
        by_tenant: dict[str, list[Observed]] = {}
        for tenant, observed in items:
            if not isinstance(observed, Observed):
                observed = Observed(tuple(observed))
            by_tenant.setdefault(tenant, []).append(observed)
        with self._write() as conn:
            for tenant in sorted(by_tenant):
                tenant_id = self._ensure_tenant(conn, tenant, platform)
                rows, external = admission.admit(conn, tenant_id, by_tenant[tenant])
                add_interactions(conn, tenant_id, rows)
                admission.mark_external(conn, tenant_id, external)

    def includes_guests(self, tenant: str) -> bool:
        """Whether the tenant stores people of other organisations (off unless it opts in)."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            return tenant_id is not None and admission.includes_guests(conn, tenant_id)

    def set_include_guests(self, tenant: str, include: bool, platform: str) -> None:
        with self._write() as conn:
            admission.set_include_guests(conn, self._ensure_tenant(conn, tenant, platform),
                                         include)

    def name_channels(self, tenant: str, names: dict[str, str], platform: str) -> None:
        """What the platform calls these channels now (created, renamed, first seen)."""
        if not names:
            return
        with self._write() as conn:
            write_channel_names(conn, self._ensure_tenant(conn, tenant, platform), names)

    def mark_external(self, tenant: str, ids: Iterable[str]) -> None:
        """These people (met already) are of another organisation (a roster's Teams guests)."""
        with self._write() as conn:
            tenant_id = find_tenant(conn, tenant)
            if tenant_id is not None:
                admission.mark_external(conn, tenant_id, set(ids))
