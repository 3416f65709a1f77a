"""Planned rounds, their nudges (and those to deliver), and the answers members give."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import combinations

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from bot.core.model import History, Interaction, Nudge, RoundPlan, Slot
from bot.core.programs import Program
from bot.store import history
from bot.store.base import StoreBase
from bot.store.errors import DuplicateRound, StoreError
from bot.store.ingest import add_interactions
from bot.store.kept_schema import nudge_calendar_checks
from bot.store.programs import program_id_of, write_program
from bot.store.reason_rows import reasons_from_store, reasons_to_store
from bot.store.schema import (
    feedback,
    nudge_members,
    nudges,
    people,
    programs,
    round_unmatched,
    rounds,
    tenants,
)
from bot.store.sql import aware, external_ids
from bot.store.values import StoredNudge

FEEDBACK_KINDS = ("accepted", "another_time", "declined", "met", "not_yet", "not_met")


def insert_round(conn: Connection, tenant_id: int, program: Program, due_at: datetime,
                 plan: RoundPlan, now: datetime) -> int:
    """One round per program and due time: the unique key turns a second attempt into an error."""
    # SQLite keeps a timestamp's wall clock but not its offset: store UTC, always.
    due_at, now = due_at.astimezone(UTC), now.astimezone(UTC)
    program_id = program_id_of(conn, tenant_id, program.name)
    if program_id is None:
        program_id = write_program(conn, tenant_id, program, now)
    ids = external_ids(conn, people, tenant_id)
    row = {"tenant_id": tenant_id, "program_id": program_id, "due_at": due_at,
           "state": "planned", "created_at": now}
    try:
        with conn.begin_nested():
            round_id = conn.execute(insert(rounds).values(row)).inserted_primary_key[0]
    except IntegrityError:
        raise DuplicateRound(f"program {program.name!r} already has a round due at "
                             f"{due_at.isoformat()}") from None
    for nudge in plan.nudges:
        insert_nudge(conn, tenant_id, round_id, nudge, ids, now)
    if plan.unmatched:
        conn.execute(insert(round_unmatched), [{"round_id": round_id, "person_id": ids[p]}
                                               for p in plan.unmatched])
    return round_id


def insert_nudge(conn: Connection, tenant_id: int, round_id: int, nudge: Nudge,
                 ids: dict[str, int], now: datetime) -> int:
    """One planned nudge and its members (`ids`: their row ids); returns the nudge's id."""
    values = {"tenant_id": tenant_id, "round_id": round_id, "score": nudge.score,
              "reasons": reasons_to_store(nudge.reasons), "place": nudge.place, "state": "planned",
              "slots": [[s.start.isoformat(), s.end.isoformat()] for s in nudge.slots],
              "created_at": now}
    nudge_id = conn.execute(insert(nudges).values(values)).inserted_primary_key[0]
    conn.execute(insert(nudge_members), [
        {"nudge_id": nudge_id, "person_id": ids[m], "position": i, "state": "planned"}
        for i, m in enumerate(nudge.members)])
    return nudge_id


def insert_feedback(conn: Connection, tenant_id: int, nudge_id: int, person: str, kind: str,
                    now: datetime, slot: int | None) -> None:
    """An answer from a member of the nudge; 'met' feeds meeting interactions back to the ties."""
    if kind not in FEEDBACK_KINDS:
        raise StoreError(f"unknown feedback {kind!r} (expected one of {', '.join(FEEDBACK_KINDS)})")
    members = _members(conn, tenant_id, nudge_id)
    ids = external_ids(conn, people, tenant_id, only=[person])  # one person, not the whole tenant
    if person not in members:
        raise StoreError(f"{person} is not a member of nudge {nudge_id}")
    if slot is not None and not 0 <= slot < _slot_count(conn, tenant_id, nudge_id):
        raise StoreError(f"option {slot + 1} is not one of this suggestion's times")
    conn.execute(insert(feedback).values(nudge_id=nudge_id, person_id=ids[person], kind=kind,
                                         slot=slot, at=now))
    if kind == "met":
        meetings = [(f"meeting:{nudge_id}:{a}:{b}", Interaction(a, b, "meeting", now))
                    for a, b in combinations(sorted(members), 2)]
        add_interactions(conn, tenant_id, meetings)


