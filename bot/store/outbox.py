"""The outbox: what the clock sends besides nudges (reminders, "you're paused"), each once.

A row is unique per tenant and key, so planning it again adds nothing; it moves planned ->
sending -> sent (or failed, or unknown for a person to look at) exactly like a nudge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from bot.store.base import StoreBase
from bot.store.schema import outbox, people, tenants
from bot.store.sql import aware, external_ids, insert_ignoring_duplicates
from bot.store.values import OutboxRow


@dataclass(frozen=True, slots=True)
class Item:
    """One message to send once: `key` names it (`reminder:{nudge}`, `idle:{person}:{round}`);
    `person` is whom it goes to when it goes to one person; `payload` holds ids, times and
    places, never anything anyone wrote."""

    kind: str
    key: str
    person: str | None = None
    nudge: int | None = None
    payload: dict = field(default_factory=dict)


def enqueue(conn: Connection, tenant_id: int, items: list[Item], now: datetime) -> int:
    """Add the items not planned before; how many were new."""
    ids = external_ids(conn, people, tenant_id, [i.person for i in items if i.person])
    added = 0
    for item in items:
        values = {"tenant_id": tenant_id, "kind": item.kind, "key": item.key,
                  "person_id": ids.get(item.person), "nudge_id": item.nudge,
                  "payload": item.payload, "state": "planned", "created_at": now}
        inserted = conn.execute(insert_ignoring_duplicates(conn, outbox, ["tenant_id", "key"])
                                .values(values).returning(outbox.c.id)).first()
        added += inserted is not None  # rowcount is -1 here on PostgreSQL
    return added


def write_idle_pause(conn: Connection, tenant_id: int, person: str, round_id: int,
                     now: datetime) -> bool:
    """Pause someone who left their last rounds unanswered and plan the note telling them, in
    one go; nothing at all when this very pause (named by the latest such round) was made
    before, so a `resume` is not undone by the same three rounds."""
    item = Item("idle", f"idle:{person}:{round_id}", person, None, {"to": person})
    if not enqueue(conn, tenant_id, [item], now):
        return False
    conn.execute(update(people).where(people.c.tenant_id == tenant_id,
                                      people.c.external_id == person).values(idle_paused_at=now))
    return True


def read_last_pauses(conn: Connection, platform: str) -> dict[tuple[str, str], datetime]:
    """(tenant, person) -> when they were last paused for going quiet."""
    query = (select(tenants.c.name, people.c.external_id, func.max(outbox.c.created_at))
             .join(tenants, tenants.c.id == outbox.c.tenant_id)
             .join(people, people.c.id == outbox.c.person_id)
             .where(outbox.c.kind == "idle", tenants.c.platform == platform)
             .group_by(tenants.c.name, people.c.external_id))
    return {(t, p): aware(at) for t, p, at in conn.execute(query)}


def due(conn: Connection, platform: str) -> list[OutboxRow]:
    """Rows to send (planned) or cut off mid-send (sending), oldest first, of tenants on
    `platform` that still have the app."""
    return _rows(conn, (tenants.c.platform == platform, tenants.c.uninstalled_at.is_(None),
                        outbox.c.state.in_(("planned", "sending"))))


def of_tenant(conn: Connection, tenant_id: int) -> list[OutboxRow]:
    return _rows(conn, (outbox.c.tenant_id == tenant_id,))


def _rows(conn: Connection, where: tuple) -> list[OutboxRow]:
    query = (select(outbox, tenants.c.name.label("tenant"), people.c.external_id.label("to"))
             .join(tenants, tenants.c.id == outbox.c.tenant_id)
             .outerjoin(people, people.c.id == outbox.c.person_id)
             .where(*where).order_by(outbox.c.id))
    return [OutboxRow(id=r.id, kind=r.kind, key=r.key, state=r.state, tenant=r.tenant, to=r.to,
                      nudge=r.nudge_id, payload=r.payload, delivery_ref=r.delivery_ref,
                      sent_at=aware(r.sent_at), claimed_by=r.claimed_by,
                      claimed_at=aware(r.claimed_at))
            for r in conn.execute(query)]


def move(conn: Connection, row_id: int, before: str, after: str, **values) -> bool:
    """One state on; False when another sender moved it first (what makes a send happen once)."""
    result = conn.execute(update(outbox).where(outbox.c.id == row_id, outbox.c.state == before)
                          .values(state=after, **values))
    return result.rowcount == 1


class Outbox(StoreBase):
    """What the clock sends besides nudges, each once; and the idle pauses it plans."""

    def plan_outbox(self, tenant: str, items: list[Item], now: datetime) -> int:
        """Plan messages to send once each; those planned before are left alone. How many new."""
        with self._write() as conn:
            return enqueue(conn, self._tenant_id(conn, tenant), items, now)

    def outbox_due(self, platform: str) -> list[OutboxRow]:
        """Outbox rows on `platform` to send (planned) or cut off mid-send (sending)."""
        with self.engine.connect() as conn:
            return self._resumable(due(conn, platform))

    def outbox(self, tenant: str) -> list[OutboxRow]:
        with self.engine.connect() as conn:
            return of_tenant(conn, self._tenant_id(conn, tenant))

    def move_outbox(self, row_id: int, before: str, after: str, **values) -> bool:
        """planned -> sending -> sent (failed, unknown), each step taken by exactly one sender."""
        with self._write() as conn:
            return move(conn, row_id, before, after, **self._claim(after), **values)

    def last_pauses(self, platform: str) -> dict[tuple[str, str], datetime]:
        with self.engine.connect() as conn:
            return read_last_pauses(conn, platform)

    def pause_idle(self, tenant: str, person: str, round_id: int, now: datetime) -> bool:
        """Pause a quiet person and plan the note telling them; False if done before."""
        with self._write() as conn:
            return write_idle_pause(conn, self._tenant_id(conn, tenant), person, round_id, now)
