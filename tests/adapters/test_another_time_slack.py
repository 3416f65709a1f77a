"""Another time on Slack, through the real app over HTTP: signed button clicks into slack-bolt,
the Slack Web API and Google Calendar stand-ins on loopback, the clock's real tick. A pair
across Lisbon and New York asks for another time; the next times that suit both (after the
nudge's own, clear of Ana's meetings, inside Dan's short New York mornings) go once into
their group DM as new buttons, whatever the double clicks and dropped connections; both
accept one and it is an agreement with a real invitation. A third ask and a stranger's click
are refused and write nothing.

Click payloads: https://api.slack.com/reference/interaction-payloads/block-actions"""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from aiohttp.test_utils import TestClient, TestServer

from entrypoints.app import build, senders
from entrypoints.calendars import calendar_setup
from scheduler.jobs import tick
from tests.helpers.another_time import Clock, busy_daily, clear_of, offers, within, written
from tests.helpers.calendar_round import NOW, a_round, connect
from tests.helpers.calendars import settings_for
from tests.helpers.slack import click
from tests.standins.google_calendar import GoogleCalendarStandIn
from tests.standins.microsoft_graph import GraphStandIn
from tests.standins.slack import SlackWebApi, group_dm

DAN_HOURS = (8 * 60, 12 * 60)  # New York mornings only: 12:00-16:00 UTC until 1 Nov
ANA_BUSY = busy_daily(NOW, 40, (12, 15))  # Ana's meetings, 12:00-15:00 UTC every day


def blocks_of(post: dict) -> list[dict]:
    return json.loads(post["blocks"]) if isinstance(post["blocks"], str) else post["blocks"]


def buttons_of(post: dict) -> list[tuple[str, str, str]]:
    [actions] = [b for b in blocks_of(post) if b["type"] == "actions"]
    return [(b["text"]["text"], b["action_id"], b["value"]) for b in actions["elements"]]


def answers_of(fake) -> list[str]:
    """What clickers were told, oldest first: the ephemeral answers (not the message updates)."""
    return [r["text"] for r in fake.responses if r.get("response_type") == "ephemeral"]


async def served(store, fake, google, scenario, clock):
    async with TestServer(fake.app) as api, TestServer(google.app) as g, \
            TestServer(GraphStandIn().app) as m:
        settings = settings_for(str(api.make_url("/api/")), str(g.make_url("")).rstrip("/"),
                                str(m.make_url("")).rstrip("/"))
        async with TestClient(TestServer(build(settings, store, now=clock))) as client:
            def answers() -> list[str]:
                return answers_of(fake)

            async def press(action: str, value: str, user: str) -> str:
                body, headers = click(action, value, user, str(api.make_url("/respond")))
                response = await client.post("/slack/events", data=body, headers=headers)
                assert response.status == 200
                return answers()[-1]  # the clicker's own answer (sequential clicks)

            async def clock_tick(at):
                clock.now = at
                return await tick(store, senders(store, settings), at,
                                  calendars=calendar_setup(settings))

            await scenario(client, press, clock_tick)


