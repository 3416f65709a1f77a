"""Attack: `forget me` of a person with a calendar, over HTTP. docs/calendars.md promises the
grant is withdrawn at Google (as `calendar disconnect` does), and an organiser forgetting
themselves must not leave weaktie's invitation live in everyone's calendars."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from aiohttp.test_utils import TestClient, TestServer

from bot.service.handler import Deployment, Service
from bot.service.inbound import Asker, Click
from entrypoints.app import build
from entrypoints.calendars import calendar_setup
from scheduler.jobs import tick
from tests.helpers.calendar_round import NOW, a_round, connect
from tests.helpers.calendars import PUBLIC, settings_for
from tests.helpers.dashboard import say
from tests.standins.google_calendar import GoogleCalendarStandIn
from tests.standins.microsoft_graph import GraphStandIn
from tests.standins.slack import SlackWebApi


def _run(store, google, scenario):
    async def main():
        async with TestServer(SlackWebApi().app) as api, TestServer(google.app) as g, \
                TestServer(GraphStandIn().app) as m:
            settings = settings_for(str(api.make_url("/api/")), str(g.make_url("")).rstrip("/"),
                                    str(m.make_url("")).rstrip("/"))
            # the service's clock is the round's: its meetups are ahead of it
            app = build(settings, store, now=lambda: NOW + timedelta(minutes=2))
            async with TestClient(TestServer(app)) as client:
                assert (await connect(client, "UANA", "google"))[0] == 200
                await scenario(client, calendar_setup(settings))
    asyncio.run(main())


def test_attack_forget_me_withdraws_the_google_grant(store):
    google = GoogleCalendarStandIn(next_account="ana@acme.example")

    async def scenario(client, setup):
        await say(client, "UANA", "forget me now")
        assert store.calendars("T1", ["UANA"]) == {}

    _run(store, google, scenario)
    assert google.seen("revoke"), "forget me left the refresh token valid at Google"
    assert all(g.revoked for g in google.grants.values())


def test_attack_an_organiser_who_forgets_themselves_leaves_no_live_invitation(store):
    google = GoogleCalendarStandIn(next_account="ana@acme.example")

    async def scenario(client, setup):
        ids = a_round(store, None)
        await tick(store, {}, NOW, calendars=setup)
        service = Service(store, Deployment(public_url=PUBLIC, secret_key="k" * 32,
                                            calendars=setup))
        for who in ("UANA", "UDAN"):
            await service.handle(Click(Asker("T1", "slack", who), f"{ids[0]}:0", "accepted"))
        await tick(store, {}, NOW + timedelta(minutes=1), calendars=setup)
        assert len(google.live_events()) == 1  # Ana's invitation, Dan invited
        await say(client, "UANA", "forget me now")
        for minute in range(2, 4):
            await tick(store, {}, NOW + timedelta(minutes=minute), calendars=setup)

    _run(store, google, scenario)
    assert google.live_events() == [], "Dan's calendar still holds the invitation of a person " \
        "weaktie forgot"


def test_attack_a_decline_after_the_organiser_disconnected_still_cancels_the_event(store):
    google = GoogleCalendarStandIn(next_account="ana@acme.example")

    async def scenario(client, setup):
        ids = a_round(store, None)
        await tick(store, {}, NOW, calendars=setup)
        service = Service(store, Deployment(public_url=PUBLIC, secret_key="k" * 32,
                                            calendars=setup))
        for who in ("UANA", "UDAN"):
            await service.handle(Click(Asker("T1", "slack", who), f"{ids[0]}:0", "accepted"))
        await tick(store, {}, NOW + timedelta(minutes=1), calendars=setup)
        assert len(google.live_events()) == 1
        await say(client, "UANA", "calendar disconnect")
        await service.handle(Click(Asker("T1", "slack", "UDAN"), f"{ids[0]}", "declined"))
        for minute in range(2, 4):
            await tick(store, {}, NOW + timedelta(minutes=minute), calendars=setup)

    _run(store, google, scenario)
    assert google.live_events() == [], "Dan declined, yet his calendar keeps the invitation"
