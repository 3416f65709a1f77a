"""Another time on Teams, through the real app over HTTP: Bot Framework activities into
botbuilder, the Bot Connector and Microsoft Graph stand-ins on loopback, the clock's real tick.
Teams nudges are one card per member, so the new times are too: each member gets one card with
the new Accepts (whatever the double clicks), the times clear of Bea's Graph calendar and inside
both people's hours in their own time zones; both accept one and it is an agreement with a real
invitation in Bea's calendar. A stranger's card answer writes nothing.

Authentication is off here (dev mode), as in every Teams flow test: the authenticated path
refuses a loopback serviceUrl, and the cards must reach the Bot Connector stand-in
(tests/adapters/test_teams_tokens.py checks tokens). Card answers:
https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/cards-actions#action-submit"""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlsplit

import aiohttp
from aiohttp.test_utils import TestClient, TestServer

from bot.core.model import Nudge, Person, RoundPlan
from bot.core.plan import find_slots
from bot.core.programs import Program
from entrypoints.app import build, senders
from entrypoints.calendars import calendar_setup
from scheduler.jobs import tick
from tests.helpers.another_time import Clock, busy_daily, clear_of, offers, within, written
from tests.helpers.calendar_round import NOW
from tests.helpers.calendars import settings_for
from tests.helpers.teams import activity
from tests.standins.google_calendar import GoogleCalendarStandIn
from tests.standins.microsoft import MicrosoftStandIn
from tests.standins.microsoft_graph import GraphStandIn

ANA, BEA = "29:ana", "29:bea"
BEA_BUSY = busy_daily(NOW, 40, (13, 15))  # Bea's meetings, 13:00-15:00 UTC every day


def test_each_member_gets_one_card_of_new_times_and_both_accepting_one_is_an_agreement(store):
    graph, connector = GraphStandIn(next_account="bea@contoso.example"), MicrosoftStandIn()
    clock = Clock(NOW)

    async def main():
        async with TestServer(connector.app) as bot, TestServer(graph.app) as m, \
                TestServer(GoogleCalendarStandIn().app) as g:
            base = str(m.make_url("")).rstrip("/")
            settings = replace(settings_for("http://127.0.0.1:9/", str(g.make_url("")), base),
                               slack_signing_secret=None, slack_bot_token=None, dev=True)
            url = str(bot.make_url("")).rstrip("/")
            async with TestClient(TestServer(build(settings, store, now=clock))) as client:
                await scenario(client, settings, url)

    async def scenario(client, settings, url):
        sent = iter(range(1000))

        async def send(who: str, text: str = "", value: dict | None = None) -> str:
            body = activity(url, text, "personal", aid=f"a{next(sent)}")
            body["from"]["id"], body["conversation"]["id"] = who, f"a:{who}"
            if value is not None:  # an Action.Submit arrives as a message with `value`
                body["value"] = value
            assert (await client.post("/api/messages", json=body)).status < 300
            return connector.replies[-1].get("text") or ""

        def answer(who: str, value: str, kind: str) -> asyncio.Future:
            return send(who, value={"weaktie": "answer", "value": value, "answer": kind})

        async def clock_tick(at):
            clock.now = at
            return await tick(store, senders(store, settings), at,
                              calendars=calendar_setup(settings))

        for who in (ANA, BEA):  # each has talked to the bot: their conversations are kept
            await send(who, "join")
        store.update_person("TENANT1", ANA, "teams", timezone="Europe/Lisbon")
        store.update_person("TENANT1", BEA, "teams", timezone="America/New_York",
                            work_start=7 * 60, work_end=13 * 60, display_name="Bea Lind")
        said = await send(BEA, "calendar connect microsoft")
        link = next(w for w in said.split() if "/oauth2/v2.0/authorize" in w)
        async with aiohttp.ClientSession() as browser, \
                browser.get(link, allow_redirects=False) as consent:
            back = urlsplit(consent.headers["Location"])
        assert (await client.get(f"{back.path}?{back.query}")).status == 200
        graph.busy = {"bea@contoso.example": BEA_BUSY}
        people = [Person(ANA, timezone="Europe/Lisbon"),
                  Person(BEA, timezone="America/New_York", work_start=420, work_end=780)]
        plan = RoundPlan((Nudge((ANA, BEA), 1.0, ("You both post in #coffee",),
                                tuple(find_slots(people, NOW, 5, 30, 3))),), ())
        store.save_round("TENANT1", Program(name="coffee"), NOW, plan, NOW)
        [nudge] = store.nudges("TENANT1")
        await clock_tick(NOW)
        assert connector.cards_to(ANA, "Time for a coffee") == connector.cards_to(BEA, "") == 1
        own = store.nudge("TENANT1", nudge.id).slots
        # -- Bea asks for another time, twice in a row; Ana too, from her own card
        clock.now = NOW + timedelta(hours=1)
        said = [await answer(BEA, str(nudge.id), "another_time"),
                await answer(BEA, str(nudge.id), "another_time"),
                await answer(ANA, str(nudge.id), "another_time")]
        assert set(said) == {"New times are on their way to everyone."}
        assert len(offers(store, "TENANT1")) == 2  # one card each, one offer
        new = store.nudge("TENANT1", nudge.id).slots[len(own):]
        assert len(new) == 3
        for slot in new:
            assert slot.start >= own[-1].end and clear_of(slot, BEA_BUSY)
            assert within(slot, "America/New_York", 7 * 60, 13 * 60)
            assert within(slot, "Europe/Lisbon", 9 * 60, 17 * 60)
        for minute in (1, 2):  # the second heartbeat sends nothing again
            await clock_tick(NOW + timedelta(hours=1, minutes=minute))
        for who in (ANA, BEA):
            assert connector.cards_to(who, "New times for your coffee") == 1
        [card] = [r["attachments"][0]["content"] for r in connector.replies
                  if r["path"].split("/")[3] == f"a:{ANA}" and r.get("attachments")
                  and "New times" in json.dumps(r)]
        assert [a["title"] for a in card["actions"]] == [
            "Accept 4", "Accept 5", "Accept 6", "Another time", "Can't make it"]
        assert card["actions"][0]["data"] == {"weaktie": "answer", "value": f"{nudge.id}:3",
                                              "answer": "accepted"}
        assert card["actions"][3]["data"]["value"] == f"{nudge.id}:1"
        assert "These times are free in the calendar of Bea Lind" in json.dumps(card)
        # -- someone else's answer is refused and writes nothing
        before = written(store)
        assert "not a member" in await answer("29:zed", str(nudge.id), "another_time")
        assert written(store) == before
        # -- both accept the second new time: agreed, and Bea's calendar holds the invitation
        await answer(ANA, f"{nudge.id}:4", "accepted")
        confirmed = await answer(BEA, f"{nudge.id}:4", "accepted")
        assert "Confirmed for everyone: option 5" in confirmed
        await clock_tick(NOW + timedelta(hours=1, minutes=3))
        assert store.invitation_of(nudge.id)[0] == "created" and len(graph.live_events()) == 1

    asyncio.run(main())


