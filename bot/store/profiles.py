"""One person's own data: their settings, their latest suggestion, and everything, for export."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection, Row

from bot.store import history
from bot.store.base import StoreBase, find_tenant
from bot.store.dashboard import forget_dashboard_access
from bot.store.ids import usable_id
from bot.store.kept_schema import calendar_connections, calendar_opt_outs, team_field_reads
from bot.store.managers import groups_where
from bot.store.reading import person_row_id
from bot.store.rounds import stored_nudge
from bot.store.schema import (
    channels,
    conversation_refs,
    do_not_pair,
    feedback,
    interactions,
    nudge_members,
    nudges,
    people,
    rounds,
)
from bot.store.sql import aware, insert_ignoring_duplicates, upsert
from bot.store.values import RoundGroup, StoredNudge

EDITABLE = {"enrolled", "paused_until", "office", "timezone", "work_start", "work_end",
            "display_name", "sign_in", "away_until", "idle_paused_at", "joined_at", "language",
            "locale"}


def write_person(conn: Connection, tenant_id: int, person: str, values: dict[str, Any]) -> None:
    """Set some of a person's own settings, creating them if we have not met them yet."""
    unknown = set(values) - EDITABLE
    if unknown:
        raise ValueError(f"not a person setting: {', '.join(sorted(unknown))}")
    usable_id(person, "person")
    if person_row_id(conn, tenant_id, person) is None:  # an event may create them at the same time
        conn.execute(insert_ignoring_duplicates(conn, people, ["tenant_id", "external_id"])
                     .values(tenant_id=tenant_id, external_id=person, display_name=""))
    if values:
        conn.execute(update(people).where(people.c.tenant_id == tenant_id,
                                          people.c.external_id == person).values(**values))


def read_latest_nudge(conn: Connection, tenant_id: int, person: str) -> StoredNudge | None:
    """The newest suggestion this person is part of, with its members as external ids."""
    found = _latest(conn, tenant_id, person)
    return None if found is None else stored_nudge(*found)


def _latest(conn: Connection, tenant_id: int, person: str) -> tuple[Row, list[str]] | None:
    """The newest nudge row this person is in, and its members in the group's order."""
    row_id = person_row_id(conn, tenant_id, person)
    if row_id is None:
        return None
    query = (select(nudges).join(nudge_members, nudge_members.c.nudge_id == nudges.c.id)
             .where(nudge_members.c.person_id == row_id, nudges.c.tenant_id == tenant_id)
             .order_by(nudges.c.created_at.desc(), nudges.c.id.desc()).limit(1))
    row = conn.execute(query).first()
    if row is None:
        return None
    members = conn.scalars(select(people.c.external_id)
                           .join(nudge_members, nudge_members.c.person_id == people.c.id)
                           .where(nudge_members.c.nudge_id == row.id)
                           .order_by(nudge_members.c.position))
    return row, list(members)


def read_own_groups(conn: Connection, tenant_id: int, person: str,
                    since: datetime) -> list[RoundGroup]:
    """The groups this person was in, in every program's rounds due since `since`, with what
    each member answered: only their own nudges are read."""
    row_id = person_row_id(conn, tenant_id, person)
    if row_id is None:
        return []
    mine = select(nudge_members.c.nudge_id).where(nudge_members.c.person_id == row_id)
    return groups_where(conn, nudges.c.tenant_id == tenant_id, nudges.c.id.in_(mine),
                        rounds.c.due_at >= since)


def _exported(found: tuple[Row, list[str]] | None) -> dict | None:
    """The latest suggestion as the export shows it: plain data, times as stored."""
    if found is None:
        return None
    row, members = found
    return {"id": row.id, "members": members, "reasons": row.reasons, "slots": row.slots,
            "place": row.place, "created_at": aware(row.created_at).isoformat()}


