"""What the clock reads after a round is out (agreed slots, declines, who answered) and the
re-matches it writes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import exists, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from bot.core.model import Nudge
from bot.store.base import StoreBase
from bot.store.rounds import insert_nudge, load_nudges
from bot.store.schema import (
    feedback,
    nudge_members,
    nudges,
    outbox,
    people,
    programs,
    rematches,
    round_unmatched,
    rounds,
    tenants,
)
from bot.store.sql import aware, external_ids
from bot.store.values import DeclinedRound, PersonTurn, ToRemind

DELIVERED = ("sent", "asking", "asked")


def answers_at(conn: Connection, nudge_id: int) -> dict[str, tuple[str, int | None, datetime]]:
    """Each member's latest answer to a nudge, with when they gave it."""
    query = (select(people.c.external_id, feedback.c.kind, feedback.c.slot, feedback.c.at)
             .join(people, people.c.id == feedback.c.person_id)
             .where(feedback.c.nudge_id == nudge_id).order_by(feedback.c.at, feedback.c.id))
    return {who: (kind, slot, aware(at)) for who, kind, slot, at in conn.execute(query)}


def read_unreminded(conn: Connection, platform: str) -> list[ToRemind]:
    """Delivered nudges (not yet asked "Did you meet?") that someone accepted and that have no
    reminder planned, with their members' answers: the ones that may need a reminder."""
    reminded = select(outbox.c.nudge_id).where(outbox.c.kind == "reminder",
                                               outbox.c.nudge_id.is_not(None))
    accepted = select(feedback.c.nudge_id).where(feedback.c.kind == "accepted")
    query = (select(nudges.c.id, tenants.c.id, tenants.c.name)
             .join(tenants, tenants.c.id == nudges.c.tenant_id)
             .where(tenants.c.platform == platform, tenants.c.uninstalled_at.is_(None),
                    nudges.c.state == "sent", nudges.c.id.in_(accepted),
                    nudges.c.id.not_in(reminded)).order_by(nudges.c.id))
    out = []
    for nudge_id, tenant_id, tenant in conn.execute(query).all():
        [nudge] = load_nudges(conn, tenant_id, None, only=nudge_id)
        out.append(ToRemind(replace(nudge, tenant=tenant), answers_at(conn, nudge_id)))
    return out


def read_free_rounds(conn: Connection, since: datetime) -> list[DeclinedRound]:
    """Rounds with a pair broken by a decline since `since`: who is free there (partners left
    alone, in the order the declines came, and people left unmatched), who declined, and the
    round's program and last slot. People re-matched in the round already are not free."""
    query = (select(feedback.c.nudge_id, nudges.c.round_id, tenants.c.id, tenants.c.name)
             .join(nudges, nudges.c.id == feedback.c.nudge_id)
             .join(tenants, tenants.c.id == nudges.c.tenant_id)
             .where(feedback.c.kind == "declined", feedback.c.at >= since,
                    tenants.c.uninstalled_at.is_(None))
             .order_by(feedback.c.at, feedback.c.id))
    found: dict[int, dict] = {}
    for nudge_id, round_id, tenant_id, tenant in conn.execute(query).all():
        if round_id not in found:
            found[round_id] = _round(conn, tenant_id, tenant, round_id)
        entry = found[round_id]
        [nudge] = load_nudges(conn, tenant_id, None, only=nudge_id)
        said = answers_at(conn, nudge_id)
        declined = {m for m in nudge.members if said.get(m, ("",))[0] == "declined"}
        if len(nudge.members) == 2 and declined:  # a group of 3-4 still meets without them
            entry["freed"] += [m for m in nudge.members
                               if m not in declined and m not in entry["freed"]]
    freed_rounds = []
    for entry in found.values():
        out = entry["declined"] | entry["rematched"]
        freed = tuple(m for m in entry["freed"] if m not in out)
        if freed:
            freed_rounds.append(DeclinedRound(
                tenant=entry["tenant"], round=entry["round"], program=entry["program"],
                freed=freed, unmatched=tuple(m for m in entry["unmatched"] if m not in out),
                declined=frozenset(entry["declined"]), rematched=frozenset(entry["rematched"]),
                horizon=entry["horizon"]))
    return freed_rounds


