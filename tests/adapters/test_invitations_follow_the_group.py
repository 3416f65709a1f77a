"""An invitation stays true to the meetup (docs/calendars.md, "When the meetup changes"): a
group of three whose members all connected Google, over HTTP to the Google stand-in. A member
who declines leaves the event with one attendee fewer; an organiser who declines or disconnects
hands it to the next member; agreeing on another time moves it. Never two live events."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from aiohttp.test_utils import TestServer

from bot.core.model import Nudge, Person, RoundPlan
from bot.core.plan import find_slots
from bot.core.programs import Program
from bot.service.calendar_connect import sealed_json
from bot.service.calendar_port import Tokens
from bot.service.handler import Deployment, Service
from bot.service.inbound import Asker, Click, Request
from entrypoints.calendars import calendar_setup
from scheduler.jobs import tick
from tests.helpers.calendar_round import NOW
from tests.helpers.calendars import PUBLIC, settings_for
from tests.standins.google_calendar import GoogleCalendarStandIn

FAR = datetime(2030, 1, 1, tzinfo=UTC)
TRIO = {"UANA": "ana@acme.example", "UBEA": "bea@acme.example", "UCAI": "cai@acme.example"}


def _trio(store, google, setup) -> int:
    """A group of three in Lisbon, everyone's Google calendar connected; the nudge's id."""
    for who, account in TRIO.items():
        store.update_person("T1", who, "slack", timezone="Europe/Lisbon")
        access, refresh = google.grant_for(account)
        store.save_calendar("T1", who, "google", account,
                            setup.box.seal(sealed_json(Tokens(access, refresh, FAR, account))), NOW)
    people = [Person(who, timezone="Europe/Lisbon") for who in TRIO]
    plan = RoundPlan((Nudge(tuple(TRIO), 1.0, ("You all post in #coffee",),
                            tuple(find_slots(people, NOW, 5, 30, 3))),), ())
    store.save_round("T1", Program(name="coffee"), NOW, plan, NOW)
    return store.nudges("T1")[0].id


def _run(store, google, story) -> None:
    """`story(service, nudge, ticks)` against the stand-in; `ticks()` runs the clock a while."""
    async def main():
        async with TestServer(google.app) as server:
            base = str(server.make_url("")).rstrip("/")
            setup = calendar_setup(settings_for("http://127.0.0.1:9/api/", base, base))
            nudge = _trio(store, google, setup)
            service = Service(store, Deployment(public_url=PUBLIC, secret_key="k" * 32,
                                                calendars=setup), now=lambda: NOW)
            minute = iter(range(1, 100))

            async def ticks():
                for _ in range(2):
                    await tick(store, {}, NOW + timedelta(minutes=next(minute)), calendars=setup)
            await story(service, nudge, ticks)
    asyncio.run(main())


def _click(service, who: str, value: str, kind: str):
    return service.handle(Click(Asker("T1", "slack", who), value, kind))


async def _all_accept(service, nudge: int, slot: int = 0) -> None:
    for who in TRIO:
        await _click(service, who, f"{nudge}:{slot}", "accepted")


def _guests(event: dict) -> list[str]:
    return sorted(a["email"] for a in event["attendees"])


def test_a_member_who_declines_leaves_the_event_with_one_attendee_fewer(store):
    google = GoogleCalendarStandIn()

    async def story(service, nudge, ticks):
        await _all_accept(service, nudge)
        await ticks()
        [event] = google.live_events()
        assert event["organizer"] == TRIO["UANA"]
        assert _guests(event) == [TRIO["UBEA"], TRIO["UCAI"]]
        await _click(service, "UBEA", f"{nudge}", "declined")
        await ticks()

    _run(store, google, story)
    [event] = google.live_events()  # the same event, patched: Ana and Cai still meet
    assert _guests(event) == [TRIO["UCAI"]]
    assert len(google.events) == 1 and google.seen("events.patch")


def test_an_organiser_who_declines_hands_the_event_to_the_next_member(store):
    google = GoogleCalendarStandIn()
    made: list[str] = []

    async def story(service, nudge, ticks):
        await _all_accept(service, nudge)
        await ticks()
        made.extend(google.events)
        await _click(service, "UANA", f"{nudge}", "declined")
        await ticks()

    _run(store, google, story)
    [event] = google.live_events()
    assert event["organizer"] == TRIO["UBEA"] and _guests(event) == [TRIO["UCAI"]]
    assert google.events[made[0]]["cancelled"], "Ana's event stayed live after she declined"
    assert event["id"] != made[0]  # a new key: the provider would else answer "already exists"


def test_an_organiser_who_disconnects_before_the_event_is_made_leaves_it_to_the_next(store):
    google = GoogleCalendarStandIn()

    async def story(service, nudge, ticks):
        await _all_accept(service, nudge)
        said = await service.handle(Request(Asker("T1", "slack", "UANA"), "calendar disconnect"))
        assert "disconnect" in str(said).lower()
        await ticks()

    _run(store, google, story)
    [event] = google.live_events()  # Ana still comes; weaktie no longer knows her address
    assert event["organizer"] == TRIO["UBEA"] and _guests(event) == [TRIO["UCAI"]]
    assert len(google.events) == 1


def test_agreeing_again_on_another_time_moves_the_event(store):
    google = GoogleCalendarStandIn()
    slots: list = []

    async def story(service, nudge, ticks):
        await _all_accept(service, nudge, 0)
        await ticks()
        await _all_accept(service, nudge, 1)
        await ticks()
        slots.extend(store.nudge("T1", nudge).slots)

    _run(store, google, story)
    [event] = google.live_events()
    assert len(google.events) == 1, "a second event instead of the first one moved"
    moved = datetime.fromisoformat(event["start"]["dateTime"].replace("Z", "+00:00"))
    assert moved == slots[1].start != slots[0].start


def test_asking_for_another_time_after_everyone_agreed_cancels_the_invitation(store):
    google = GoogleCalendarStandIn()
    first: list[str] = []

    async def story(service, nudge, ticks):
        await _all_accept(service, nudge)
        await ticks()
        first.extend(google.events)
        await _click(service, "UCAI", f"{nudge}", "another_time")
        await ticks()
        assert google.live_events() == [], "the event stayed at a time no longer agreed"
        await _all_accept(service, nudge, 1)
        await ticks()

    _run(store, google, story)
    [event] = google.live_events()  # agreed again: a new event, with a key of its own
    assert event["id"] != first[0] and google.events[first[0]]["cancelled"]