def test_a_pair_asks_for_another_time_and_agrees_on_one_of_the_new_buttons(store):
    fake, google = SlackWebApi(), GoogleCalendarStandIn(next_account="ana@acme.example")
    clock = Clock(NOW)

    async def scenario(client, press, clock_tick):
        assert (await connect(client, "UANA", "google"))[0] == 200
        nudge_id = a_round(store, None)[0]  # Ana (Lisbon) and Dan (New York)
        store.update_person("T1", "UDAN", "slack", work_start=DAN_HOURS[0], work_end=DAN_HOURS[1])
        google.busy = {"ana@acme.example": ANA_BUSY}
        await clock_tick(NOW)  # the nudge fitted to Ana's calendar, then posted
        dm = group_dm("UANA,UDAN")
        [nudge_post] = [p for p in fake.posts if p["channel"] == dm]
        own = store.nudge("T1", nudge_id).slots
        # -- Ana double-clicks Another time while Dan clicks his, all at the same moment
        later = NOW + timedelta(hours=1)
        clock.now = later
        await asyncio.gather(*(press("nudge_another_time_0", str(nudge_id), who)
                               for who in ("UANA", "UANA", "UDAN")))
        assert answers_of(fake)[-3:] == ["New times are on their way to everyone."] * 3
        assert len(offers(store, "T1")) == 1
        slots = store.nudge("T1", nudge_id).slots
        assert slots[:len(own)] == own and len(slots) == len(own) + 3
        for slot in slots[len(own):]:
            assert slot.start >= own[-1].end and clear_of(slot, ANA_BUSY)
            assert within(slot, "America/New_York", *DAN_HOURS)  # Dan's hours, his time zone
            assert within(slot, "Europe/Lisbon", 9 * 60, 17 * 60)
        # -- the offer goes once, though the first post's answer is lost on the way
        fake.drop_posts = 1
        first = await clock_tick(later + timedelta(minutes=1))
        second = await clock_tick(later + timedelta(minutes=2))
        await clock_tick(later + timedelta(minutes=3))
        assert first.outbox == 0 and second.outbox == 1  # uncertain, then found and marked
        [offer] = [p for p in fake.posts if p["channel"] == dm and p is not nudge_post]
        assert offer["metadata"]["event_type"] == "weaktie_outbox"
        assert "New times for your coffee" in offer["text"] and "<@UDAN>" in offer["text"]
        assert buttons_of(offer) == [
            ("Accept 4", "nudge_accepted_3", f"{nudge_id}:3"),
            ("Accept 5", "nudge_accepted_4", f"{nudge_id}:4"),
            ("Accept 6", "nudge_accepted_5", f"{nudge_id}:5"),
            ("Another time", "nudge_another_time_1", f"{nudge_id}:1"),
            ("Can't make it", "nudge_declined_0", f"{nudge_id}")]
        shown = json.dumps(blocks_of(offer))
        assert "4. <!date^" in shown and "free in the calendar of <@UANA>" in shown
        # -- Dan asks again from the offer: a second offer, the last one (no Another time)
        assert await press("nudge_another_time_1", f"{nudge_id}:1", "UDAN") == \
            "New times are on their way to everyone."
        await clock_tick(later + timedelta(minutes=4))
        last = [p for p in fake.posts if p["channel"] == dm][-1]
        assert [label for label, _, _ in buttons_of(last)] == [
            "Accept 7", "Accept 8", "Accept 9", "Can't make it"]
        # -- a third ask, from any button, is refused politely and writes nothing
        before = written(store)
        for value in (str(nudge_id), f"{nudge_id}:1"):
            said = await press("nudge_another_time_0", value, "UANA")
            assert "no more from me" in said and "chat" in said
        # -- so is a click by someone not in the pair
        said = await press("nudge_another_time_0", str(nudge_id), "UZED")
        assert "not a member" in said
        assert written(store) == before and store.person("T1", "UZED") is None
        # -- both accept the first new time: agreed, confirmed, and Ana's invitation made there
        await press("nudge_accepted_3", f"{nudge_id}:3", "UANA")
        assert await press("nudge_accepted_3", f"{nudge_id}:3", "UDAN") == \
            "Great, you accepted. I'll confirm once everyone has."
        [confirmed] = [p for p in fake.posts if "Confirmed for everyone" in p.get("text", "")]
        assert "option 4" in confirmed["text"]
        assert store.invitation_of(nudge_id)[0] == "planned"
        await clock_tick(later + timedelta(minutes=5))
        [event] = google.live_events()
        agreed = store.nudge("T1", nudge_id).slots[3]
        assert store.invitation_of(nudge_id)[0] == "created"
        assert agreed.start.isoformat().replace("+00:00", "") in json.dumps(event)

    asyncio.run(served(store, fake, google, scenario, clock))
    assert len([p for p in fake.posts if p["metadata"].get("event_type") == "weaktie_outbox"]) == 2


def test_when_no_time_suits_everyone_the_clicker_is_told_and_nothing_goes_out(store):
    fake, google = SlackWebApi(), GoogleCalendarStandIn(next_account="ana@acme.example")

    async def scenario(client, press, clock_tick):
        assert (await connect(client, "UANA", "google"))[0] == 200
        nudge_id = a_round(store, None)[0]
        await clock_tick(NOW)
        google.busy = {"ana@acme.example": busy_daily(NOW, 60, (0, 24))}  # booked solid
        said = await press("nudge_another_time_0", str(nudge_id), "UDAN")
        assert said.startswith("I found no time that suits everyone in the next 17 days")
        assert offers(store, "T1") == [] and len(store.nudge("T1", nudge_id).slots) == 3
        assert store.answers("T1", nudge_id)["UDAN"][0] == "another_time"  # still an answer

    asyncio.run(served(store, fake, google, scenario, Clock(NOW)))


def test_a_calendar_too_slow_for_the_click_counts_as_unknown_and_hours_decide(store):
    import time

    fake, google = SlackWebApi(), GoogleCalendarStandIn(next_account="ana@acme.example")

    async def scenario(client, press, clock_tick):
        assert (await connect(client, "UANA", "google"))[0] == 200
        nudge_id = a_round(store, None)[0]
        await clock_tick(NOW)
        google.busy = {"ana@acme.example": busy_daily(NOW, 60, (0, 24))}  # never read in time
        google.refuse("freeBusy", times=100, status=429, retry_after="1")
        started = time.monotonic()
        said = await press("nudge_another_time_0", str(nudge_id), "UDAN")
        # bounded by READ_WITHIN (2.5 s, for Slack's 3), not the provider's 20 s of retries;
        # the margin is for a loaded test machine
        assert time.monotonic() - started < 8.0
        assert said == "New times are on their way to everyone."
        [offer] = offers(store, "T1")
        assert offer.payload["calendars"] == []  # heeds nobody's calendar: hours only
        await clock_tick(NOW + timedelta(minutes=1))
        [post] = [p for p in fake.posts if p["metadata"].get("event_type") == "weaktie_outbox"]
        assert "free in the calendar" not in json.dumps(blocks_of(post))

    asyncio.run(served(store, fake, google, scenario, Clock(NOW)))
