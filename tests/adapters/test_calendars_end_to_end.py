"""Calendars end to end, through the real app over HTTP with signed Slack slash commands and the
Google Calendar and Microsoft Graph stand-ins on loopback: two people connect (following the
OAuth redirect as a browser would), a hybrid round's slots step around their busy blocks across
Lisbon and New York in the weeks the clocks change, everyone accepts, and each provider holds
exactly one event (also after a crash between its answer and our write); a decline cancels it;
disconnecting erases the tokens."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp.test_utils import TestClient, TestServer

from bot.service import calendar_slots
from bot.service.calendar_connect import tokens_of
from bot.service.calendar_port import Meeting
from bot.service.handler import Deployment, Service
from bot.service.inbound import Asker, Click
from entrypoints.app import build
from entrypoints.calendars import calendar_setup
from scheduler.jobs import tick
from tests.helpers.calendar_round import NOW, PEOPLE, a_round, busy_but_a_half_hour, connect
from tests.helpers.calendars import PUBLIC, settings_for
from tests.helpers.dashboard import say
from tests.standins.google_calendar import GoogleCalendarStandIn
from tests.standins.microsoft_graph import GraphStandIn
from tests.standins.slack import SlackWebApi


def test_connect_fit_invite_cancel_and_disconnect_on_both_providers(store):
    google = GoogleCalendarStandIn(next_account="ana@acme.example")
    graph = GraphStandIn(next_account="bea@contoso.example")

    async def main():
        async with TestServer(SlackWebApi().app) as api, TestServer(google.app) as g, \
                TestServer(graph.app) as m:
            settings = settings_for(str(api.make_url("/api/")), str(g.make_url("")).rstrip("/"),
                                    str(m.make_url("")).rstrip("/"))
            async with TestClient(TestServer(build(settings, store))) as client:
                await scenario(client, settings)

    async def scenario(client, settings):
        # -- connect: the OAuth redirect, PKCE checked by the stand-ins
        assert (await connect(client, "UANA", "google"))[0] == 200
        status, page = await connect(client, "UBEA", "microsoft")
        assert status == 200 and "Microsoft 365 calendar is connected" in page
        links = store.calendars("T1", list(PEOPLE))
        assert {w: link.account for w, link in links.items()} == {
            "UANA": "ana@acme.example", "UBEA": "bea@contoso.example"}
        with store.engine.connect() as conn:  # the tokens are in the database only sealed
            dump = "\n".join(str(row) for row in conn.exec_driver_sql(
                "select tokens from calendar_connections"))
        for grant in [*google.grants.values(), *graph.grants.values()]:
            assert grant.refresh_token not in dump
            assert not any(token in dump for token in grant.access_tokens)
        assert "calendar of" not in await say(client, "UANA", "calendar")  # status, in words
        assert "Google Calendar calendar is connected since" in await say(client, "UANA",
                                                                          "calendar")
        # -- a round: Ana's and Bea's calendars are busy all day but 15:15-15:45 UTC, which is
        # 16:15 in Lisbon before the clocks change on the 25th and 15:15 after, 11:15 in New
        # York throughout (its change comes on 1 Nov); the hours alone would never choose it
        ids = a_round(store, None)
        hours_only = {n.id: n.slots for n in store.nudges("T1")}
        google.busy = {"ana@acme.example": busy_but_a_half_hour()}
        graph.busy = {"bea@contoso.example": busy_but_a_half_hour()}
        setup = calendar_setup(settings)
        report = await tick(store, {}, NOW, calendars=setup)
        assert report.checked == 2
        fitted = {n.id: n for n in store.nudges("T1")}
        for nudge_id in ids:
            slots = fitted[nudge_id].slots
            assert len(slots) == 3 and slots != hours_only[nudge_id]
            assert {(s.start.hour, s.start.minute, s.end.hour, s.end.minute) for s in slots} == {
                (15, 15, 15, 45)}
        lisbon = {s.start.astimezone(ZoneInfo("Europe/Lisbon")).hour for s in fitted[ids[0]].slots}
        assert lisbon == {16, 15}  # both sides of the change, in local time
        assert store.checked_calendars(ids[0]) == ["UANA"]
        # -- everyone accepts the first time: one event per provider, even after a crash
        service = Service(store, Deployment(public_url=PUBLIC, secret_key="k" * 32,
                                            calendars=setup))
        for nudge_id, pair in zip(ids, [("UANA", "UDAN"), ("UBEA", "UCAI")], strict=True):
            for who in pair:
                await service.handle(Click(Asker("T1", "slack", who), f"{nudge_id}:0", "accepted"))
        slot = fitted[ids[0]].slots[0]
        ana = tokens_of(setup.box, store.calendars("T1", ["UANA"])["UANA"].sealed)
        # a clock that created Ana's event and died before writing it down
        await setup.providers["google"].create_event(ana, Meeting(
            f"weaktie:T1:{ids[0]}:0", slot.start, slot.end, "x", "", ()))
        report = await tick(store, {}, NOW + timedelta(minutes=1), calendars=setup)
        assert report.invited == 2
        assert len(google.live_events()) == len(graph.live_events()) == 1
        assert store.invitation_of(ids[0])[0] == "created"
        await tick(store, {}, NOW + timedelta(minutes=2), calendars=setup)  # nothing again
        assert len(google.live_events()) == len(graph.live_events()) == 1
        # -- Cai declines afterwards: Bea's event is cancelled at Microsoft
        await service.handle(Click(Asker("T1", "slack", "UCAI"), f"{ids[1]}", "declined"))
        await tick(store, {}, NOW + timedelta(minutes=3), calendars=setup)
        assert graph.live_events() == [] and len(google.live_events()) == 1
        assert store.invitation_of(ids[1])[0] == "cancelled"
        # -- disconnect: tokens erased, the grant revoked at Google
        said = await say(client, "UANA", "calendar disconnect")
        assert "Disconnected" in said and "UANA" not in store.calendars("T1", list(PEOPLE))
        assert google.seen("revoke")

    asyncio.run(main())


def test_a_replayed_or_forged_callback_connects_nothing(store):
    google = GoogleCalendarStandIn(next_account="ana@acme.example")
    graph = GraphStandIn()

    async def main():
        async with TestServer(SlackWebApi().app) as api, TestServer(google.app) as g, \
                TestServer(graph.app) as m:
            settings = settings_for(str(api.make_url("/api/")), str(g.make_url("")).rstrip("/"),
                                    str(m.make_url("")).rstrip("/"))
            async with TestClient(TestServer(build(settings, store))) as client:
                said = await say(client, "UANA", "calendar connect google")
                link = next(w for w in said.split() if w.startswith("http"))
                async with aiohttp.ClientSession() as browser, \
                        browser.get(link, allow_redirects=False) as consent:
                    back = urlsplit(consent.headers["Location"])
                forged = await client.get("/calendar/oauth/google?state=forged&code=x")
                assert forged.status == 403
                wrong = await client.get(f"/calendar/oauth/microsoft?{back.query}")
                assert wrong.status == 403  # another provider's state is no state
                assert store.calendars("T1", ["UANA"]) == {}
                denied = await client.get("/calendar/oauth/google?state=x&error=access_denied")
                assert denied.status == 403
                nowhere = await client.get("/calendar/oauth/yahoo?state=x&code=y")
                assert nowhere.status == 404

    asyncio.run(main())


def test_on_teams_a_person_connects_microsoft_365_from_their_personal_chat(store):
    from dataclasses import replace

    from tests.helpers.teams import activity
    from tests.standins.microsoft import MicrosoftStandIn

    graph, connector = GraphStandIn(next_account="bea@contoso.example"), MicrosoftStandIn()

    async def main():
        async with TestServer(connector.app) as bot, TestServer(graph.app) as m, \
                TestServer(GoogleCalendarStandIn().app) as g:
            base = str(m.make_url("")).rstrip("/")
            settings = replace(settings_for("http://127.0.0.1:9/", str(g.make_url("")), base),
                               slack_signing_secret=None, slack_bot_token=None, dev=True)
            url = str(bot.make_url("")).rstrip("/")
            async with TestClient(TestServer(build(settings, store))) as client:
                async def send(text: str, aid: str, value: dict | None = None) -> dict:
                    body = activity(url, text, "personal", aid=aid)
                    body["conversation"]["tenantId"], body["from"]["id"] = "T1", "UBEA"
                    if value is not None:  # an Action.Submit from a card arrives as `value`
                        body["value"] = value
                    assert (await client.post("/api/messages", json=body)).status < 300
                    return connector.replies[-1]

                card = json.dumps(await send("profile", "a0"))
                assert "Connect your calendar" in card and '"weaktie": "calendar"' in card
                said = (await send("", "a1", {"weaktie": "calendar"}))["text"]
                link = next(w for w in said.split() if "/oauth2/v2.0/authorize" in w)
                async with aiohttp.ClientSession() as browser, \
                        browser.get(link, allow_redirects=False) as consent:
                    back = urlsplit(consent.headers["Location"])
                page = await client.get(f"{back.path}?{back.query}")
                assert page.status == 200
        assert store.calendars("T1", ["UBEA"])["UBEA"].account == "bea@contoso.example"

    asyncio.run(main())


def test_the_slack_home_tab_offers_to_connect_and_then_says_what_is_connected(store):
    from tests.helpers.slack import event, interactive, post, views

    google, fake = GoogleCalendarStandIn(next_account="ana@acme.example"), SlackWebApi()
    click = interactive({"type": "block_actions", "team": {"id": "T1"},
                         "user": {"id": "UANA", "team_id": "T1"}, "api_app_id": "A1",
                         "token": "x", "trigger_id": "13.37", "container": {"type": "view"},
                         "actions": [{"action_id": "home_calendar", "block_id": "home",
                                      "type": "button", "action_ts": "1780000000.1"}]})
    opened = event("EvH1", {"type": "app_home_opened", "user": "UANA", "tab": "home",
                            "channel": "D1"})

    async def main():
        async with TestServer(fake.app) as api, TestServer(google.app) as g, \
                TestServer(GraphStandIn().app) as m:
            settings = settings_for(str(api.make_url("/api/")), str(g.make_url("")).rstrip("/"),
                                    str(m.make_url("")).rstrip("/"))
            async with TestClient(TestServer(build(settings, store))) as client:
                await post(client, opened)
                assert (await post(client, *click))[0] == 200
                [dm] = [p for p in fake.posts if p.get("channel") == "UANA"]
                link = next(w for w in dm["text"].split() if "/o/oauth2/v2/auth" in w)
                async with aiohttp.ClientSession() as browser, \
                        browser.get(link, allow_redirects=False) as consent:
                    back = urlsplit(consent.headers["Location"])
                assert (await client.get(f"{back.path}?{back.query}")).status == 200
                await post(client, event("EvH2", {"type": "app_home_opened", "user": "UANA",
                                                  "tab": "home", "channel": "D1"}))

    asyncio.run(main())
    before, after = views(fake, "views.publish")
    assert "home_calendar" in json.dumps(before) and "home_calendar" not in json.dumps(after)
    assert "Calendar:* Google Calendar (free/busy only)" in json.dumps(after)


def test_a_withdrawn_grant_falls_back_to_hours_and_the_person_is_told_once(store):
    from entrypoints.app import senders

    google, fake = GoogleCalendarStandIn(next_account="ana@acme.example"), SlackWebApi()

    async def main():
        async with TestServer(fake.app) as api, TestServer(google.app) as g, \
                TestServer(GraphStandIn().app) as m:
            settings = settings_for(str(api.make_url("/api/")), str(g.make_url("")).rstrip("/"),
                                    str(m.make_url("")).rstrip("/"))
            async with TestClient(TestServer(build(settings, store))) as client:
                assert (await connect(client, "UANA", "google"))[0] == 200
            google.revoke_grant("ana@acme.example")  # she removed weaktie in her Google account
            later = NOW + timedelta(hours=3)  # her tokens no longer open anything
            ids = a_round(store, None)
            hours_only = {n.id: n.slots for n in store.nudges("T1")}
            setup, send = calendar_setup(settings), senders(store, settings)
            for minute in range(3):
                await tick(store, send, later + timedelta(minutes=minute), calendars=setup)
            assert store.checked_calendars(ids[0]) == []  # hours only
            assert store.nudges("T1")[0].slots == hours_only[ids[0]]
            assert store.calendars("T1", ["UANA"])["UANA"].refused_at is not None
            told = [p for p in fake.posts if "stopped answering" in p.get("text", "")]
            assert len(told) == 1 and "calendar connect" in told[0]["text"]

    asyncio.run(main())


def test_the_reminder_warns_when_a_calendar_filled_up_since_and_not_over_our_own_event(store):
    from entrypoints.app import senders

    google, fake = GoogleCalendarStandIn(next_account="ana@acme.example"), SlackWebApi()

    async def main():
        async with TestServer(fake.app) as api, TestServer(google.app) as g, \
                TestServer(GraphStandIn().app) as m:
            settings = settings_for(str(api.make_url("/api/")), str(g.make_url("")).rstrip("/"),
                                    str(m.make_url("")).rstrip("/"))
            async with TestClient(TestServer(build(settings, store))) as client:
                assert (await connect(client, "UANA", "google"))[0] == 200
            ids = a_round(store, None)
            setup, send = calendar_setup(settings), senders(store, settings)
            await tick(store, send, NOW, calendars=setup)  # checked (all free), then delivered
            nudge = {n.id: n for n in store.nudges("T1")}[ids[0]]
            last = len(nudge.slots) - 1
            slot = nudge.slots[last]
            service = Service(store, Deployment(public_url=PUBLIC, secret_key="k" * 32,
                                                calendars=setup), now=lambda: NOW)
            for who in ("UANA", "UDAN"):
                await service.handle(Click(Asker("T1", "slack", who), f"{ids[0]}:{last}",
                                           "accepted"))
            # since then: our invitation fills the slot exactly, and Ana booked a meeting over it
            google.busy = {"ana@acme.example": [(slot.start, slot.end),
                                                (slot.start + timedelta(minutes=10),
                                                 slot.end + timedelta(minutes=10))]}
            await tick(store, send, slot.start - timedelta(hours=12), calendars=setup)
            reminders = [p for p in fake.posts if "Reminder" in json.dumps(p)]
            assert len(reminders) == 1
            assert "Heads-up: the calendar of <@UANA> now shows something else" in \
                json.dumps(reminders[0])
            # our own event alone is no clash
            google.busy = {"ana@acme.example": [(slot.start, slot.end)]}
            clashes = await calendar_slots.reminder_clashes(store, setup, "slack",
                                                            slot.start - timedelta(hours=12),
                                                            asyncio.to_thread)
            assert clashes == {}

    asyncio.run(main())
