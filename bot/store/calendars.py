"""Calendar connections: one per person, its tokens sealed by the caller (the store never sees
them in the clear), and the short-lived states of connect attempts (OAuth 2.0 with PKCE). Erased
with the person (`forget me`: the foreign keys cascade) and with their tenant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection

from bot.store.base import StoreBase, find_tenant
from bot.store.kept_schema import calendar_connections, calendar_states
from bot.store.outbox import Item, enqueue
from bot.store.profiles import write_person
from bot.store.reading import person_row_id
from bot.store.schema import people, tenants
from bot.store.sql import aware, upsert


@dataclass(frozen=True, slots=True)
class CalendarLink:
    """A person's calendar: which provider, which calendar, since when, the sealed tokens, and
    whether the provider has refused the grant since (then: `refused_at`)."""

    person: str
    provider: str
    account: str
    sealed: str
    connected_at: datetime
    refused_at: datetime | None



@dataclass(frozen=True, slots=True)
class ConnectState:
    tenant: str
    person: str
    provider: str
    sealed_verifier: str
    expect: dict[str, str]  # who the link is for: "address", "directory_id" (either may lack)


class Calendars(StoreBase):
    def add_calendar_state(self, tenant: str, person: str, provider: str, digest: str,
                           sealed_verifier: str, expires: datetime, platform: str,
                           expect: dict[str, str] | None = None) -> None:
        """A connect attempt; the person is stored if we had not met them (as any setting does)."""
        with self._write() as conn:
            tenant_id = self._ensure_tenant(conn, tenant, platform)
            write_person(conn, tenant_id, person, {})
            conn.execute(calendar_states.insert().values(
                digest=digest, tenant_id=tenant_id, person_id=person_row_id(conn, tenant_id, person),
                provider=provider, verifier=sealed_verifier, expires_at=expires,
                expect=expect or None))

    def take_calendar_state(self, digest: str, provider: str, now: datetime) -> ConnectState | None:
        """Spend a connect attempt (once: a replayed callback finds nothing)."""
        with self._write() as conn:
            row = conn.execute(
                select(tenants.c.name, people.c.external_id, calendar_states.c.provider,
                       calendar_states.c.verifier, calendar_states.c.expires_at,
                       calendar_states.c.expect)
                .join(tenants, tenants.c.id == calendar_states.c.tenant_id)
                .join(people, people.c.id == calendar_states.c.person_id)
                .where(calendar_states.c.digest == digest)).first()
            gone = conn.execute(delete(calendar_states)
                                .where(calendar_states.c.digest == digest)).rowcount
            if row is None or gone != 1 or row.provider != provider or aware(row.expires_at) <= now:
                return None
            expect = row.expect if isinstance(row.expect, dict) else {}
            return ConnectState(row.name, row.external_id, row.provider, row.verifier,
                                {k: v for k, v in expect.items() if isinstance(v, str) and v})

    def save_calendar(self, tenant: str, person: str, provider: str, account: str, sealed: str,
                      now: datetime) -> None:
        """Connect (or reconnect, or switch provider): one connection per person."""
        with self._write() as conn:
            tenant_id = self._tenant_id(conn, tenant)
            person_id = person_row_id(conn, tenant_id, person)
            upsert(conn, calendar_connections, ["person_id"],
                   {"person_id": person_id, "tenant_id": tenant_id, "provider": provider,
                    "account": account[:320], "tokens": sealed, "connected_at": now,
                    "refused_at": None})

    def reseal_calendar(self, tenant: str, person: str, sealed: str) -> None:
        """Fresh tokens after a refresh."""
        with self._write() as conn:
            conn.execute(update(calendar_connections).where(
                calendar_connections.c.person_id == person_row_id(conn, self._tenant_id(conn, tenant),
                                                               person)).values(tokens=sealed))

    def calendar_refused(self, tenant: str, person: str, now: datetime) -> bool:
        """Mark the grant refused and, in the same transaction, plan the note telling the person
        how to reconnect (once per connection); whether this call marked it."""
        with self._write() as conn:
            tenant_id = self._tenant_id(conn, tenant)
            person_id = person_row_id(conn, tenant_id, person)
            marked = conn.execute(update(calendar_connections).where(
                calendar_connections.c.person_id == person_id,
                calendar_connections.c.refused_at.is_(None)).values(refused_at=now)).rowcount == 1
            if marked:
                since = conn.scalar(select(calendar_connections.c.connected_at)
                                    .where(calendar_connections.c.person_id == person_id))
                enqueue(conn, tenant_id, [Item("calendar", f"calendar:{person}:{since}"[:200],
                                               person, None, {"to": person})], now)
            return marked

    def calendars(self, tenant: str, members: list[str]) -> dict[str, CalendarLink]:
        """The connections of some people (those without one are absent)."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            return {} if tenant_id is None or not members else links_of(conn, tenant_id, members)

    def remove_calendar(self, tenant: str, person: str) -> CalendarLink | None:
        """Disconnect: the connection, as it was (to revoke the grant), or None."""
        with self._write() as conn:
            tenant_id = find_tenant(conn, tenant)
            if tenant_id is None:
                return None
            found = links_of(conn, tenant_id, [person]).get(person)
            person_id = person_row_id(conn, tenant_id, person)
            for table in (calendar_connections, calendar_states):
                conn.execute(delete(table).where(table.c.person_id == person_id))
            return found

    def purge_calendar_states(self, now: datetime) -> None:
        with self._write() as conn:
            conn.execute(delete(calendar_states).where(calendar_states.c.expires_at <= now))


def links_of(conn: Connection, tenant_id: int, members: list[str]) -> dict[str, CalendarLink]:
    rows = conn.execute(
        select(people.c.external_id, calendar_connections)
        .join(people, people.c.id == calendar_connections.c.person_id)
        .where(calendar_connections.c.tenant_id == tenant_id,
               people.c.external_id.in_(members))).all()
    return {r.external_id: CalendarLink(r.external_id, r.provider, r.account, r.tokens,
                                        aware(r.connected_at), aware(r.refused_at)) for r in rows}