def test_an_authenticated_card_answer_plans_a_card_for_each_member_and_a_forged_one_nothing(
        tmp_path, keys):
    """Production mode: a Bot Framework token signed by the published key (the reply itself
    cannot reach Microsoft from here: Teams is answered 202 and what the click did is kept)."""
    from bot.store import Store
    from tests.helpers.teams import registered, serve
    from tests.standins.microsoft import SERVICE_URL

    known = Store.open(f"sqlite:///{tmp_path / 'teams.db'}")
    people = [Person(ANA, timezone="Europe/Lisbon"), Person(BEA, timezone="America/New_York")]
    for person in people:
        known.update_person("TENANT1", person.id, "teams", timezone=person.timezone)
    plan = RoundPlan((Nudge((ANA, BEA), 1.0, (), tuple(find_slots(people, NOW, 5, 30, 3))),), ())
    known.save_round("TENANT1", Program(name="coffee"), NOW, plan, NOW)
    [nudge] = known.nudges("TENANT1")
    known.move_nudge(nudge.id, "planned", "sent", delivery_ref=f"teams:{nudge.id}")
    statuses = []

    async def scenario(client, _url):
        for who, token in (("29:zed", keys.token()), (ANA, keys.token(aud="someone-else")),
                           (ANA, keys.token())):
            body = activity(SERVICE_URL, "", "personal", aid=f"click-{len(statuses)}")
            body["from"]["id"], body["conversation"]["id"] = who, f"a:{who}"
            body["value"] = {"weaktie": "answer", "value": str(nudge.id), "answer": "another_time"}
            response = await client.post("/api/messages", json=body,
                                         headers={"Authorization": f"Bearer {token}"})
            statuses.append(response.status)
            if who == "29:zed" or response.status == 401:  # refused: nothing of it written
                assert offers(known, "TENANT1") == []

    store, _ = serve(tmp_path, scenario, registered(keys))
    assert statuses[1] == 401 and statuses[0] < 300 and statuses[2] < 300
    assert sorted(row.to for row in offers(store, "TENANT1")) == [ANA, BEA]
    assert len(store.nudge("TENANT1", nudge.id).slots) == 6
