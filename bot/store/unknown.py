"""Sends cut off mid-way where the platform keeps nothing to look in (Teams): each is `unknown`
until a person checks and marks it sent, or puts it back to be sent again.

Three kinds, each named by an id people can type:
- `n{nudge}-{member}`: one member's copy of a nudge (nudge_members.state 'unknown');
- `f{nudge}-{member}`: one member's copy of its "Did you meet?" ('ask_unknown'; before this
  state existed a cut-off follow-up was marked 'unknown' too, and reads as a nudge copy);
- `o{row}`: an outbox row, a reminder or a notice (outbox.state 'unknown').
`member` counts from 1 in the group's order. Only tenants that still have the app are listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select, update
from sqlalchemy.engine import Connection

from bot.store.base import StoreBase
from bot.store.schema import nudge_members, nudges, outbox, people, tenants
from bot.store.sql import aware
from bot.store.values import UnknownSend

MAX_ROW_ID = 2**31 - 1  # ids are INTEGER columns
NUDGE_CUT_OFF = "unknown"  # a member's copy of a nudge
ASK_CUT_OFF = "ask_unknown"  # a member's copy of "Did you meet?"
NOT_FOUND = "there is no unknown send by that id (the list shows them)"
BAD_IDENT = "an unknown send's id looks like n12-2, f12-2 or o34 (the list shows them)"
IDENT = re.compile(r"^(?:([nf])([0-9]{1,10})-([0-9]{1,4})|o([0-9]{1,10}))$")  # ASCII digits

# A member copy put back to be sent again: (its state now, the state it goes back to; the nudge
# states from which the nudge goes back too, so that the clock's next delivery picks it up; the
# nudge states where it is picked up as it is; the state the nudge goes back to).
RESEND = {"n": (NUDGE_CUT_OFF, "planned", ("sent", "asked"), ("planned", "sending"), "planned"),
          "f": (ASK_CUT_OFF, "sent", ("asked",), ("sent",), "sent")}
DONE = {"n": (NUDGE_CUT_OFF, "sent"), "f": (ASK_CUT_OFF, "asked")}


@dataclass(frozen=True, slots=True)
class Ident:
    kind: str  # "n", "f" or "o"
    row: int  # the nudge's id, or the outbox row's
    member: int = 0  # position in the group (0-based), for n and f


def parse(text: str) -> Ident | None:
    """`n12-2`, `f12-2` or `o34` (any case), else None."""
    found = IDENT.match(text.strip().lower()) if isinstance(text, str) else None
    if found is None:
        return None
    kind, nudge_id, member, row = found.groups()
    if int(nudge_id or row) > MAX_ROW_ID:
        return None  # no such row, and PostgreSQL would refuse to compare it
    if kind is None:
        return Ident("o", int(row))
    return Ident(kind, int(nudge_id), int(member) - 1) if int(member) >= 1 else None


def listed(conn: Connection, tenant_id: int | None) -> list[UnknownSend]:
    """Every unknown send (of one tenant, or all), oldest first: id, kind, tenant, person, at."""
    found = _member_copies(conn, tenant_id) + _outbox_rows(conn, tenant_id)
    return sorted(found, key=lambda r: (r.at is None, r.at or datetime.min, r.id))


def _member_copies(conn: Connection, tenant_id: int | None) -> list[UnknownSend]:
    where = [nudge_members.c.state.in_((NUDGE_CUT_OFF, ASK_CUT_OFF)),
             tenants.c.uninstalled_at.is_(None)]
    if tenant_id is not None:
        where.append(nudges.c.tenant_id == tenant_id)
    query = (select(nudge_members.c.nudge_id, nudge_members.c.position, nudge_members.c.state,
                    nudges.c.sent_at, nudges.c.claimed_at, nudges.c.created_at,
                    tenants.c.name.label("tenant"), people.c.external_id.label("person"))
             .join(nudges, nudges.c.id == nudge_members.c.nudge_id)
             .join(tenants, tenants.c.id == nudges.c.tenant_id)
             .join(people, people.c.id == nudge_members.c.person_id)
             .where(*where))
    rows = []
    for r in conn.execute(query):
        follow_up = r.state == ASK_CUT_OFF
        at = r.claimed_at if follow_up else (r.sent_at or r.created_at)
        rows.append(UnknownSend(f"{'f' if follow_up else 'n'}{r.nudge_id}-{r.position + 1}",
                                "follow-up" if follow_up else "nudge", r.tenant, r.person,
                                aware(at)))
    return rows


def _outbox_rows(conn: Connection, tenant_id: int | None) -> list[UnknownSend]:
    where = [outbox.c.state == "unknown", tenants.c.uninstalled_at.is_(None)]
    if tenant_id is not None:
        where.append(outbox.c.tenant_id == tenant_id)
    query = (select(outbox.c.id, outbox.c.kind, outbox.c.claimed_at, outbox.c.created_at,
                    tenants.c.name.label("tenant"), people.c.external_id.label("person"))
             .join(tenants, tenants.c.id == outbox.c.tenant_id)
             .outerjoin(people, people.c.id == outbox.c.person_id)
             .where(*where))
    return [UnknownSend(f"o{r.id}", _OUTBOX_KINDS.get(r.kind, r.kind), r.tenant, r.person,
                        aware(r.claimed_at or r.created_at))
            for r in conn.execute(query)]


_OUTBOX_KINDS = {"reminder": "reminder", "idle": "pause notice", "offer": "offer of new times"}


def mark_sent(conn: Connection, tenant_id: int | None, ident: Ident) -> bool:
    """Someone checked: it did arrive. Nothing is sent; False when no such unknown send."""
    if ident.kind == "o":
        return _move_outbox(conn, tenant_id, ident.row, "sent")
    before, after = DONE[ident.kind]
    return _move_member(conn, tenant_id, ident, before, after)


def resend(conn: Connection, tenant_id: int | None, ident: Ident) -> str | None:
    """Put one unknown send back to be sent at the clock's next delivery: that member's copy
    only (the others of the group are sent or asked already and stay so). None when done; else
    why not."""
    if ident.kind == "o":
        return None if _move_outbox(conn, tenant_id, ident.row, "planned") else NOT_FOUND
    before, after, rewind, as_is, back_to = RESEND[ident.kind]
    state = conn.scalar(select(nudges.c.state).where(nudges.c.id == ident.row,
                                                     *_of_tenant(nudges, tenant_id)))
    if state is None or not _is_member_state(conn, ident, before):
        return NOT_FOUND
    if state not in rewind + as_is:
        return _BUSY.get(state, f"its nudge is {state} right now; try again after the next tick")
    _move_member(conn, tenant_id, ident, before, after)
    if state in rewind:
        conn.execute(update(nudges).where(nudges.c.id == ident.row, nudges.c.state == state)
                     .values(state=back_to))
    return None




_BUSY = {"asking": "its group is being asked \"Did you meet?\" right now; try again after the "
         "next tick",
         "failed": "Teams refused its nudge for another member of the group, so it is not sent "
                   "again by itself; mark this one sent if the person has it"}


def _of_tenant(table, tenant_id: int | None) -> tuple:
    return () if tenant_id is None else (table.c.tenant_id == tenant_id,)


def _is_member_state(conn: Connection, ident: Ident, state: str) -> bool:
    return conn.scalar(select(nudge_members.c.state).where(
        nudge_members.c.nudge_id == ident.row, nudge_members.c.position == ident.member)) == state


def _move_member(conn: Connection, tenant_id: int | None, ident: Ident, before: str,
                 after: str) -> bool:
    mine = select(nudges.c.id).where(nudges.c.id == ident.row, *_of_tenant(nudges, tenant_id))
    result = conn.execute(update(nudge_members).where(and_(
        nudge_members.c.nudge_id.in_(mine), nudge_members.c.position == ident.member,
        nudge_members.c.state == before)).values(state=after))
    return result.rowcount == 1


def _move_outbox(conn: Connection, tenant_id: int | None, row_id: int, after: str) -> bool:
    result = conn.execute(update(outbox).where(outbox.c.id == row_id, outbox.c.state == "unknown",
                                               *_of_tenant(outbox, tenant_id))
                          .values(state=after, claimed_by=None, claimed_at=None))
    return result.rowcount == 1


class UnknownSends(StoreBase):
    """Sends cut off where the platform keeps nothing to look in."""

    def unknown_sends(self, tenant: str | None = None) -> list[UnknownSend]:
        """Every send marked `unknown` (of one tenant, or all): id, kind, tenant, person, at."""
        with self.engine.connect() as conn:
            tenant_id = None if tenant is None else self._tenant_id(conn, tenant)
            return listed(conn, tenant_id)

    def mark_unknown_sent(self, ident: str, tenant: str | None = None) -> str | None:
        """Someone checked that it arrived: marked sent, nothing sent. None, or why not."""
        found = parse(ident)
        if found is None:
            return BAD_IDENT
        with self._write() as conn:
            tenant_id = None if tenant is None else self._tenant_id(conn, tenant)
            return None if mark_sent(conn, tenant_id, found) else NOT_FOUND

    def resend_unknown(self, ident: str, tenant: str | None = None) -> str | None:
        """Put one unknown send back to be sent at the next delivery (one member's copy, never
        the whole group). None, or why not."""
        found = parse(ident)
        if found is None:
            return BAD_IDENT
        with self._write() as conn:
            tenant_id = None if tenant is None else self._tenant_id(conn, tenant)
            return resend(conn, tenant_id, found)