def read_export(conn: Connection, tenant_id: int, person: str) -> dict | None:
    """Everything stored about one person: profile, interactions, suggestions and answers."""
    row = conn.execute(select(people).where(people.c.tenant_id == tenant_id,
                                            people.c.external_id == person)).first()
    if row is None:
        return None
    names = dict(conn.execute(select(people.c.id, people.c.external_id)
                              .where(people.c.tenant_id == tenant_id)).all())
    chans = dict(conn.execute(select(channels.c.id, channels.c.name)
                              .where(channels.c.tenant_id == tenant_id)).all())
    mine = (interactions.c.actor_id == row.id) | (interactions.c.target_id == row.id)
    rows = conn.execute(select(interactions).where(interactions.c.tenant_id == tenant_id, mine)
                        .order_by(interactions.c.ts))
    said = conn.execute(select(feedback).where(feedback.c.person_id == row.id)
                        .order_by(feedback.c.at))
    return {
        "person": {"id": row.external_id, "name": row.display_name, "team": row.team,
                   "sign_in": row.sign_in,
                   "office": row.office, "timezone": row.timezone, "work_start": row.work_start,
                   "work_end": row.work_end, "enrolled": row.enrolled,
                   "paused_until": _iso(row.paused_until), "away_until": _iso(row.away_until),
                   "idle_paused_at": _iso(row.idle_paused_at), "joined_at": _iso(row.joined_at),
                   "language": row.language, "locale": row.locale},
        "interactions": [{"actor": names.get(i.actor_id), "target": names.get(i.target_id),
                          "kind": i.kind, "channel": chans.get(i.channel_id), "at_ms": i.ts}
                         for i in rows],
        "feedback": [{"nudge": f.nudge_id, "kind": f.kind, "at": _iso(f.at)} for f in said],
        "latest_suggestion": _exported(_latest(conn, tenant_id, person)),
        # which calendar is connected, never its tokens (sealed) nor anything of its events
        "calendar": [{"provider": c.provider, "account": c.account,
                      "connected_at": _iso(c.connected_at)}
                     for c in conn.execute(select(calendar_connections)
                                           .where(calendar_connections.c.person_id == row.id))],
        # when they opted out of their organisation's calendar consent, if they did
        "calendar_opt_out": _iso(conn.scalar(select(calendar_opt_outs.c.at)
                                             .where(calendar_opt_outs.c.person_id == row.id))),
        # when the Slack profile field a manager named was last read, and the team it gave
        "team_field_read": [{"at": _iso(r.read_at), "team": r.team} for r in conn.execute(
            select(team_field_reads).where(team_field_reads.c.person_id == row.id))],
    }


def _iso(value) -> str | None:
    return None if value is None else aware(value).isoformat()


def write_do_not_pair(conn: Connection, tenant_id: int, person: str, others: list[str]) -> None:
    """Replace the person's do-not-pair list (people not met yet get a row, as with events)."""
    wanted = sorted({usable_id(other, "person") for other in others} - {person})
    for who in [person, *wanted]:
        write_person(conn, tenant_id, who, {})
    ids = dict(conn.execute(select(people.c.external_id, people.c.id).where(
        people.c.tenant_id == tenant_id, people.c.external_id.in_([person, *wanted]))).all())
    conn.execute(delete(do_not_pair).where(do_not_pair.c.person_id == ids[person]))
    if wanted:  # a form submitted twice at once (Slack retries): the second adds nothing
        conn.execute(insert_ignoring_duplicates(conn, do_not_pair, ["person_id", "other_id"]),
                     [{"person_id": ids[person], "other_id": ids[o]} for o in wanted])


def write_reference(conn: Connection, tenant_id: int, person: str, reference: dict,
                    now: datetime) -> None:
    write_person(conn, tenant_id, person, {})
    row_id = person_row_id(conn, tenant_id, person)
    # Every personal turn saves it: two messages at once must not both insert
    upsert(conn, conversation_refs, ["person_id"],
           {"person_id": row_id, "reference": reference, "updated_at": now})


