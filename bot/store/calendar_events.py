"""The invitation of a confirmed meetup: one event in the organiser's calendar, planned when
every member accepts the same time, created by the clock (the provider's idempotency key makes a
retry find the same event, so a crash between its answer and our write still leaves one). Each
change moves a row by one conditional UPDATE, which the clock then carries to the provider:

    planned  -> created                 the clock made the event
    created  -> update  -> created      a member of a larger group declined, or a new time
    created  -> move    -> planned      the organiser declined: cancelled in their calendar,
                                        made again (attempt + 1) in the next member's
    created  -> cancel  -> cancelled    the meetup is off (a pair's decline)
    planned  -> cancelled | failed      off before it was made; no calendar left to hold it
"""

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

DUE = ("planned", "update", "move", "cancel")
LIVE = ("created", "update", "move", "cancel")  # an event exists at the provider
# What a change asks of a row in each state it applies to (absent: the change leaves it be)
CHANGES = {
    "cancel": {"planned": "cancelled", "created": "cancel", "update": "cancel", "move": "cancel"},
    "update": {"created": "update"},
    "move": {"created": "move", "update": "move"},
}


@dataclass(frozen=True, slots=True)
class Invitation:
    """What the clock needs to make, change or cancel one event (`links`: every member's
    calendar; `attempt`: how many events were made for this meetup before)."""

    tenant: str
    nudge: int
    state: str
    slot: int
    event_id: str | None
    organiser: str
    members: tuple[str, ...]
    links: dict[str, CalendarLink]
    attempt: int = 0


class CalendarEvents(StoreBase):
    def plan_invitation(self, tenant: str, nudge: int, organiser: str, slot: int,
                        now: datetime) -> bool:
        """Everyone accepted `slot`: plan the event, or carry the new time to the one planned or
        made already (a group agreeing again, on another time); whether anything changed."""
        with self._write() as conn:
            tenant_id = self._tenant_id(conn, tenant)
            organiser_id = person_row_id(conn, tenant_id, organiser)
            if conn.execute(insert_ignoring_duplicates(conn, calendar_events, ["nudge_id"])
                            .values(nudge_id=nudge, tenant_id=tenant_id,
                                    organiser_id=organiser_id, slot=slot, state="planned",
                                    updated_at=now)
                            .returning(calendar_events.c.nudge_id)).first() is not None:
                return True
            mine = (calendar_events.c.nudge_id == nudge, calendar_events.c.tenant_id == tenant_id)
            state = calendar_events.c.state
            done = conn.execute(update(calendar_events).where(*mine, state == "planned")
                                .values(slot=slot, organiser_id=organiser_id,
                                        updated_at=now)).rowcount
            done += conn.execute(update(calendar_events)
                                 .where(*mine, state.in_(("created", "update", "cancel")))
                                 .values(slot=slot, state="update", updated_at=now)).rowcount
            done += conn.execute(update(calendar_events)
                                 .where(*mine, state.in_(("cancelled", "failed")))
                                 .values(slot=slot, organiser_id=organiser_id, state="planned",
                                         event_id=None, attempt=calendar_events.c.attempt + 1,
                                         updated_at=now)).rowcount
            return done > 0

    def change_invitation(self, tenant: str, nudge: int, change: str, now: datetime) -> None:
        """A member declined after everyone accepted: `change` is what that means for the event
        (CHANGES); the clock carries it out."""
        with self._write() as conn:
            tenant_id = find_tenant(conn, tenant)
            mine = (calendar_events.c.nudge_id == nudge, calendar_events.c.tenant_id == tenant_id)
            for before, after in CHANGES[change].items():
                conn.execute(update(calendar_events).where(*mine, calendar_events.c.state == before)
                             .values(state=after, updated_at=now))

    def invitations_due(self, limit: int = 200) -> list[Invitation]:
        """Events to make, change or cancel, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(calendar_events, tenants.c.name, people.c.external_id)
                .join(tenants, tenants.c.id == calendar_events.c.tenant_id)
                .join(people, people.c.id == calendar_events.c.organiser_id)
                .where(calendar_events.c.state.in_(DUE))
                .order_by(calendar_events.c.updated_at).limit(limit)).all()
            return [_invitation(conn, row) for row in rows]

    def invitations_organised_by(self, tenant: str, person: str) -> list[Invitation]:
        """The meetups whose event a person holds (or is to make): `calendar disconnect` and
        `forget me` hand them on first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(calendar_events, tenants.c.name, people.c.external_id)
                .join(people, people.c.id == calendar_events.c.organiser_id)
                .join(tenants, tenants.c.id == calendar_events.c.tenant_id)
                .where(tenants.c.name == tenant, people.c.external_id == person,
                       calendar_events.c.state.in_(("planned",) + LIVE))).all()
            return [_invitation(conn, row) for row in rows]

    def invitation_done(self, nudge: int, before: str, after: str, now: datetime,
                        event_id: str | None = None) -> bool:
        """One step of the table above, if the row is still in `before`."""
        values = {"state": after, "updated_at": now}
        if event_id is not None:
            values["event_id"] = event_id
        with self._write() as conn:
            return conn.execute(update(calendar_events).where(
                calendar_events.c.nudge_id == nudge, calendar_events.c.state == before)
                .values(**values)).rowcount == 1

    def hand_over_invitation(self, tenant: str, nudge: int, before: str, organiser: str | None,
                             now: datetime) -> bool:
        """The organiser's event is gone (cancelled in their calendar, or never made): the next
        member makes a new one (a new attempt, so a new key), or nobody is left to (cancelled)."""
        with self._write() as conn:
            tenant_id = find_tenant(conn, tenant)
            where = (calendar_events.c.nudge_id == nudge, calendar_events.c.tenant_id == tenant_id,
                     calendar_events.c.state == before)
            if organiser is None:
                values = {"state": "cancelled"}
            else:
                values = {"state": "planned", "event_id": None,
                          "organiser_id": person_row_id(conn, tenant_id, organiser),
                          "attempt": calendar_events.c.attempt + int(before != "planned")}
            return conn.execute(update(calendar_events).where(*where)
                                .values(**values, updated_at=now)).rowcount == 1

    def invitation_organiser(self, tenant: str, nudge: int) -> str | None:
        """Who holds (or is to make) a meetup's event."""
        with self.engine.connect() as conn:
            return conn.scalar(select(people.c.external_id)
                               .join(calendar_events, calendar_events.c.organiser_id == people.c.id)
                               .join(tenants, tenants.c.id == calendar_events.c.tenant_id)
                               .where(tenants.c.name == tenant,
                                      calendar_events.c.nudge_id == nudge))

    def invitation_of(self, nudge: int) -> tuple[str, str | None] | None:
        """(state, event id) of a nudge's invitation, if any."""
        with self.engine.connect() as conn:
            row = conn.execute(select(calendar_events.c.state, calendar_events.c.event_id)
                               .where(calendar_events.c.nudge_id == nudge)).first()
            return None if row is None else (row.state, row.event_id)


def _invitation(conn, row) -> Invitation:
    members = tuple(conn.scalars(
        select(people.c.external_id)
        .join(nudge_members, nudge_members.c.person_id == people.c.id)
        .where(nudge_members.c.nudge_id == row.nudge_id)
        .order_by(nudge_members.c.position)))
    return Invitation(row.name, row.nudge_id, row.state, row.slot, row.event_id,
                      row.external_id, members, links_of(conn, row.tenant_id, list(members)),
                      row.attempt)
