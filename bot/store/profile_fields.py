"""Teams from a Slack custom profile field a manager named (issue 15; tables in kept_schema.py,
migration 0019): the tenant's field, and each person's last read of it.

Most recent source wins: a value read from the field becomes the person's team, over one a
people file, an HR export or Microsoft 365 gave earlier (and a later import wins over it in
turn). An empty field clears only the team the field itself gave (`team_field_reads.team` still
equal to `people.team`), so a team from another source stays where the field says nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.engine import Connection

from bot.store.base import StoreBase, find_tenant
from bot.store.kept_schema import team_field_reads as reads
from bot.store.kept_schema import team_fields
from bot.store.schema import people, tenants
from bot.store.sql import aware, upsert


@dataclass(frozen=True, slots=True)
class TeamField:
    """A tenant's named field. `field_id` None: no field of the workspace has the label now.
    `read`: people whose value was read since it was named, of `people` (guests left out)."""

    label: str
    field_id: str | None
    named_at: datetime
    checked_at: datetime | None
    wait_until: datetime | None
    read: int = 0
    people: int = 0


class ProfileFields(StoreBase):
    def team_field(self, tenant: str, counted: bool = True) -> TeamField | None:
        """The tenant's named field; `counted`: with how many people were read (two counts)."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            return None if tenant_id is None else _field(conn, tenant_id, counted)

    def name_team_field(self, tenant: str, label: str, field_id: str, now: datetime,
                        platform: str) -> None:
        """The manager's choice (or the same label found again under a new id). Another field
        than before makes everyone due for a read; the teams the old one gave stay until then
        (each read replaces it, or clears it when the new field is empty)."""
        with self._write() as conn:
            tenant_id = self._ensure_tenant(conn, tenant, platform)
            _name(conn, tenant_id, label, field_id, now)

    def team_field_checked(self, tenant: str, label: str, field_id: str, now: datetime) -> None:
        """The workspace's fields were read and the label is still there (maybe under a new id:
        a field removed and made again)."""
        with self._write() as conn:
            tenant_id = find_tenant(conn, tenant)
            if tenant_id is not None and _field(conn, tenant_id) is not None:
                _name(conn, tenant_id, label, field_id, now)
                conn.execute(update(team_fields).where(team_fields.c.tenant_id == tenant_id)
                             .values(checked_at=now, wait_until=None))

    def team_field_gone(self, tenant: str, now: datetime) -> int:
        """No field of the workspace has the label any more: the teams it gave are cleared and
        the setting waits for the label to come back; how many teams were cleared."""
        with self._write() as conn:
            tenant_id = find_tenant(conn, tenant)
            if tenant_id is None or _field(conn, tenant_id) is None:
                return 0
            conn.execute(update(team_fields).where(team_fields.c.tenant_id == tenant_id)
                         .values(field_id=None, checked_at=now, wait_until=None))
            return _clear(conn, tenant_id)

    def drop_team_field(self, tenant: str) -> int | None:
        """`admin team field off`: the setting, every read and the teams the field gave go;
        how many teams were cleared (None: no field was named)."""
        with self._write() as conn:
            tenant_id = find_tenant(conn, tenant)
            if tenant_id is None or _field(conn, tenant_id) is None:
                return None
            cleared = _clear(conn, tenant_id)
            conn.execute(delete(team_fields).where(team_fields.c.tenant_id == tenant_id))
            return cleared

    def team_field_wait(self, tenant: str, until: datetime) -> None:
        """Slack said to wait (Retry-After, or a refused permission): no read before `until`."""
        with self._write() as conn:
            conn.execute(update(team_fields)
                         .where(team_fields.c.tenant_id == find_tenant(conn, tenant))
                         .values(wait_until=until))

    def team_fields_due(self, now: datetime) -> list[tuple[str, TeamField]]:
        """(tenant, field) of the installed tenants with a named field and nothing to wait for."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(tenants.c.name, tenants.c.id)
                .join(team_fields, team_fields.c.tenant_id == tenants.c.id)
                .where(tenants.c.uninstalled_at.is_(None),
                       team_fields.c.wait_until.is_(None) | (team_fields.c.wait_until <= now))
                .order_by(tenants.c.name)).all()
            return [(row.name, _field(conn, row.id)) for row in rows]

    def people_due_team_field(self, tenant: str, before: datetime, limit: int) -> list[str]:
        """Up to `limit` of the tenant's own people (no guest) whose field was not read since
        `before`, nor since the field was named: never read first, then the oldest reads."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            named = _field(conn, tenant_id) if tenant_id is not None else None
            if named is None or named.field_id is None:
                return []
            since = max(before, named.named_at)
            query = (select(people.c.external_id)
                     .outerjoin(reads, reads.c.person_id == people.c.id)
                     .where(people.c.tenant_id == tenant_id, people.c.external.is_(False),
                            reads.c.read_at.is_(None) | (reads.c.read_at < since))
                     .order_by(reads.c.read_at.asc().nulls_first(), people.c.id).limit(limit))
            return list(conn.scalars(query))

    def set_field_teams(self, tenant: str, field_id: str, values: dict[str, str | None],
                        now: datetime) -> int:
        """Values read from `field_id` (person -> value; "" empty; None: Slack knows no such
        person, so only the read is noted) become teams, unless the tenant's field changed
        meanwhile. People we do not hold are not created. How many teams changed."""
        changed = 0
        with self._write() as conn:
            tenant_id = find_tenant(conn, tenant)
            named = _field(conn, tenant_id) if tenant_id is not None else None
            if named is None or named.field_id != field_id or not values:
                return 0
            rows = conn.execute(
                select(people.c.id, people.c.external_id, people.c.team, reads.c.team.label("gave"))
                .outerjoin(reads, reads.c.person_id == people.c.id)
                .where(people.c.tenant_id == tenant_id,
                       people.c.external_id.in_(list(values)))).all()
            for row in rows:
                value = values[row.external_id]
                gave = row.gave if value is None else (value or None)
                team = row.team if value is None else \
                    value or (None if row.team == row.gave else row.team)
                if team != row.team:
                    conn.execute(update(people).where(people.c.id == row.id).values(team=team))
                    changed += 1
                upsert(conn, reads, ["person_id"], {"person_id": row.id, "tenant_id": tenant_id,
                                                    "read_at": now, "team": gave})
        return changed