def read_reference(conn: Connection, tenant_id: int, person: str) -> dict | None:
    row_id = person_row_id(conn, tenant_id, person)
    if row_id is None:
        return None
    return conn.scalar(select(conversation_refs.c.reference)
                       .where(conversation_refs.c.person_id == row_id))


def move_member_copy(conn: Connection, tenant_id: int, nudge_id: int, person: str, before: str,
                     after: str) -> bool:
    """One member's copy of a nudge moves one state on; False if someone else moved it."""
    row_id = person_row_id(conn, tenant_id, person)
    result = conn.execute(update(nudge_members).where(
        nudge_members.c.nudge_id == nudge_id, nudge_members.c.person_id == row_id,
        nudge_members.c.state == before).values(state=after))
    return result.rowcount == 1


def read_sign_ins(conn: Connection, tenant_id: int, members: list[str]) -> dict[str, str]:
    query = select(people.c.external_id, people.c.sign_in).where(
        people.c.tenant_id == tenant_id, people.c.external_id.in_(members),
        people.c.sign_in.is_not(None))
    return dict(conn.execute(query).all())


class Profiles(StoreBase):
    """One person's own data: settings, references, their copy of a nudge, export, erasure."""

    def update_person(self, tenant: str, person: str, platform: str, **values) -> None:
        """Set a person's own settings (enrolled, paused_until, office, timezone, hours)."""
        with self._write() as conn:
            write_person(conn, self._ensure_tenant(conn, tenant, platform), person,
                         values)

    def set_do_not_pair(self, tenant: str, person: str, others: list[str], platform: str) -> None:
        """Replace the people this person would rather not be paired with."""
        with self._write() as conn:
            write_do_not_pair(conn, self._ensure_tenant(conn, tenant, platform), person,
                              others)

    def save_reference(self, tenant: str, person: str, reference: dict, platform: str,
                       now: datetime) -> None:
        """Where to reach a person proactively, replacing the last one (it can move)."""
        with self._write() as conn:
            write_reference(conn, self._ensure_tenant(conn, tenant, platform), person,
                            reference, now)

    def sign_ins(self, tenant: str, members: list[str]) -> dict[str, str]:
        """Members' sign-in names, where known (Teams deep links)."""
        with self.engine.connect() as conn:
            return read_sign_ins(conn, self._tenant_id(conn, tenant), members)

    def reference(self, tenant: str, person: str) -> dict | None:
        with self.engine.connect() as conn:
            return read_reference(conn, self._tenant_id(conn, tenant), person)

    def move_member(self, tenant: str, nudge_id: int, person: str, before: str,
                    after: str) -> bool:
        """A member's own copy of a nudge (1:1 platforms): planned -> sending -> sent."""
        with self._write() as conn:
            return move_member_copy(conn, self._tenant_id(conn, tenant), nudge_id, person,
                                    before, after)

    def latest_nudge(self, tenant: str, person: str) -> StoredNudge | None:
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            return None if tenant_id is None else read_latest_nudge(conn, tenant_id, person)

    def own_groups(self, tenant: str, person: str, since: datetime) -> list[RoundGroup]:
        """The groups one person was in since `since`, across programs (their own outcomes)."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            return [] if tenant_id is None else read_own_groups(conn, tenant_id, person, since)

    def export_person(self, tenant: str, person: str) -> dict | None:
        """Everything stored about one person, as plain data (their right of access)."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            return None if tenant_id is None else read_export(conn, tenant_id, person)

    def forget_person(self, tenant: str, person: str) -> bool:
        """Erase everything about one person; False when there was nobody by that id. On
        SQLite the freed pages are zeroed (secure_delete) and the write-ahead log is emptied
        into the file at once, so no page of either holds their id or name afterwards;
        PostgreSQL keeps dead rows until VACUUM (see the operations docs)."""
        with self._write() as conn:
            found = history.forget_person(conn, self._tenant_id(conn, tenant), person)
            found = forget_dashboard_access(conn, tenant, person) or found
        if found and self.engine.dialect.name == "sqlite":
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return found
