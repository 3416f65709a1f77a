"""After a round is out: re-match declines, plan reminders of agreed slots, pause the quiet.

Reads the store, asks the pure core (bot/core/lifecycle.py, bot/core/rematch.py) and writes
the outcome back as rows with unique keys; bot/service/delivery.py sends them. Each step is safe to
run twice, or in two processes at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.lifecycle import Turn, agreement, finished_at, gone_quiet, reminder_due
from bot.core.programs import ProgramError, program_from_dict
from bot.core.rematch import FreeRound, candidate_pairs, rematch
from bot.core.ties import TieParams, build_ties, is_strong, strong_threshold
from bot.store import Store
from bot.store.outbox import Item

FRUITLESS_KEPT = 10_000
DECLINES_WITHIN = timedelta(days=30)  # longer than any round's slots last (20 working days)
TURNS_WITHIN = timedelta(days=200)  # three rounds of a monthly program, with room to spare


class Fruitless:
    """Free sets (tenant, round, freed, unmatched) that found nobody to meet: not tried again
    until the set changes, since a try rebuilds the tenant's tie graph (seconds on a big
    tenant). Held by the clock process that re-matches; bounded, since forgetting only costs a
    try."""

    def __init__(self, kept: int = FRUITLESS_KEPT) -> None:
        self.kept, self.tried = kept, set()

    def __contains__(self, tried: tuple) -> bool:
        return tried in self.tried

    def add(self, tried: tuple) -> None:
        if len(self.tried) >= self.kept:
            self.tried.clear()
        self.tried.add(tried)


def rematch_declines(store: Store, now: datetime, fruitless: Fruitless | None = None
                     ) -> list[int]:
    """Plan a nudge for people left alone by a decline, with someone else free in the round;
    the ids of the new nudges (deliver_due sends them)."""
    fruitless = Fruitless() if fruitless is None else fruitless
    planned = []
    for free in store.free_rounds(now - DECLINES_WITHIN):
        try:
            program = program_from_dict(free.program or {})
        except ProgramError:
            continue  # a program edited into nonsense re-matches nothing
        if free.horizon is None:
            continue
        tenant = free.tenant
        round_ = FreeRound(free.round, free.freed, free.unmatched, free.horizon)
        tried = (tenant, round_.round_id, frozenset(round_.freed), frozenset(round_.unmatched))
        if tried in fruitless:
            continue
        people, last = store.people(tenant), store.history(tenant, program.name).last_paired
        pairs = candidate_pairs(round_, people, program, last, now)
        if not pairs:
            continue  # the common case: nobody else free; the tie graph is not worth building
        tied = _strongly_tied(store, tenant, pairs, program.half_life_days, now)
        found = [store.save_rematch(tenant, round_.round_id, nudge, now)
                 for nudge in rematch(round_, people, program, last, tied, now)]
        planned += [nudge_id for nudge_id in found if nudge_id is not None]
        if not found:
            fruitless.add(tried)
    return planned


def _strongly_tied(store: Store, tenant: str, pairs: list[tuple[str, str]], half_life: float,
                   now: datetime) -> frozenset[frozenset[str]]:
    """Which of these pairs are strongly tied already (as the round's planning judges it)."""
    ties = build_ties(store.interactions(tenant, until=now), now, TieParams(half_life_days=half_life))
    strong = strong_threshold(ties)
    return frozenset(frozenset(p) for p in pairs if is_strong(ties.strength(*p), strong))


def reminders_due(store: Store, platform: str, now: datetime):
    """(nudge, start, end) of each agreed slot whose day-before reminder is due now."""
    for found in store.unreminded(platform):
        nudge = found.nudge
        agreed = agreement(nudge.members, found.answers)
        if agreed is None or not 0 <= agreed[0] < len(nudge.slots):
            continue
        start, end = nudge.slots[agreed[0]].start, nudge.slots[agreed[0]].end
        if reminder_due(start, agreed[1], now):
            yield nudge, start, end


def plan_reminders(store: Store, platform: str, shared: bool, now: datetime,
                   clashes: dict[int, tuple[str, ...]] | None = None) -> int:
    """Plan the day-before reminder of each slot every member of a nudge accepted: one in the
    group's conversation when the platform has one (`shared`), else one per member. `clashes`:
    per nudge, the members whose calendar now shows the time busy (the reminder says so). How
    many were planned."""
    added = 0
    for nudge, start, end in reminders_due(store, platform, now):
        payload = {"members": list(nudge.members), "start": start.isoformat(),
                   "end": end.isoformat(), "place": nudge.place, "ref": nudge.delivery_ref,
                   "busy": list((clashes or {}).get(nudge.id, ()))}
        key = f"reminder:{nudge.id}"
        items = [Item("reminder", key, None, nudge.id, payload)] if shared else [
            Item("reminder", f"{key}:{m}", m, nudge.id, payload) for m in nudge.members]
        added += store.plan_outbox(nudge.tenant, items, now)
    return added


def pause_quiet(store: Store, platform: str, now: datetime) -> list[tuple[str, str]]:
    """Pause everyone on `platform` who answered none of their last three rounds, and plan the
    note that tells them how to come back; (tenant, person) of each paused now."""
    turns: dict[tuple[str, str], list[Turn]] = {}
    for row in store.turns(platform, now - TURNS_WITHIN):
        turns.setdefault((row.tenant, row.person), []).append(
            Turn(row.round, row.due_at, finished_at(row.due_at, row.ends), row.answered))
    quiet = gone_quiet(turns, store.last_pauses(platform), now)
    return [(tenant, person) for (tenant, person), round_id in sorted(quiet.items())
            if store.pause_idle(tenant, person, round_id, now)]
