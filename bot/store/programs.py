"""Programs: their settings (a program file in git, or chat), their state, and when they are due."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from bot.core.programs import Program, ProgramError, program_from_dict, program_to_dict
from bot.store.base import StoreBase, find_tenant
from bot.store.schema import programs, rounds, tenants
from bot.store.sql import aware, insert_ignoring_duplicates

PROGRAM_STATES = ("active", "paused")


def write_program(conn: Connection, tenant_id: int, program: Program, now: datetime) -> int:
    """Insert or replace the program of that name; returns its id."""
    settings = program_to_dict(program)
    found = program_id_of(conn, tenant_id, program.name)
    if found is None:
        row = {"tenant_id": tenant_id, "name": program.name, "settings": settings,
               "created_at": now}
        return conn.execute(insert(programs).values(row)).inserted_primary_key[0]
    conn.execute(update(programs).where(programs.c.id == found).values(settings=settings))
    return found


def sync_program(conn: Connection, tenant_id: int, program: Program, state: str | None,
                 now: datetime) -> str:
    """Create or update a program kept elsewhere (a YAML file in git): 'created', 'updated' or
    'unchanged'. The schedule restarts (created_at = now) only for a new cadence or time zone,
    or on resume, so re-reading an unchanged file at start-up leaves a round missed during the
    downtime due. A state of None keeps the stored one: a pause said in chat survives."""
    found = _program_row(conn, tenant_id, program.name)
    if found is None:
        row = {"tenant_id": tenant_id, "name": program.name, "settings": program_to_dict(program),
               "state": state or "active", "created_at": now}
        inserted = conn.execute(insert_ignoring_duplicates(conn, programs, ["tenant_id", "name"])
                                .values(row).returning(programs.c.id)).first()
        if inserted is not None:  # (rowcount is -1 on PostgreSQL with RETURNING)
            return "created"
        found = _program_row(conn, tenant_id, program.name)  # another process created it just now
    program_id, settings, stored_state = found
    try:
        before = program_from_dict(settings)
    except ProgramError:  # stored under older, looser rules: the file's version replaces it
        before = None
    values: dict = {} if before == program else {"settings": program_to_dict(program)}
    if before is None or (before.cadence, before.timezone) != (program.cadence, program.timezone):
        values["created_at"] = now
    if state is not None and state != stored_state:
        values |= {"state": state} | ({"created_at": now} if state == "active" else {})
    if not values:
        return "unchanged"
    conn.execute(update(programs).where(programs.c.id == program_id).values(**values))
    return "updated"


def _program_row(conn: Connection, tenant_id: int, name: str):
    return conn.execute(select(programs.c.id, programs.c.settings, programs.c.state)
                        .where(programs.c.tenant_id == tenant_id, programs.c.name == name)).first()


def load_program(conn: Connection, tenant_id: int, name: str) -> Program | None:
    query = select(programs.c.settings).where(programs.c.tenant_id == tenant_id,
                                              programs.c.name == name)
    settings = conn.scalar(query)
    return None if settings is None else program_from_dict(settings)


def program_id_of(conn: Connection, tenant_id: int, name: str) -> int | None:
    return conn.scalar(select(programs.c.id).where(programs.c.tenant_id == tenant_id,
                                                   programs.c.name == name))


def read_scheduled(conn: Connection) -> list[tuple[str, dict, datetime]]:
    """(tenant, settings, created) of every active program with a cadence, in tenants still
    installed."""
    query = (select(tenants.c.name, programs.c.settings, programs.c.created_at)
             .join(tenants, tenants.c.id == programs.c.tenant_id)
             .where(tenants.c.uninstalled_at.is_(None), programs.c.state == "active")
             .order_by(tenants.c.name, programs.c.name))
    return [(t, settings, created) for t, settings, created in conn.execute(query)
            if settings.get("cadence")]


def read_last_due(conn: Connection, tenant: str, program: str) -> datetime | None:
    query = (select(rounds.c.due_at).join(programs, programs.c.id == rounds.c.program_id)
             .join(tenants, tenants.c.id == rounds.c.tenant_id)
             .where(tenants.c.name == tenant, programs.c.name == program)
             .order_by(rounds.c.due_at.desc()).limit(1))
    return conn.scalar(query)


def program_rows(conn: Connection, tenant_id: int) -> list[tuple[str, str, dict]]:
    """(name, state, settings) of every program of the tenant, by name."""
    query = (select(programs.c.name, programs.c.state, programs.c.settings)
             .where(programs.c.tenant_id == tenant_id).order_by(programs.c.name))
    return [(name, state, settings) for name, state, settings in conn.execute(query)]


def write_program_state(conn: Connection, tenant_id: int, name: str, state: str,
                        now: datetime) -> bool:
    """Pause or resume a program; False when there is no such program. Resuming restarts its
    schedule at `now` (created_at is where the clock counts from when no later round exists),
    so the rounds that fell due while it was paused do not all fire at once on resume."""
    if state not in PROGRAM_STATES:
        raise ValueError(f"program state must be one of {PROGRAM_STATES}, not {state!r}")
    values = {"state": state} | ({"created_at": now} if state == "active" else {})
    done = conn.execute(update(programs).where(programs.c.tenant_id == tenant_id,
                                               programs.c.name == name).values(**values))
    return done.rowcount > 0


def remove_program(conn: Connection, tenant_id: int, name: str) -> bool:
    """Delete a program with its rounds, nudges and answers. Meetings people confirmed stay:
    they are interactions, and ties outlive the program that suggested them."""
    done = conn.execute(delete(programs).where(programs.c.tenant_id == tenant_id,
                                               programs.c.name == name))
    return done.rowcount > 0


class Programs(StoreBase):
    """Programs by name: created, edited, paused, deleted, synced from a file."""

    def program(self, tenant: str, name: str) -> Program | None:
        with self.engine.connect() as conn:
            return load_program(conn, self._tenant_id(conn, tenant), name)

    def programs(self, tenant: str) -> list[tuple[Program, str]]:
        """Every program of the tenant with its state ('active' or 'paused'), by name."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            rows = [] if tenant_id is None else program_rows(conn, tenant_id)
        return [(program_from_dict(settings), state) for _, state, settings in rows]

    def create_program(self, tenant: str, program: Program, now: datetime, platform: str,
                       state: str = "active") -> bool:
        """Store a new program; False (and nothing written) when the name is taken. A draft is
        created `paused` in the same transaction, so no crash leaves it running."""
        with self._write() as conn:
            tenant_id = self._ensure_tenant(conn, tenant, platform)
            if load_program(conn, tenant_id, program.name) is not None:
                return False
            write_program(conn, tenant_id, program, now)
            if state != "active":
                write_program_state(conn, tenant_id, program.name, state, now)
            return True

    def set_program_state(self, tenant: str, name: str, state: str, now: datetime) -> bool:
        with self._write() as conn:
            tenant_id = find_tenant(conn, tenant)
            return tenant_id is not None and write_program_state(conn, tenant_id, name, state,
                                                                 now)

    def edit_program(self, tenant: str, program: Program, now: datetime) -> bool:
        """Replace an existing program's settings; False when there is no such program. A new
        cadence starts counting from now."""
        with self._write() as conn:
            tenant_id = find_tenant(conn, tenant)
            if tenant_id is None or load_program(conn, tenant_id, program.name) is None:
                return False
            sync_program(conn, tenant_id, program, None, now)  # state kept as it is
            return True

    def delete_program(self, tenant: str, name: str) -> bool:
        with self._write() as conn:
            tenant_id = find_tenant(conn, tenant)
            return tenant_id is not None and remove_program(conn, tenant_id, name)

    def save_program(self, tenant: str, program: Program, now: datetime) -> None:
        with self._write() as conn:
            write_program(conn, self._tenant_id(conn, tenant), program, now)

    def sync_programs(self, programs: Iterable[tuple[str, Program, str | None]], now: datetime,
                      platforms: dict[str, str]) -> list[str]:
        """Create or update programs kept in a file, all in one transaction (all or none): for
        each (tenant, program, state or None to keep), 'created', 'updated' or 'unchanged'. A
        tenant not stored yet is created on the platform `platforms` gives it, else UnknownTenant."""
        with self._write() as conn:
            return [sync_program(conn, self._ensure_tenant(conn, tenant, platforms[tenant])
                                 if tenant in platforms else self._tenant_id(conn, tenant),
                                        program, state, now)
                    for tenant, program, state in programs]

    def scheduled_programs(self) -> list[tuple[str, Program, datetime]]:
        """Every program with a cadence: (tenant, program, when it was created)."""
        with self.engine.connect() as conn:
            return [(t, program_from_dict(settings), aware(created))
                    for t, settings, created in read_scheduled(conn)]

    def last_due(self, tenant: str, program: str) -> datetime | None:
        """When the program's latest round was due (None before its first)."""
        with self.engine.connect() as conn:
            return aware(read_last_due(conn, tenant, program))
