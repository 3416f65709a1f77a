"""What one heartbeat of the clock does, as service calls the scheduler makes in order: plan
the rounds that are due, re-match declines, deliver each platform's nudges, questions,
reminders and notices, pause the quiet, purge. Every step is safe to run twice or in two
processes at once: rounds are unique per program and due time, and every send is a claimed
row fenced by leadership."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.service import (
    after_round,
    calendar_slots,
    directory_teams,
    invitations,
    outcome_records,
    rounds,
    team_field_reads,
)
from bot.service.delivery import ask_did_you_meet, deliver_due, deliver_outbox
from bot.service.due import due_at
from bot.service.outbound import ChatAdapter
from bot.store import DuplicateRound, Store


def lead(store: Store) -> bool:
    """Whether this process holds the clock (renewing its lease); the others stand by."""
    return store.lead()


def plan_due_rounds(store: Store, now: datetime) -> list[tuple[str, str, datetime]]:
    """Plan every scheduled program whose round is due by `now`: (tenant, program, due at)."""
    planned = []
    for tenant, program, created in store.scheduled_programs():
        last = store.last_due(tenant, program.name)
        # created_at is when the schedule (re)started: on resume or a new cadence it moves on
        when = due_at(program, max(last, created) if last else created, now)
        if when is None:
            continue
        when = when.astimezone(UTC)
        try:  # planned as of its due time, so two clocks plan the very same round
            rounds.plan_round_now(store, tenant, program.name, when)
            planned.append((tenant, program.name, when))
        except DuplicateRound:
            pass  # another clock got there first
    return planned


def rematch_declines(store: Store, now: datetime,
                     fruitless: after_round.Fruitless | None = None) -> list[int]:
    """Nudges planned for people whose partner declined (see after_round.rematch_declines);
    `fruitless` is the clock's memory of free sets that found nobody."""
    return after_round.rematch_declines(store, now, fruitless)


@dataclass
class Delivered:
    """What one platform's deliveries did in one heartbeat."""

    sent: int = 0  # nudges
    asked: int = 0  # "Did you meet?"
    paused: list[tuple[str, str]] | None = None  # (tenant, person) gone quiet
    outbox: int = 0  # reminders and notices


async def deliver(store: Store, platform: str, sender: ChatAdapter, now: datetime,
                  calendars=None) -> Delivered:
    """One platform's sends, in order, each fenced by this process still leading. `calendars`:
    the providers configured, to check an agreed time again before its reminder."""
    fence = store.holds_leadership
    done = Delivered()
    done.sent = len((await deliver_due(store, platform, sender, now, fence)).sent)
    done.asked = len((await ask_did_you_meet(store, platform, sender, now, fence)).sent)
    shared = getattr(sender, "shared_conversation", False)
    clashes = await calendar_slots.reminder_clashes(store, calendars, platform, now,
                                                    asyncio.to_thread)
    await asyncio.to_thread(after_round.plan_reminders, store, platform, shared, now, clashes)
    done.paused = await asyncio.to_thread(after_round.pause_quiet, store, platform, now)
    done.outbox = len((await deliver_outbox(store, platform, sender, now, fence)).sent)
    return done


async def check_calendars(store: Store, calendars, now: datetime) -> int:
    """Fit the slots of nudges about to go out to their members' calendars (issue 14)."""
    return await calendar_slots.check_calendars(store, calendars, now, asyncio.to_thread)


async def read_teams(store: Store, calendars, now: datetime) -> int:
    """Departments from Microsoft 365 as teams, once a day per consenting organisation."""
    return await directory_teams.read_teams(store, calendars, now, asyncio.to_thread)


async def read_field_teams(store: Store, profiles, now: datetime) -> int:
    """Teams from the Slack profile field a manager named, a batch of people per workspace."""
    return await team_field_reads.read_field_teams(store, profiles, now, asyncio.to_thread)


async def send_invitations(store: Store, calendars, now: datetime) -> int:
    """Create the events of confirmed meetups, cancel the declined ones (issue 14)."""
    return await invitations.send_invitations(store, calendars, now, asyncio.to_thread)


def purge(store: Store, now: datetime) -> list[str]:
    """Workspaces uninstalled long enough ago are erased; old answered-event marks go."""
    purged = store.purge_uninstalled(now)
    store.purge_answered(now)
    store.purge_dashboard(now)
    store.purge_calendar_states(now)
    return purged


def keep_week(store: Store, now: datetime) -> list[str]:
    """Once a week per tenant, the round records and health snapshots that keep the trend
    (bot/service/outcome_records.py): the tenants written down by this call."""
    return outcome_records.keep_week(store, now)