def _field(conn: Connection, tenant_id: int, counted: bool = False) -> TeamField | None:
    row = conn.execute(select(team_fields).where(team_fields.c.tenant_id == tenant_id)).first()
    if row is None:
        return None
    found = TeamField(row.label, row.field_id, aware(row.named_at), aware(row.checked_at),
                      aware(row.wait_until))
    if not counted:
        return found
    own = and_(people.c.tenant_id == tenant_id, people.c.external.is_(False))
    everyone = conn.scalar(select(func.count()).select_from(people).where(own)) or 0
    read = conn.scalar(select(func.count()).select_from(reads)
                       .join(people, people.c.id == reads.c.person_id)
                       .where(own, reads.c.read_at >= row.named_at)) or 0
    return TeamField(found.label, found.field_id, found.named_at, found.checked_at,
                     found.wait_until, read, everyone)


def _name(conn: Connection, tenant_id: int, label: str, field_id: str, now: datetime) -> None:
    before = _field(conn, tenant_id)
    if before is not None and before.field_id == field_id:
        conn.execute(update(team_fields).where(team_fields.c.tenant_id == tenant_id)
                     .values(label=label, wait_until=None))
        return
    upsert(conn, team_fields, ["tenant_id"], {"tenant_id": tenant_id, "label": label,
                                              "field_id": field_id, "named_at": now,
                                              "checked_at": now, "wait_until": None})


def _clear(conn: Connection, tenant_id: int) -> int:
    """Clear the teams the field gave (those no other source changed since) and forget every
    read of it."""
    gave = list(conn.scalars(select(people.c.id).join(reads, reads.c.person_id == people.c.id)
                             .where(reads.c.tenant_id == tenant_id, reads.c.team.is_not(None),
                                    reads.c.team == people.c.team)))
    if gave:
        conn.execute(update(people).where(people.c.id.in_(gave)).values(team=None))
    conn.execute(delete(reads).where(reads.c.tenant_id == tenant_id))
    return len(gave)
