"""Which of a live event's interactions the tenant keeps: none about people of another
organisation unless the tenant includes guests, and none about someone whose organisation the
event does not tell unless they are already known as one of the tenant's own."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from bot.core.model import Interaction, Observed
from bot.store.ids import usable_id
from bot.store.schema import people, tenants


def includes_guests(conn: Connection, tenant_id: int) -> bool:
    return bool(conn.scalar(select(tenants.c.include_guests).where(tenants.c.id == tenant_id)))


def admit(conn: Connection, tenant_id: int, seen: Iterable[Observed]
          ) -> tuple[list[tuple[str, Interaction]], set[str]]:
    """The interactions to store, and the guests among their people (to mark external)."""
    seen = list(seen)
    guests_ok = includes_guests(conn, tenant_id)
    doubtful = set().union(*(s.unverified for s in seen)) if seen else set()
    own = _own_people(conn, tenant_id, doubtful, guests_ok)
    rows: list[tuple[str, Interaction]] = []
    external: set[str] = set()
    for sighting in seen:
        for key, item in sighting.rows:
            who = {usable_id(p, "person") for p in (item.actor, item.target) if p is not None}
            if who & sighting.guests and not guests_ok:
                continue
            if (who & sighting.unverified) - own - (sighting.guests if guests_ok else set()):
                continue
            rows.append((key, item))
            external |= who & sighting.guests
    return rows, external


def _own_people(conn: Connection, tenant_id: int, ids: set[str], guests_ok: bool) -> set[str]:
    """Which of `ids` the tenant knows already (guests only where it includes them)."""
    if not ids:
        return set()
    query = select(people.c.external_id).where(people.c.tenant_id == tenant_id,
                                               people.c.external_id.in_(sorted(ids)))
    if not guests_ok:
        query = query.where(people.c.external.is_(False))
    return set(conn.scalars(query))


def mark_external(conn: Connection, tenant_id: int, ids: set[str]) -> None:
    if ids:
        conn.execute(update(people).where(people.c.tenant_id == tenant_id,
                                          people.c.external_id.in_(sorted(ids)))
                     .values(external=True))


def set_include_guests(conn: Connection, tenant_id: int, include: bool) -> None:
    conn.execute(update(tenants).where(tenants.c.id == tenant_id).values(include_guests=include))
