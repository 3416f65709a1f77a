"""Planned nudges whose members have calendars, read before the nudges go out, and the slots
that fit their free/busy written in place of the hours-only ones (once per nudge; a nudge a
sender has claimed is never changed under it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from bot.core.model import Person, Slot
from bot.store.base import StoreBase
from bot.store.calendar_organisation import covered_ids
from bot.store.calendars import CalendarLink, links_of
from bot.store.kept_schema import calendar_connections, nudge_calendar_checks
from bot.store.reading import read_person
from bot.store.schema import nudge_members, nudges, people, programs, rounds, tenants
from bot.store.sql import insert_ignoring_duplicates


@dataclass(frozen=True, slots=True)
class ToCheck:
    tenant: str
    nudge: int
    members: tuple[Person, ...]
    settings: dict[str, Any]  # the program's, for its horizon, slot length and count
    links: dict[str, CalendarLink]


class CalendarChecks(StoreBase):
    def nudges_to_check(self, limit: int = 200) -> list[ToCheck]:
        """Planned, unclaimed nudges not checked yet, with a member who has a calendar (their
        own, or the organisation's grant covering them)."""
        with self.engine.connect() as conn:
            someone = select(nudge_members.c.nudge_id).join(
                calendar_connections,
                calendar_connections.c.person_id == nudge_members.c.person_id)
            covered = select(nudge_members.c.nudge_id).where(  # by an organisation's grant
                nudge_members.c.person_id.in_(covered_ids()))
            rows = conn.execute(
                select(nudges.c.id, nudges.c.tenant_id, tenants.c.name, programs.c.settings)
                .join(tenants, tenants.c.id == nudges.c.tenant_id)
                .join(rounds, rounds.c.id == nudges.c.round_id)
                .join(programs, programs.c.id == rounds.c.program_id)
                .where(nudges.c.state == "planned", nudges.c.claimed_by.is_(None),
                       nudges.c.id.in_(someone) | nudges.c.id.in_(covered),
                       nudges.c.id.not_in(select(nudge_calendar_checks.c.nudge_id)))
                .order_by(nudges.c.id).limit(limit)).all()
            return [_to_check(conn, *row) for row in rows]

    def mark_checked(self, nudge: int, slots: tuple[Slot, ...] | None, checked: list[str],
                     now: datetime) -> bool:
        """Write the calendar-fitting slots (None: keep the hours-only ones) and mark the nudge
        checked, only while no sender has claimed it; whether this call did."""
        with self._write() as conn:
            kept = conn.execute(insert_ignoring_duplicates(conn, nudge_calendar_checks,
                                                           ["nudge_id"])
                                .values(nudge_id=nudge, checked_at=now, checked=checked)
                                .returning(nudge_calendar_checks.c.nudge_id)).first()
            if kept is None:
                return False
            if slots:
                conn.execute(update(nudges).where(
                    nudges.c.id == nudge, nudges.c.state == "planned",
                    nudges.c.claimed_by.is_(None)).values(
                    slots=[[s.start.isoformat(), s.end.isoformat()] for s in slots]))
            return True

    def checked_calendars(self, nudge: int) -> list[str]:
        """Whose calendars a nudge's slots heeded (empty: hours only)."""
        with self.engine.connect() as conn:
            return list(conn.scalar(select(nudge_calendar_checks.c.checked)
                                    .where(nudge_calendar_checks.c.nudge_id == nudge)) or [])


def _to_check(conn: Connection, nudge: int, tenant_id: int, tenant: str,
              settings: dict[str, Any]) -> ToCheck:
    ids = list(conn.scalars(select(people.c.external_id)
                            .join(nudge_members, nudge_members.c.person_id == people.c.id)
                            .where(nudge_members.c.nudge_id == nudge)
                            .order_by(nudge_members.c.position)))
    members = tuple(p for p in (read_person(conn, tenant_id, i) for i in ids) if p is not None)
    return ToCheck(tenant, nudge, members, dict(settings), links_of(conn, tenant_id, ids))
