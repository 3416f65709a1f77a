"""What earlier rounds left behind (who was paired, who sat out), and erasing a person."""

from __future__ import annotations

from datetime import datetime
from itertools import combinations

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection

from bot.core.model import History
from bot.store.reason_rows import scrubbed
from bot.store.schema import (
    interactions,
    managers,
    nudge_members,
    nudges,
    people,
    programs,
    round_unmatched,
    rounds,
    slack_installations,
    tenants,
)
from bot.store.sql import aware


def load_history(conn: Connection, tenant_id: int, program: str) -> History:
    """Pairs suggested in any program of the tenant (cool-down is per person, not per program),
    and the people the given program's latest round left unmatched."""
    query = (select(nudge_members.c.nudge_id, people.c.external_id, rounds.c.due_at)
             .join(people, people.c.id == nudge_members.c.person_id)
             .join(nudges, nudges.c.id == nudge_members.c.nudge_id)
             .join(rounds, rounds.c.id == nudges.c.round_id)
             .where(nudges.c.tenant_id == tenant_id)
             .order_by(nudge_members.c.nudge_id, people.c.external_id))
    groups: dict[int, tuple[datetime, list[str]]] = {}
    for nudge_id, person, due_at in conn.execute(query):
        groups.setdefault(nudge_id, (aware(due_at), []))[1].append(person)
    last: dict[frozenset[str], datetime] = {}
    for due_at, members in groups.values():
        for pair in combinations(members, 2):
            key = frozenset(pair)
            if key not in last or last[key] < due_at:
                last[key] = due_at
    return History(last_paired=last, left_out=_left_out(conn, tenant_id, program))


def _left_out(conn: Connection, tenant_id: int, program: str) -> frozenset[str]:
    latest = (select(rounds.c.id).join(programs, programs.c.id == rounds.c.program_id)
              .where(rounds.c.tenant_id == tenant_id, programs.c.name == program)
              .order_by(rounds.c.due_at.desc()).limit(1)).scalar_subquery()
    query = (select(people.c.external_id)
             .join(round_unmatched, round_unmatched.c.person_id == people.c.id)
             .where(round_unmatched.c.round_id == latest))
    return frozenset(conn.scalars(query))


def forget_person(conn: Connection, tenant_id: int, person: str) -> bool:
    """Delete the person and everything keyed on them; nudges they were in go too, and their
    name is scrubbed from the reasons of other people's nudges."""
    row = conn.execute(select(people.c.id, people.c.display_name)
                       .where(people.c.tenant_id == tenant_id, people.c.external_id == person)
                       ).first()
    if row is None:
        return False
    theirs = select(nudge_members.c.nudge_id).where(nudge_members.c.person_id == row.id)
    conn.execute(delete(nudges).where(nudges.c.id.in_(theirs)))
    conn.execute(delete(interactions).where(
        (interactions.c.actor_id == row.id) | (interactions.c.target_id == row.id)))
    conn.execute(delete(people).where(people.c.id == row.id))
    for name in {row.display_name, person} - {""}:
        _scrub(conn, tenant_id, name)
    # Their id also stands where they acted for others: managers they granted, and the
    # workspace they installed (a Slack installation names its installer).
    granted = select(people.c.id).where(people.c.tenant_id == tenant_id)
    conn.execute(update(managers).where(managers.c.granted_by == person,
                                        managers.c.person_id.in_(granted)).values(granted_by=""))
    conn.execute(update(slack_installations).where(
        slack_installations.c.installer_user_id == person,
        slack_installations.c.tenant == _tenant_name(conn, tenant_id))
        .values(installer_user_id=None))
    return True


def _tenant_name(conn: Connection, tenant_id: int) -> str:
    return conn.scalar(select(tenants.c.name).where(tenants.c.id == tenant_id))


def _scrub(conn: Connection, tenant_id: int, name: str) -> None:
    query = select(nudges.c.id, nudges.c.reasons).where(nudges.c.tenant_id == tenant_id)
    for nudge_id, reasons in conn.execute(query).all():
        cleaned = scrubbed(reasons, name, "a colleague")
        if cleaned != reasons:
            conn.execute(update(nudges).where(nudges.c.id == nudge_id).values(reasons=cleaned))