def _round(conn: Connection, tenant_id: int, tenant: str, round_id: int) -> dict:
    """One round's program, last slot end, unmatched, decliners and re-matched people (a
    draft the caller adds the freed to)."""
    settings = conn.scalar(select(programs.c.settings)
                           .join(rounds, rounds.c.program_id == programs.c.id)
                           .where(rounds.c.id == round_id))
    own = load_nudges(conn, tenant_id, round_id)
    ends = [s.end for n in own for s in n.slots]
    declined = {who for n in own for who, (kind, _, _) in answers_at(conn, n.id).items()
                if kind == "declined"}
    unmatched = conn.scalars(select(people.c.external_id)
                             .join(round_unmatched, round_unmatched.c.person_id == people.c.id)
                             .where(round_unmatched.c.round_id == round_id)
                             .order_by(people.c.external_id))
    rematched = conn.scalars(select(people.c.external_id)
                             .join(rematches, rematches.c.person_id == people.c.id)
                             .where(rematches.c.round_id == round_id))
    return {"tenant": tenant, "round": round_id, "program": settings, "freed": [],
            "unmatched": list(unmatched), "declined": declined, "rematched": set(rematched),
            "horizon": max(ends) if ends else None}


def insert_rematch(conn: Connection, tenant_id: int, round_id: int, nudge: Nudge,
                   now: datetime) -> int | None:
    """Store a re-match's nudge in its round, planned (deliver_due sends it); None, and
    nothing stored, when one of its members was re-matched in this round already."""
    now = now.astimezone(UTC)
    ids = external_ids(conn, people, tenant_id, list(nudge.members))
    try:
        with conn.begin_nested():
            nudge_id = insert_nudge(conn, tenant_id, round_id, nudge, ids, now)
            conn.execute(insert(rematches), [
                {"round_id": round_id, "person_id": ids[m], "nudge_id": nudge_id}
                for m in nudge.members])
    except IntegrityError:
        return None
    return nudge_id


def read_turns(conn: Connection, platform: str, since: datetime) -> list[PersonTurn]:
    """Every delivered nudge since `since` of each enrolled, unpaused person on `platform`,
    with its round and whether they answered it at all."""
    answered = exists().where(feedback.c.nudge_id == nudges.c.id,
                              feedback.c.person_id == people.c.id)
    query = (select(tenants.c.name, people.c.external_id, rounds.c.id, rounds.c.due_at,
                    nudges.c.slots, answered.label("answered"))
             .select_from(nudge_members)
             .join(nudges, nudges.c.id == nudge_members.c.nudge_id)
             .join(rounds, rounds.c.id == nudges.c.round_id)
             .join(people, people.c.id == nudge_members.c.person_id)
             .join(tenants, tenants.c.id == nudges.c.tenant_id)
             .where(tenants.c.platform == platform, tenants.c.uninstalled_at.is_(None),
                    nudges.c.state.in_(DELIVERED), nudges.c.created_at >= since,
                    people.c.enrolled.is_(True), people.c.idle_paused_at.is_(None)))
    return [PersonTurn(t, p, r, aware(due), tuple(datetime.fromisoformat(s[1]) for s in slots),
                       bool(a))
            for t, p, r, due, slots, a in conn.execute(query)]


class AfterRound(StoreBase):
    """What the clock reads after a round is out, and the re-matches it writes."""

    def unreminded(self, platform: str) -> list[ToRemind]:
        """Delivered nudges someone accepted that have no reminder yet, with dated answers."""
        with self.engine.connect() as conn:
            return read_unreminded(conn, platform)

    def free_rounds(self, since: datetime) -> list[DeclinedRound]:
        """Rounds where a decline since `since` left someone free, and who is free there."""
        with self.engine.connect() as conn:
            return read_free_rounds(conn, since)

    def save_rematch(self, tenant: str, round_id: int, nudge: Nudge, now: datetime) -> int | None:
        """A re-match's nudge, planned; None when a member was re-matched in the round before."""
        with self._write() as conn:
            return insert_rematch(conn, self._tenant_id(conn, tenant), round_id, nudge,
                                  now)

    def turns(self, platform: str, since: datetime) -> list[PersonTurn]:
        """Delivered nudges since `since` per person, and whether they answered each."""
        with self.engine.connect() as conn:
            return read_turns(conn, platform, since)
