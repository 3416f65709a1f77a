"""The heartbeat: plan what is due, re-match declines, deliver, ask "Did you meet?", remind of
agreed slots, pause the quiet, purge, and once a week write down outcomes. Every step is safe to
run twice or in two processes at once: rounds are unique per program and due time, and every
send is a claimed row."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.service import clockwork
from bot.service.outbound import ChatAdapter

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
    checked: int = 0  # nudges whose slots were fitted to their members' calendars
    invited: int = 0  # calendar events created or cancelled
    # people whose team a directory changed: Microsoft 365 departments, a Slack profile field
    teams: int = 0
    kept: list[str] = field(default_factory=list)  # tenants whose week was written down


async def tick(store, senders: Mapping[str, ChatAdapter], now: datetime,
               fruitless=None, calendars=None, profiles=None) -> TickReport:
    """One heartbeat on the service's store: lead? then the clock's service calls in order.
    `fruitless`: the clock process's memory of re-matches that found nobody; `calendars`: the
    calendar providers configured (bot/service/calendar_connect.py CalendarSetup), if any;
    `profiles`: Slack's profile reader (bot/service/profile_port.py), if Slack is configured."""
    report = TickReport()
    if not await asyncio.to_thread(clockwork.lead, store):
        report.led = False
        return report  # another process holds the clock: stand by
    report.teams = await clockwork.read_teams(store, calendars, now)  # before rounds plan
    report.teams += await clockwork.read_field_teams(store, profiles, now)
    report.planned = await asyncio.to_thread(clockwork.plan_due_rounds, store, now)
    report.rematched = await asyncio.to_thread(clockwork.rematch_declines, store, now,
                                              fruitless)
    report.checked = await clockwork.check_calendars(store, calendars, now)
    for platform, sender in senders.items():
        done = await clockwork.deliver(store, platform, sender, now, calendars)
        report.sent += done.sent
        report.asked += done.asked
        report.paused += done.paused or []
        report.outbox += done.outbox
    report.invited = await clockwork.send_invitations(store, calendars, now)
    report.purged = await asyncio.to_thread(clockwork.purge, store, now)
    report.kept = await asyncio.to_thread(clockwork.keep_week, store, now)
    if report.planned or report.sent or report.asked or report.outbox or report.purged \
            or report.kept:
        LOG.info("tick: %d rounds planned, %d re-matched, %d nudges sent, %d asked, "
                 "%d reminders and notices sent, %d people paused, %d workspaces purged, "
                 "%d workspaces' week written down",
                 len(report.planned), len(report.rematched), report.sent, report.asked,
                 report.outbox, len(report.paused), len(report.purged), len(report.kept))
    return report
