"""What community managers read and change: programs' state, granted managers, round outcomes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from bot.core.model import Slot
from bot.store.base import StoreBase, find_tenant
from bot.store.schema import feedback, managers, nudge_members, nudges, people, programs, rounds
from bot.store.sql import aware, insert_ignoring_duplicates
from bot.store.values import RoundGroup


def _person_id(conn: Connection, tenant_id: int, person: str) -> int:
    conn.execute(insert_ignoring_duplicates(conn, people, ["tenant_id", "external_id"])
                 .values(tenant_id=tenant_id, external_id=person, display_name=""))
    return conn.scalar(select(people.c.id).where(people.c.tenant_id == tenant_id,
                                                 people.c.external_id == person))


def grant(conn: Connection, tenant_id: int, person: str, by: str, now: datetime) -> bool:
    """Make `person` a manager; False when they were one already."""
    person_id = _person_id(conn, tenant_id, person)
    if conn.scalar(select(managers.c.person_id).where(managers.c.person_id == person_id)):
        return False
    conn.execute(insert(managers).values(person_id=person_id, granted_by=by, granted_at=now))
    return True


def revoke(conn: Connection, tenant_id: int, person: str) -> bool:
    found = select(people.c.id).where(people.c.tenant_id == tenant_id, people.c.external_id == person)
    return conn.execute(delete(managers).where(managers.c.person_id.in_(found))).rowcount > 0


def granted(conn: Connection, tenant_id: int) -> list[tuple[str, str]]:
    """(manager, granted by) for everyone granted in the tenant."""
    query = (select(people.c.external_id, managers.c.granted_by)
             .join(managers, managers.c.person_id == people.c.id)
             .where(people.c.tenant_id == tenant_id).order_by(people.c.external_id))
    return [(who, by) for who, by in conn.execute(query)]


def read_outcomes(conn: Connection, tenant_id: int, program: str, last_rounds: int
                  ) -> list[tuple[str, tuple[str, ...], dict[str, set[str]]]]:
    """The program's latest rounds' nudges: (state, members, {member: every kind they answered})."""
    recent = (select(rounds.c.id).join(programs, programs.c.id == rounds.c.program_id)
              .where(rounds.c.tenant_id == tenant_id, programs.c.name == program)
              .order_by(rounds.c.due_at.desc()).limit(last_rounds)).subquery()
    found = conn.execute(select(nudges.c.id, nudges.c.state)
                         .where(nudges.c.round_id.in_(select(recent.c.id)))).all()
    ids = [nudge_id for nudge_id, _ in found]
    members: dict[int, list[str]] = {i: [] for i in ids}
    said: dict[int, dict[str, set[str]]] = {i: {} for i in ids}
    if ids:
        rows = conn.execute(select(nudge_members.c.nudge_id, people.c.external_id)
                            .join(people, people.c.id == nudge_members.c.person_id)
                            .where(nudge_members.c.nudge_id.in_(ids))
                            .order_by(nudge_members.c.nudge_id, nudge_members.c.position))
        for nudge_id, person in rows:
            members[nudge_id].append(person)
        rows = conn.execute(select(feedback.c.nudge_id, people.c.external_id, feedback.c.kind)
                            .join(people, people.c.id == feedback.c.person_id)
                            .where(feedback.c.nudge_id.in_(ids)))
        for nudge_id, person, kind in rows:
            said[nudge_id].setdefault(person, set()).add(kind)
    return [(state, tuple(members[i]), said[i]) for i, state in found]


def read_round_groups(conn: Connection, tenant_id: int, program: str, last_rounds: int
                      ) -> list[RoundGroup]:
    """The groups of the program's latest rounds, with what each member answered."""
    recent = (select(rounds.c.id).join(programs, programs.c.id == rounds.c.program_id)
              .where(rounds.c.tenant_id == tenant_id, programs.c.name == program)
              .order_by(rounds.c.due_at.desc()).limit(last_rounds)).subquery()
    return groups_of_rounds(conn, select(recent.c.id))


def groups_of_rounds(conn: Connection, round_ids) -> list[RoundGroup]:
    """The groups of the given rounds (ids, or a select of them), with what each member answered."""
    return groups_where(conn, nudges.c.round_id.in_(round_ids))


def groups_where(conn: Connection, *where) -> list[RoundGroup]:
    """The groups (nudges not failed) the conditions on nudges and rounds pick, with what each
    member answered."""
    found = conn.execute(select(nudges.c.id, nudges.c.slots, rounds.c.due_at)
                         .join(rounds, rounds.c.id == nudges.c.round_id)
                         .where(*where, nudges.c.state != "failed")).all()
    members: dict[int, list[str]] = {i: [] for i, _, _ in found}
    said: dict[int, dict[str, set[str]]] = {i: {} for i in members}
    latest: dict[int, dict[str, tuple[str, int | None]]] = {i: {} for i in members}
    if members:
        rows = conn.execute(select(nudge_members.c.nudge_id, people.c.external_id)
                            .join(people, people.c.id == nudge_members.c.person_id)
                            .where(nudge_members.c.nudge_id.in_(list(members)))
                            .order_by(nudge_members.c.nudge_id, nudge_members.c.position))
        for nudge_id, person in rows:
            members[nudge_id].append(person)
        rows = conn.execute(select(feedback.c.nudge_id, people.c.external_id, feedback.c.kind,
                                   feedback.c.slot)
                            .join(people, people.c.id == feedback.c.person_id)
                            .where(feedback.c.nudge_id.in_(list(members)))
                            .order_by(feedback.c.at, feedback.c.id))
        for nudge_id, person, kind, slot in rows:
            said[nudge_id].setdefault(person, set()).add(kind)
            latest[nudge_id][person] = (kind, slot)
    return [RoundGroup(tuple(members[i]), {p: frozenset(k) for p, k in said[i].items()},
                       latest[i], tuple(Slot(aware(datetime.fromisoformat(a)),
                                             aware(datetime.fromisoformat(b))) for a, b in slots),
                       aware(due)) for i, slots, due in found]


class Managers(StoreBase):
    """Community managers (bot/service/admin.py): who was granted, and how rounds went."""

    def grant_manager(self, tenant: str, person: str, by: str, now: datetime, platform: str) -> bool:
        with self._write() as conn:
            return grant(conn, self._ensure_tenant(conn, tenant, platform), person, by, now)

    def revoke_manager(self, tenant: str, person: str) -> bool:
        with self._write() as conn:
            tenant_id = find_tenant(conn, tenant)
            return tenant_id is not None and revoke(conn, tenant_id, person)

    def granted_managers(self, tenant: str) -> list[tuple[str, str]]:
        """(manager, granted by) of everyone a manager granted."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            return [] if tenant_id is None else granted(conn, tenant_id)

    def outcomes(self, tenant: str, program: str, last_rounds: int):
        """The latest rounds' nudges: (state, members, {member: kinds answered})."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            return [] if tenant_id is None else read_outcomes(conn, tenant_id, program, last_rounds)

    def round_groups(self, tenant: str, program: str, last_rounds: int) -> list[RoundGroup]:
        """The groups of the program's latest rounds, for their outcomes (bot/core/lasting.py)."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            return [] if tenant_id is None else read_round_groups(conn, tenant_id, program,
                                                                  last_rounds)
