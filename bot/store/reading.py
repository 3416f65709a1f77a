"""Reading people and interactions back as core values."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from bot.core.model import Interaction, Person
from bot.store.base import StoreBase, count_interactions, find_tenant
from bot.store.ids import is_usable
from bot.store.keys import source_key
from bot.store.schema import channels, do_not_pair
from bot.store.schema import interactions as interactions_t
from bot.store.schema import people as people_t
from bot.store.sql import aware

STREAM_ROWS = 20_000


def read_people(conn: Connection, tenant_id: int) -> dict[str, Person]:
    """Everyone in the tenant, keyed by external id, with their do-not-pair lists."""
    rows = conn.execute(select(people_t).where(people_t.c.tenant_id == tenant_id))
    by_id = {row.id: row for row in rows}
    avoid: dict[int, set[str]] = {}
    query = select(do_not_pair.c.person_id, do_not_pair.c.other_id).where(
        do_not_pair.c.person_id.in_(select(people_t.c.id).where(people_t.c.tenant_id == tenant_id)))
    for person_id, other_id in conn.execute(query):
        if other_id in by_id:
            avoid.setdefault(person_id, set()).add(by_id[other_id].external_id)
    return {row.external_id: _person(row, avoid.get(row.id, set())) for row in by_id.values()}


def read_person(conn: Connection, tenant_id: int, external_id: str) -> Person | None:
    """One person, with their do-not-pair list, without reading the whole tenant."""
    row = conn.execute(select(people_t).where(people_t.c.tenant_id == tenant_id,
                                              people_t.c.external_id == external_id)).first()
    if row is None:
        return None
    others = select(people_t.c.external_id).join(
        do_not_pair, do_not_pair.c.other_id == people_t.c.id).where(
        do_not_pair.c.person_id == row.id)
    return _person(row, set(conn.scalars(others)))


def _person(row, avoid: set[str]) -> Person:
    return Person(
        id=row.external_id, name=row.display_name or "", team=row.team, office=row.office,
        timezone=row.timezone or "UTC", work_start=row.work_start, work_end=row.work_end,
        workdays=tuple(int(d) for d in row.workdays.split(",") if d != ""),
        enrolled=row.enrolled, paused_until=aware(row.paused_until),
        do_not_pair=frozenset(avoid), away_until=aware(row.away_until),
        idle_paused=row.idle_paused_at is not None, opted_in=row.joined_at is not None,
        external=bool(row.external),
    )


def _query(tenant_id: int, until: datetime | None, since: datetime | None = None,
           person_id: int | None = None):
    query = select(interactions_t.c.actor_id, interactions_t.c.target_id, interactions_t.c.kind,
                   interactions_t.c.channel_id, interactions_t.c.ts)
    query = query.where(interactions_t.c.tenant_id == tenant_id)
    if until is not None:
        query = query.where(interactions_t.c.ts <= round(until.timestamp() * 1000))
    if since is not None:
        query = query.where(interactions_t.c.ts >= round(since.timestamp() * 1000))
    if person_id is not None:
        query = query.where((interactions_t.c.actor_id == person_id)
                            | (interactions_t.c.target_id == person_id))
    return query.order_by(interactions_t.c.ts, interactions_t.c.id)


def stream_interactions(conn: Connection, tenant_id: int, until: datetime | None,
                        since: datetime | None = None,
                        person_id: int | None = None) -> Iterator[Interaction]:
    """Stream in time order, from `since` to `until` (both included), only those `person_id`
    is in when given; ids are mapped back to external ids in memory (cheaper than joins)."""
    names = dict(conn.execute(select(people_t.c.id, people_t.c.external_id)
                              .where(people_t.c.tenant_id == tenant_id)).all())
    # Channels by their platform id: names change (and may be shared by two channels); a
    # scope and a shared context are about the channel itself. channel_names() names them.
    chans = dict(conn.execute(select(channels.c.id, channels.c.external_id)
                              .where(channels.c.tenant_id == tenant_id)).all())
    names[None] = None
    chans[None] = None
    stamp, make = datetime.fromtimestamp, tuple.__new__  # what Interaction._make does, inline
    for rows in _batches(conn, _query(tenant_id, until, since, person_id)):
        for actor, target, kind, channel, ts in rows:
            yield make(Interaction, (names[actor], names[target], kind, stamp(ts / 1000, UTC),
                                     chans[channel]))


def person_row_id(conn: Connection, tenant_id: int, person: str) -> int | None:
    """A person's row id from their external id; None when nobody has it (or could)."""
    if not is_usable(person):
        return None
    return conn.scalar(select(people_t.c.id).where(people_t.c.tenant_id == tenant_id,
                                                   people_t.c.external_id == person))