def load_nudges(conn: Connection, tenant_id: int, round_id: int | None,
                only: int | None = None) -> list[StoredNudge]:
    query = select(nudges).where(nudges.c.tenant_id == tenant_id).order_by(nudges.c.id)
    if round_id is not None:
        query = query.where(nudges.c.round_id == round_id)
    if only is not None:
        query = query.where(nudges.c.id == only)
    return [stored_nudge(row, _members(conn, tenant_id, row.id)) for row in conn.execute(query)]


def stored_nudge(row, members: list[str], **delivery) -> StoredNudge:
    """A nudges row as a value; `delivery`: the tenant and tone, where read for delivery."""
    return StoredNudge(
        id=row.id, round=row.round_id, members=tuple(members), reasons=reasons_from_store(row.reasons),
        slots=tuple(Slot(datetime.fromisoformat(a), datetime.fromisoformat(b))
                    for a, b in row.slots),
        place=row.place, state=row.state, delivery_ref=row.delivery_ref, score=row.score,
        claimed_by=row.claimed_by, claimed_at=aware(row.claimed_at),
        created_at=aware(row.created_at), **delivery)


def _slot_count(conn: Connection, tenant_id: int, nudge_id: int) -> int:
    slots = conn.scalar(select(nudges.c.slots).where(nudges.c.id == nudge_id,
                                                     nudges.c.tenant_id == tenant_id))
    return len(slots) if isinstance(slots, list) else 0


def _members(conn: Connection, tenant_id: int, nudge_id: int) -> list[str]:
    query = (select(people.c.external_id)
             .join(nudge_members, nudge_members.c.person_id == people.c.id)
             .join(nudges, nudges.c.id == nudge_members.c.nudge_id)
             .where(nudges.c.id == nudge_id, nudges.c.tenant_id == tenant_id)
             .order_by(nudge_members.c.position))
    return list(conn.scalars(query))


def in_states(conn: Connection, platform: str, states: tuple[str, ...]) -> list[StoredNudge]:
    """Nudges in one of `states` for tenants on `platform`, oldest first, each with its tenant's
    name, members and program tone (planned/sending: to deliver; sent/asking: to ask "Did you
    meet?"). A query per 500 nudges, not several per nudge: a big round has thousands."""
    wanted = (tenants.c.platform == platform, nudges.c.state.in_(states),
              tenants.c.uninstalled_at.is_(None))  # nothing more goes to a removed app
    query = (select(nudges, tenants.c.name.label("tenant_name"), programs.c.settings,
                    nudge_calendar_checks.c.checked)
             .join(tenants, tenants.c.id == nudges.c.tenant_id)
             .join(rounds, rounds.c.id == nudges.c.round_id)
             .join(programs, programs.c.id == rounds.c.program_id)
             .outerjoin(nudge_calendar_checks, nudge_calendar_checks.c.nudge_id == nudges.c.id)
             .where(*wanted).order_by(nudges.c.id))
    found = conn.execute(query).all()
    members: dict[int, list[str]] = {row.id: [] for row in found}
    ids = list(members)
    for start in range(0, len(ids), 500):  # SQLite caps the parameters of one statement
        who = (select(nudge_members.c.nudge_id, people.c.external_id)
               .join(people, people.c.id == nudge_members.c.person_id)
               .where(nudge_members.c.nudge_id.in_(ids[start:start + 500]))
               .order_by(nudge_members.c.nudge_id, nudge_members.c.position))
        for nudge_id, person in conn.execute(who):
            members[nudge_id].append(person)
    return [stored_nudge(row, members[row.id], tenant=row.tenant_name,
                         tone=(row.settings or {}).get("tone") or "warm",
                         calendars=tuple(row.checked or ())) for row in found]


def move(conn: Connection, nudge_id: int, before: str, after: str, **values) -> bool:
    """Move a nudge from one delivery state to the next; False when another sender got there
    first (the row is no longer in `before`): this is what makes a send happen once."""
    result = conn.execute(update(nudges).where(nudges.c.id == nudge_id, nudges.c.state == before)
                          .values(state=after, **values))
    return result.rowcount == 1


