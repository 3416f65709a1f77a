"""Attack: invitations. A member declines while the clock is creating the event (after its
request left, before its answer came back): the event the provider made must still be
cancelled, never left live in the organiser's and attendees' calendars."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.service.calendar_connect import sealed_json
from bot.service.calendar_port import Tokens
from bot.service.handler import Deployment, Service
from bot.service.inbound import Asker, Click
from entrypoints.calendars import calendar_setup
from scheduler.jobs import tick
from tests.helpers.calendar_round import NOW, a_round
from tests.helpers.calendars import PUBLIC, settings_for
from tests.standins.google_calendar import GoogleCalendarStandIn

FAR = datetime(2030, 1, 1, tzinfo=UTC)
ANA = "ana@acme.example"


class SlowGoogle(GoogleCalendarStandIn):
    """Runs `during` while an events.insert is in flight (after it took effect)."""

    during = None

    async def insert(self, request: web.Request) -> web.StreamResponse:
        response = await super().insert(request)
        if self.during is not None:
            during, self.during = self.during, None
            await during()
        return response


def test_attack_a_decline_while_the_event_is_being_created_still_cancels_it(store):
    google = SlowGoogle(next_account=ANA)

    async def main():
        async with TestServer(google.app) as server:
            base = str(server.make_url("")).rstrip("/")
            setup = calendar_setup(settings_for("http://127.0.0.1:9/api/", base, base))
            ids = a_round(store, None)  # (UANA, UDAN) and (UBEA, UCAI)
            access, refresh = google.grant_for(ANA)
            store.save_calendar("T1", "UANA", "google", ANA,
                                setup.box.seal(sealed_json(Tokens(access, refresh, FAR, ANA))), NOW)
            service = Service(store, Deployment(public_url=PUBLIC, secret_key="k" * 32,
                                                calendars=setup))
            for who in ("UANA", "UDAN"):
                await service.handle(Click(Asker("T1", "slack", who), f"{ids[0]}:0", "accepted"))
            assert store.invitation_of(ids[0])[0] == "planned"

            async def dan_declines():
                await service.handle(Click(Asker("T1", "slack", "UDAN"), f"{ids[0]}",
                                           "declined"))
            google.during = dan_declines
            for minute in range(1, 4):
                await tick(store, {}, NOW + timedelta(minutes=minute), calendars=setup)
            return ids

    ids = asyncio.run(main())
    assert len(google.events) == 1  # the clock did create it
    assert google.live_events() == [], (store.invitation_of(ids[0]), google.live_events())


def test_attack_two_clocks_inviting_at_once_make_exactly_one_event_each(store):
    """Two ticks at the same moment (two clock processes, say, before the lock): Google and
    Microsoft each hold one event per agreed meetup, and our row says created."""
    from tests.standins.microsoft_graph import GraphStandIn

    google, graph = GoogleCalendarStandIn(next_account=ANA), GraphStandIn(next_account="b@c.x")

    async def main():
        async with TestServer(google.app) as g, TestServer(graph.app) as m:
            gb, mb = (str(s.make_url("")).rstrip("/") for s in (g, m))
            setup = calendar_setup(settings_for("http://127.0.0.1:9/api/", gb, mb))
            ids = a_round(store, None)
            for standin, who, provider, account in ((google, "UANA", "google", ANA),
                                                    (graph, "UBEA", "microsoft", "b@c.x")):
                access, refresh = standin.grant_for(account)
                store.save_calendar("T1", who, provider, account, setup.box.seal(
                    sealed_json(Tokens(access, refresh, FAR, account))), NOW)
            service = Service(store, Deployment(public_url=PUBLIC, secret_key="k" * 32,
                                                calendars=setup))
            for nudge_id, pair in zip(ids, [("UANA", "UDAN"), ("UBEA", "UCAI")], strict=True):
                for who in pair:
                    await service.handle(Click(Asker("T1", "slack", who), f"{nudge_id}:0",
                                               "accepted"))
            later = NOW + timedelta(minutes=1)
            await asyncio.gather(*(tick(store, {}, later, calendars=setup) for _ in range(4)))
            return ids

    ids = asyncio.run(main())
    assert len(google.live_events()) == 1 and len(graph.live_events()) == 1
    assert [store.invitation_of(i)[0] for i in ids] == ["created", "created"]


def test_attack_a_grant_refused_at_reminder_time_is_marked_now_not_at_the_meetup(store):
    """The day-before check finds the grant withdrawn: it is marked refused at the moment of
    the check, not an hour before the meetup (a future time in `refused_at`, and in the
    outbox's created_at of the reconnect note)."""
    from entrypoints.app import senders
    from tests.standins.microsoft_graph import GraphStandIn
    from tests.standins.slack import SlackWebApi

    google, fake = GoogleCalendarStandIn(next_account=ANA), SlackWebApi()

    async def main():
        async with TestServer(fake.app) as api, TestServer(google.app) as g, \
                TestServer(GraphStandIn().app) as m:
            settings = settings_for(str(api.make_url("/api/")), str(g.make_url("")).rstrip("/"),
                                    str(m.make_url("")).rstrip("/"))
            setup, send = calendar_setup(settings), senders(store, settings)
            access, refresh = google.grant_for(ANA)
            ids = a_round(store, None)
            store.save_calendar("T1", "UANA", "google", ANA,
                                setup.box.seal(sealed_json(Tokens(access, refresh, FAR, ANA))), NOW)
            google.busy = {ANA: []}
            await tick(store, send, NOW, calendars=setup)  # checked, then delivered
            nudge = {n.id: n for n in store.nudges("T1")}[ids[0]]
            last = len(nudge.slots) - 1
            service = Service(store, Deployment(public_url=PUBLIC, secret_key="k" * 32,
                                                calendars=setup), now=lambda: NOW)
            for who in ("UANA", "UDAN"):
                await service.handle(Click(Asker("T1", "slack", who), f"{ids[0]}:{last}",
                                           "accepted"))
            await tick(store, send, NOW + timedelta(minutes=1), calendars=setup)  # invited
            google.revoke_grant(ANA)
            check = nudge.slots[last].start - timedelta(hours=12)
            await tick(store, send, check, calendars=setup)
            assert [p for p in fake.posts if "Reminder" in str(p)]  # the reminder went out
            return check

    check = asyncio.run(main())
    refused = store.calendars("T1", ["UANA"])["UANA"].refused_at
    assert refused is not None and refused <= check, (refused, check)
