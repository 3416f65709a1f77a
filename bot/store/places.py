"""Where the Teams app lives in a tenant: the teams and group chats it is installed in, and the
people who installed it personally (their conversation references). Removing it from one place
of several is not an uninstall: the tenant is uninstalled once no place is left."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, exists, select
from sqlalchemy.engine import Connection

from bot.store.base import StoreBase, find_tenant
from bot.store.schema import conversation_refs, people, teams_places
from bot.store.sql import insert_ignoring_duplicates

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


class TeamsPlaces(StoreBase):
    """Where the Teams app lives (teams_places; personal installs are references)."""

    def add_teams_place(self, tenant: str, place: str, kind: str, now: datetime) -> bool:
        """The app is in this team or group chat (kind "team" or "groupChat"); whether the
        store had not known it."""
        with self._write() as conn:
            return add(conn, self._ensure_tenant(conn, tenant, "teams"), place, kind, now)

    def leave_teams_place(self, tenant: str, place: str) -> bool:
        """The app left a team or group chat; whether it still lives elsewhere in the tenant."""
        return self._leave(tenant, lambda conn, tenant_id: remove(conn, tenant_id, place))

    def leave_teams_person(self, tenant: str, person: str) -> bool:
        """A person removed the app from their personal scope: their conversation reference
        goes; whether the app still lives elsewhere in the tenant."""
        return self._leave(tenant,
                           lambda conn, tenant_id: forget_reference(conn, tenant_id, person))

    def _leave(self, tenant: str, gone) -> bool:
        with self._write() as conn:
            tenant_id = find_tenant(conn, tenant)
            if tenant_id is None:
                return False
            gone(conn, tenant_id)
            return anywhere(conn, tenant_id)

    def teams_places(self, tenant: str) -> list[tuple[str, str]]:
        """(place, kind) of every team and group chat the app is in."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            return [] if tenant_id is None else listed(conn, tenant_id)