def _batches(conn: Connection, query) -> Iterator[list[tuple]]:
    """The query's rows as the driver's plain tuples, in batches: a round reads millions, and
    SQLAlchemy's Row machinery costs more per row than SQLite takes to read it. PostgreSQL gets a
    server-side (named) cursor, so memory stays flat; the query has only integer parameters, so
    it is rendered with them inline and runs the same on every driver."""
    sql = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    raw = conn.connection.driver_connection
    named = conn.dialect.name == "postgresql"
    cursor = raw.cursor(name="weaktie_interactions") if named else raw.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(STREAM_ROWS):
            yield rows
    finally:
        cursor.close()


def read_channel_names(conn: Connection, tenant_id: int) -> dict[str, str]:
    """Every known channel: id -> name (a channel first seen in an event is named by its id
    until the platform tells us better)."""
    query = select(channels.c.external_id, channels.c.name).where(channels.c.tenant_id == tenant_id)
    return {cid: name or cid for cid, name in conn.execute(query)}


def latest_time(conn: Connection, tenant_id: int) -> datetime | None:
    ts = conn.scalar(select(func.max(interactions_t.c.ts)).where(interactions_t.c.tenant_id == tenant_id))
    return None if ts is None else datetime.fromtimestamp(ts / 1000, UTC)


def read_author(conn: Connection, tenant_id: int, source_id: str) -> str | None:
    query = (select(people_t.c.external_id)
             .join(interactions_t, interactions_t.c.actor_id == people_t.c.id)
             .where(interactions_t.c.tenant_id == tenant_id,
                    interactions_t.c.source_id == source_key(source_id)))
    return conn.scalar(query)


class Reading(StoreBase):
    """People and interactions read back as core values."""

    def people(self, tenant: str) -> dict[str, Person]:
        with self.engine.connect() as conn:
            return read_people(conn, self._tenant_id(conn, tenant))

    def interactions(self, tenant: str, until: datetime | None = None, *,
                     since: datetime | None = None,
                     person: str | None = None) -> Iterator[Interaction]:
        """Stream a tenant's interactions in time order (millions of rows, never all in memory);
        with `person`, only the ones they are actor or target of (none for someone unknown)."""
        with self.engine.connect() as conn:
            tenant_id = self._tenant_id(conn, tenant)
            person_id = None if person is None else person_row_id(conn, tenant_id, person)
            if person is not None and person_id is None:
                return
            yield from stream_interactions(conn, tenant_id, until, since, person_id)

    def author_of(self, tenant: str, source_id: str) -> str | None:
        """Who posted the stored interaction with this source id (to attribute replies and
        reactions whose events do not say)."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            return None if tenant_id is None else read_author(conn, tenant_id, source_id)

    def interaction_count(self, tenant: str) -> int:
        with self.engine.connect() as conn:
            return count_interactions(conn, self._tenant_id(conn, tenant))

    def latest_interaction(self, tenant: str) -> datetime | None:
        with self.engine.connect() as conn:
            return latest_time(conn, self._tenant_id(conn, tenant))

    def channel_names(self, tenant: str) -> dict[str, str]:
        """Every known channel: id -> name (its id until a name is learned)."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            return {} if tenant_id is None else read_channel_names(conn, tenant_id)

    def person(self, tenant: str, person: str) -> Person | None:
        """One person as the core sees them; None for someone we have not met."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            return None if tenant_id is None else read_person(conn, tenant_id, person)
