"""The heartbeat: plan what is due, re-match declines, deliver, ask "Did you meet?", remind of
agreed slots, pause the quiet, purge. Every step is safe to
run twice or in two processes at once: rounds are unique per program and due time, and every
send is a claimed row."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.service import after_round as lifecycle
from bot.service import rounds as service
from bot.service.delivery import ask_did_you_meet, deliver_due, deliver_outbox
from bot.service.due import due_at
from bot.service.outbound import ChatAdapter
from bot.store import DuplicateRound, Store

LOG = logging.getLogger("weaktie.clock")


@dataclass
class TickReport:
    led: bool = True
    planned: list[tuple[str, str, datetime]] = field(default_factory=list)
    sent: int = 0
    asked: int = 0
    rematched: list[int] = field(default_factory=list)  # nudges planned after declines
    paused: list[tuple[str, str]] = field(default_factory=list)  # (tenant, person) gone quiet
    outbox: int = 0  # reminders and notices sent
    purged: list[str] = field(default_factory=list)


async def tick(store: Store, senders: Mapping[str, ChatAdapter], now: datetime) -> TickReport:
    report = TickReport()
    if not await asyncio.to_thread(store.lead):
        report.led = False
        return report  # another process holds the clock: stand by
    for tenant, program, created in await asyncio.to_thread(store.scheduled_programs):
        last = await asyncio.to_thread(store.last_due, tenant, program.name)
        # created_at is when the schedule (re)started: on resume or a new cadence it moves on
        when = due_at(program, max(last, created) if last else created, now)
        if when is None:
            continue
        when = when.astimezone(UTC)
        try:  # planned as of its due time, so two clocks plan the very same round
            await asyncio.to_thread(service.plan_round_now, store, tenant, program.name, when)
            report.planned.append((tenant, program.name, when))
        except DuplicateRound:
            pass  # another clock got there first
    report.rematched = await asyncio.to_thread(lifecycle.rematch_declines, store, now)
    fence = store.holds_leadership
    for platform, sender in senders.items():
        report.sent += len((await deliver_due(store, platform, sender, now, fence)).sent)
        report.asked += len((await ask_did_you_meet(store, platform, sender, now, fence)).sent)
        shared = getattr(sender, "shared_conversation", False)
        await asyncio.to_thread(lifecycle.plan_reminders, store, platform, shared, now)
        report.paused += await asyncio.to_thread(lifecycle.pause_quiet, store, platform, now)
        report.outbox += len((await deliver_outbox(store, platform, sender, now, fence)).sent)
    report.purged = await asyncio.to_thread(store.purge_uninstalled, now)
    await asyncio.to_thread(store.purge_answered, now)
    if report.planned or report.sent or report.asked or report.outbox or report.purged:
        LOG.info("tick: %d rounds planned, %d re-matched, %d nudges sent, %d asked, "
                 "%d reminders and notices sent, %d people paused, %d workspaces purged",
                 len(report.planned), len(report.rematched), report.sent, report.asked,
                 report.outbox, len(report.paused), len(report.purged))
    return report
