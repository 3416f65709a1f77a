"""Offers of new times for a nudge ("Another time"): outbox rows of kind `offer`, keyed by the
nudge and the offer's number, written with the new slots in one transaction.

The key is what makes an offer happen once: two clicks asking for the same offer (a double
click, both members at the same moment, a platform's retry) both try to insert the same first
row, and only the one that does appends the slots; the other writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from bot.core.model import Person, Slot
from bot.store.base import StoreBase, find_tenant
from bot.store.outbox import Item, enqueue
from bot.store.reading import read_person
from bot.store.rounds import load_nudges
from bot.store.schema import nudges, outbox, programs, rounds
from bot.store.values import StoredNudge


@dataclass(frozen=True, slots=True)
class OfferContext:
    """What new times for a nudge are drawn from: the nudge (with where it was posted), its
    members as the core sees them (in the group's order), its program's settings, and how
    many offers it has had."""

    nudge: StoredNudge
    people: tuple[Person, ...]
    settings: dict[str, Any]
    offers: int


def offer_key(nudge: int, offer: int, member: str | None = None) -> str:
    return f"offer:{nudge}:{offer}" + (f":{member}" if member else "")


class Offers(StoreBase):
    def offer_context(self, tenant: str, nudge_id: int) -> OfferContext | None:
        """None when the tenant or the nudge is unknown (asking writes nothing)."""
        with self.engine.connect() as conn:
            tenant_id = find_tenant(conn, tenant)
            found = load_nudges(conn, tenant_id, None, only=nudge_id) if tenant_id else []
            if not found:
                return None
            nudge = found[0]
            settings = conn.scalar(select(programs.c.settings)
                                   .join(rounds, rounds.c.program_id == programs.c.id)
                                   .where(rounds.c.id == nudge.round))
            keys = conn.scalars(select(outbox.c.key).where(
                outbox.c.tenant_id == tenant_id, outbox.c.nudge_id == nudge_id,
                outbox.c.kind == "offer"))
            offers = max((int(k.split(":")[2]) for k in keys), default=0)
            people = tuple(read_person(conn, tenant_id, m) or Person(m) for m in nudge.members)
            return OfferContext(nudge, people, dict(settings or {}), offers)

    def add_offer(self, tenant: str, nudge_id: int, offer: int, new: tuple[Slot, ...],
                  payload: dict, to: list[str | None], now: datetime) -> bool:
        """Offer number `offer`: the new slots appended to the nudge's and one outbox row for
        each of `to` (None: the group's conversation), each payload saying where the new slots
        start. False, and nothing written, when that offer was made already. The first row is
        inserted before anything is read, so that a concurrent twin waits for it (SQLite:
        a write first takes the lock; PostgreSQL: the unique key) and then finds it."""
        with self._write() as conn:
            tenant_id = self._tenant_id(conn, tenant)
            head, *rest = [Item("offer", offer_key(nudge_id, offer, person), person, nudge_id,
                                {**payload, "offer": offer}) for person in to]
            if not enqueue(conn, tenant_id, [head], now):
                return False
            old = conn.scalar(select(nudges.c.slots).where(nudges.c.id == nudge_id)) or []
            first = {"first": len(old)}
            conn.execute(update(outbox).where(outbox.c.tenant_id == tenant_id,
                                              outbox.c.key == head.key)
                         .values(payload={**head.payload, **first}))
            enqueue(conn, tenant_id, [Item(i.kind, i.key, i.person, i.nudge, {**i.payload, **first})
                                      for i in rest], now)
            conn.execute(update(nudges).where(nudges.c.id == nudge_id).values(
                slots=list(old) + [[s.start.isoformat(), s.end.isoformat()] for s in new]))
            return True
