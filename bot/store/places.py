"""Where the Teams app lives in a tenant: the teams and group chats it is installed in, and the
people who installed it personally (their conversation references). Removing it from one place
of several is not an uninstall: the tenant is uninstalled once no place is left."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, exists, select
from sqlalchemy.engine import Connection

from bot.store.ingest import insert_ignoring_duplicates
from bot.store.schema import conversation_refs, people, teams_places

KINDS = ("team", "groupChat")


def add(conn: Connection, tenant_id: int, place: str, kind: str, now: datetime) -> bool:
    """Record a team or group chat the app is in (once: a replayed install changes nothing);
    whether it was new."""
    if kind not in KINDS:
        raise ValueError(f"not a Teams place kind: {kind}")
    # RETURNING, not rowcount: psycopg reports -1 for INSERT ... ON CONFLICT DO NOTHING, so
    # on PostgreSQL every place looked known and a team first seen by a message kept no roster
    added = conn.execute(insert_ignoring_duplicates(conn, teams_places, ["tenant_id", "place"])
                         .values(tenant_id=tenant_id, place=place, kind=kind, installed_at=now)
                         .returning(teams_places.c.place)).first()
    return added is not None


def remove(conn: Connection, tenant_id: int, place: str) -> None:
    conn.execute(delete(teams_places).where(teams_places.c.tenant_id == tenant_id,
                                            teams_places.c.place == place))


def forget_reference(conn: Connection, tenant_id: int, person: str) -> None:
    """The person removed the app from their personal scope: nothing more is sent to them."""
    row_id = select(people.c.id).where(people.c.tenant_id == tenant_id,
                                       people.c.external_id == person).scalar_subquery()
    conn.execute(delete(conversation_refs).where(conversation_refs.c.person_id == row_id))


def anywhere(conn: Connection, tenant_id: int) -> bool:
    """Whether the app still lives somewhere in the tenant: a team, a group chat, or a person
    it can reach."""
    in_place = exists().where(teams_places.c.tenant_id == tenant_id)
    reachable = exists().where(conversation_refs.c.person_id == people.c.id,
                               people.c.tenant_id == tenant_id)
    return bool(conn.scalar(select(in_place | reachable)))


def listed(conn: Connection, tenant_id: int) -> list[tuple[str, str]]:
    """(place, kind) for every team and group chat, by place."""
    return [tuple(row) for row in conn.execute(
        select(teams_places.c.place, teams_places.c.kind)
        .where(teams_places.c.tenant_id == tenant_id).order_by(teams_places.c.place))]
