"""The heartbeat: plan what is due, deliver, ask "Did you meet?", purge. Every step is safe to
run twice or in two processes at once: rounds are unique per program and due time, and every
send is a claimed row."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot import service
from bot.chat import ChatAdapter
from bot.delivery import ask_did_you_meet, deliver_due
from bot.store import DuplicateRound, Store
from scheduler.due import due_at

LOG = logging.getLogger("weaktie.clock")


@dataclass
class TickReport:
    led: bool = True
    planned: list[tuple[str, str, datetime]] = field(default_factory=list)
    sent: int = 0
    asked: int = 0
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
    for platform, sender in senders.items():
        report.sent += len((await deliver_due(store, platform, sender, now)).sent)
        report.asked += len((await ask_did_you_meet(store, platform, sender, now)).sent)
    report.purged = await asyncio.to_thread(store.purge_uninstalled, now)
    if report.planned or report.sent or report.asked or report.purged:
        LOG.info("tick: %d rounds planned, %d nudges sent, %d asked, %d workspaces purged",
                 len(report.planned), report.sent, report.asked, len(report.purged))
    return report