def read_answers(conn: Connection, tenant_id: int, nudge_id: int) -> dict[str, tuple[str, int | None]]:
    """Each member's latest answer to a nudge: (kind, slot)."""
    query = (select(people.c.external_id, feedback.c.kind, feedback.c.slot)
             .join(people, people.c.id == feedback.c.person_id)
             .join(nudges, nudges.c.id == feedback.c.nudge_id)
             .where(nudges.c.id == nudge_id, nudges.c.tenant_id == tenant_id)
             .order_by(feedback.c.at, feedback.c.id))
    return {person: (kind, slot) for person, kind, slot in conn.execute(query)}


def read_tenant_of_nudge(conn: Connection, nudge_id: int) -> str | None:
    return conn.scalar(select(tenants.c.name).join(nudges, nudges.c.tenant_id == tenants.c.id)
                       .where(nudges.c.id == nudge_id))


class Rounds(StoreBase):
    """Rounds, their nudges and the answers members give; the nudges to deliver."""

    def save_round(self, tenant: str, program: Program, due_at: datetime, plan: RoundPlan,
                   now: datetime) -> int:
        """Store a planned round and its nudges; DuplicateRound if this one exists already."""
        with self._write() as conn:
            tenant_id = self._tenant_id(conn, tenant)
            return insert_round(conn, tenant_id, program, due_at, plan, now)

    def record_feedback(self, tenant: str, nudge_id: int, person: str, kind: str,
                        now: datetime, slot: int | None = None) -> None:
        """Store one answer to a nudge; 'met' also becomes a meeting interaction for the ties."""
        with self._write() as conn:
            insert_feedback(conn, self._tenant_id(conn, tenant), nudge_id, person, kind,
                            now, slot)

    def record_answers(self, tenant: str,
                       answers: list[tuple[int, str, str, datetime, int | None]]) -> None:
        """Many (nudge id, person, kind, at, slot) answers in one transaction: an import of a
        round's past, as the demo's history (a live click is one record_feedback)."""
        with self._write() as conn:
            tenant_id = self._tenant_id(conn, tenant)
            for nudge_id, person, kind, at, slot in answers:
                insert_feedback(conn, tenant_id, nudge_id, person, kind, at, slot)

    def answers(self, tenant: str, nudge_id: int) -> dict[str, tuple[str, int | None]]:
        """Each member's latest answer to a nudge: (kind, slot)."""
        with self.engine.connect() as conn:
            return read_answers(conn, self._tenant_id(conn, tenant), nudge_id)

    def tenant_of_nudge(self, nudge_id: int) -> str | None:
        with self.engine.connect() as conn:
            return read_tenant_of_nudge(conn, nudge_id)

    def nudge(self, tenant: str, nudge_id: int) -> StoredNudge | None:
        with self.engine.connect() as conn:
            found = load_nudges(conn, self._tenant_id(conn, tenant), None, only=nudge_id)
        return found[0] if found else None

    def nudges(self, tenant: str, round_id: int | None = None) -> list[StoredNudge]:
        """The stored nudges (of one round, or all), members as external ids, for display."""
        with self.engine.connect() as conn:
            return load_nudges(conn, self._tenant_id(conn, tenant), round_id)

    def history(self, tenant: str, program: str) -> History:
        with self.engine.connect() as conn:
            return history.load_history(conn, self._tenant_id(conn, tenant), program)

    def deliverable(self, platform: str) -> list[StoredNudge]:
        """Nudges on `platform` still to deliver (planned) or cut off mid-delivery (sending)."""
        with self.engine.connect() as conn:
            return self._resumable(in_states(conn, platform, ("planned", "sending")))

    def delivered(self, platform: str) -> list[StoredNudge]:
        """Nudges delivered and not yet asked "Did you meet?" (sent), or cut off asking."""
        with self.engine.connect() as conn:
            return self._resumable(in_states(conn, platform, ("sent", "asking")))

    def move_nudge(self, nudge_id: int, before: str, after: str, **values) -> bool:
        """planned -> sending -> sent (or failed), each step taken by exactly one sender."""
        with self._write() as conn:
            return move(conn, nudge_id, before, after, **self._claim(after), **values)
