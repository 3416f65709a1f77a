"""Outcome records (bot/core/records.py) and weekly health snapshots: aggregates kept so that the
trend survives the retention of raw interactions. Counts and labels only, never a person."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from bot.store.base import StoreBase, find_tenant
from bot.store.kept_schema import health_snapshots, round_records
from bot.store.managers import groups_of_rounds
from bot.store.schema import programs, round_unmatched, rounds
from bot.store.sql import aware, insert_ignoring_duplicates, upsert
from bot.store.values import RoundGroup


class Records(StoreBase):
    """What rounds came to and how the network looked, week by week."""

    def open_rounds(self, tenant: str) -> list[tuple[int, str, datetime]]:
        """(round id, program, due) of every round whose record is missing or not final yet."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            if tenant_id is None:
                return []
            kept = (select(round_records.c.round_id)
                    .where(round_records.c.tenant_id == tenant_id, round_records.c.final))
            rows = conn.execute(select(rounds.c.id, programs.c.name, rounds.c.due_at)
                                .join(programs, programs.c.id == rounds.c.program_id)
                                .where(rounds.c.tenant_id == tenant_id,
                                       rounds.c.id.not_in(kept))
                                .order_by(rounds.c.due_at, rounds.c.id)).all()
            return [(i, name, aware(due)) for i, name, due in rows]

    def round_groups_of(self, round_id: int) -> tuple[list[RoundGroup], int]:
        """A round's groups and how many people it reached but left without one."""
        with self.engine.connect() as conn:
            unmatched = conn.scalar(select(func.count()).select_from(round_unmatched)
                                    .where(round_unmatched.c.round_id == round_id))
            return groups_of_rounds(conn, [round_id]), unmatched or 0

    def keep_round_record(self, tenant: str, round_id: int, program: str, due: datetime,
                          figures: dict[str, Any], final: bool, now: datetime) -> None:
        """Write a round's record; a final one is never written over (two clocks, or a clock
        after the interactions behind it were purged, cannot change what was kept)."""
        with self._write() as conn:
            tenant_id = self._tenant_id(conn, tenant)
            if conn.scalar(select(round_records.c.final)
                           .where(round_records.c.round_id == round_id)):
                return
            upsert(conn, round_records, ["round_id"],
                   {"round_id": round_id, "tenant_id": tenant_id, "program": program,
                    "due_at": due, "updated_at": now, "final": final, "figures": figures})

    def round_records(self, tenant: str, program: str | None = None
                      ) -> list[tuple[str, datetime, bool, dict[str, Any]]]:
        """(program, due, final, figures) of the tenant's rounds, oldest first."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            if tenant_id is None:
                return []
            query = select(round_records.c.program, round_records.c.due_at,
                           round_records.c.final, round_records.c.figures) \
                .where(round_records.c.tenant_id == tenant_id)
            if program is not None:
                query = query.where(round_records.c.program == program)
            rows = conn.execute(query.order_by(round_records.c.due_at,
                                               round_records.c.round_id)).all()
            return [(name, aware(due), final, figures) for name, due, final, figures in rows]

    def has_health(self, tenant: str, week: datetime) -> bool:
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            return tenant_id is not None and _week_kept(conn, tenant_id, "", week)

    def keep_health(self, tenant: str, scope: str, week: datetime, figures: dict[str, Any]) -> bool:
        """Keep a week's snapshot once; whether this call kept it (a twin's copy wins otherwise)."""
        with self._write() as conn:
            tenant_id = self._tenant_id(conn, tenant)
            kept = conn.execute(insert_ignoring_duplicates(
                conn, health_snapshots, ["tenant_id", "scope", "week"])
                .values(tenant_id=tenant_id, scope=scope, week=week, figures=figures)
                .returning(health_snapshots.c.week)).first()
            return kept is not None

    def health_series(self, tenant: str, scope: str = "") -> list[tuple[datetime, dict[str, Any]]]:
        """(week, figures) of the kept snapshots of one scope ("" for the tenant), oldest first."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            if tenant_id is None:
                return []
            rows = conn.execute(select(health_snapshots.c.week, health_snapshots.c.figures)
                                .where(health_snapshots.c.tenant_id == tenant_id,
                                       health_snapshots.c.scope == scope)
                                .order_by(health_snapshots.c.week)).all()
            return [(aware(week), figures) for week, figures in rows]

    def latest_health(self, tenant: str, scope: str = "") -> tuple[datetime, dict[str, Any]] | None:
        """The latest kept snapshot of one scope (the dashboard's ideas), without the others."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            row = None if tenant_id is None else conn.execute(
                select(health_snapshots.c.week, health_snapshots.c.figures)
                .where(health_snapshots.c.tenant_id == tenant_id, health_snapshots.c.scope == scope)
                .order_by(health_snapshots.c.week.desc()).limit(1)).first()
            return None if row is None else (aware(row.week), row.figures)


def _week_kept(conn: Connection, tenant_id: int, scope: str, week: datetime) -> bool:
    return conn.scalar(select(func.count()).select_from(health_snapshots).where(and_(
        health_snapshots.c.tenant_id == tenant_id, health_snapshots.c.scope == scope,
        health_snapshots.c.week == week))) > 0
