"""The invitation of a confirmed meetup: one event in the organiser's calendar, planned when
every member accepts the same time, created by the clock (the provider's idempotency key makes a
retry find the same event, so a crash between its answer and our write still leaves one), and
cancelled when a member declines afterwards. Each step moves a row by one conditional UPDATE."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from bot.store.base import StoreBase, find_tenant
from bot.store.calendars import CalendarLink, links_of
from bot.store.kept_schema import calendar_events
from bot.store.reading import person_row_id
from bot.store.schema import nudge_members, people, tenants
from bot.store.sql import insert_ignoring_duplicates

DUE = ("planned", "cancel")


@dataclass(frozen=True, slots=True)
class Invitation:
    """What the clock needs to create or cancel one event (`links`: every member's calendar)."""

    tenant: str
    nudge: int
    state: str
    slot: int
    event_id: str | None
    organiser: str
    members: tuple[str, ...]
    links: dict[str, CalendarLink]


class CalendarEvents(StoreBase):
    def plan_invitation(self, tenant: str, nudge: int, organiser: str, slot: int,
                        now: datetime) -> bool:
        """Plan the event once per nudge; whether this call planned it."""
        with self._write() as conn:
            tenant_id = self._tenant_id(conn, tenant)
            organiser_id = person_row_id(conn, tenant_id, organiser)
            return conn.execute(insert_ignoring_duplicates(conn, calendar_events, ["nudge_id"])
                                .values(nudge_id=nudge, tenant_id=tenant_id,
                                        organiser_id=organiser_id, slot=slot, state="planned",
                                        updated_at=now)
                                .returning(calendar_events.c.nudge_id)).first() is not None

    def cancel_invitation(self, tenant: str, nudge: int, now: datetime) -> None:
        """A member declined after everyone accepted: not created yet, it never will be; created,
        the clock cancels it."""
        with self._write() as conn:
            tenant_id = find_tenant(conn, tenant)
            mine = (calendar_events.c.nudge_id == nudge, calendar_events.c.tenant_id == tenant_id)
            conn.execute(update(calendar_events).where(*mine, calendar_events.c.state == "planned")
                         .values(state="cancelled", updated_at=now))
            conn.execute(update(calendar_events).where(*mine, calendar_events.c.state == "created")
                         .values(state="cancel", updated_at=now))

    def invitations_due(self, limit: int = 200) -> list[Invitation]:
        """Events to create (planned) or to cancel (cancel), oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(calendar_events, tenants.c.name, people.c.external_id)
                .join(tenants, tenants.c.id == calendar_events.c.tenant_id)
                .join(people, people.c.id == calendar_events.c.organiser_id)
                .where(calendar_events.c.state.in_(DUE))
                .order_by(calendar_events.c.updated_at).limit(limit)).all()
            out = []
            for row in rows:
                members = tuple(conn.scalars(
                    select(people.c.external_id)
                    .join(nudge_members, nudge_members.c.person_id == people.c.id)
                    .where(nudge_members.c.nudge_id == row.nudge_id)
                    .order_by(nudge_members.c.position)))
                out.append(Invitation(row.name, row.nudge_id, row.state, row.slot, row.event_id,
                                      row.external_id, members,
                                      links_of(conn, row.tenant_id, list(members))))
            return out

    def invitation_done(self, nudge: int, before: str, after: str, now: datetime,
                        event_id: str | None = None) -> bool:
        """planned -> created (with the provider's event id), cancel -> cancelled."""
        values = {"state": after, "updated_at": now}
        if event_id is not None:
            values["event_id"] = event_id
        with self._write() as conn:
            return conn.execute(update(calendar_events).where(
                calendar_events.c.nudge_id == nudge, calendar_events.c.state == before)
                .values(**values)).rowcount == 1

    def invitation_of(self, nudge: int) -> tuple[str, str | None] | None:
        """(state, event id) of a nudge's invitation, if any."""
        with self.engine.connect() as conn:
            row = conn.execute(select(calendar_events.c.state, calendar_events.c.event_id)
                               .where(calendar_events.c.nudge_id == nudge)).first()
            return None if row is None else (row.state, row.event_id)

    def events_organised_by(self, tenant: str, person: str) -> list[str]:
        """The ids of the live events a person organises (`forget me` cancels them first)."""
        with self.engine.connect() as conn:
            return list(conn.scalars(
                select(calendar_events.c.event_id)
                .join(people, people.c.id == calendar_events.c.organiser_id)
                .join(tenants, tenants.c.id == calendar_events.c.tenant_id)
                .where(tenants.c.name == tenant, people.c.external_id == person,
                       calendar_events.c.state.in_(("created", "cancel")),
                       calendar_events.c.event_id.is_not(None))))
