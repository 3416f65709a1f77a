"""Attack: a provider's free/busy answer that is well-formed JSON but not what the API
promises (wrong types, missing fields, garbage times) must never crash the clock's tick; the
member's calendar counts as unknown for that run (hours only)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.service.calendar_connect import sealed_json
from bot.service.calendar_port import Tokens
from entrypoints.calendars import calendar_setup
from scheduler.jobs import tick
from tests.helpers.calendar_round import NOW, a_round
from tests.helpers.calendars import settings_for
from tests.standins.google_calendar import GoogleCalendarStandIn
from tests.standins.microsoft_graph import GraphStandIn

FAR = datetime(2030, 1, 1, tzinfo=UTC)
ANA, BEA = "ana@acme.example", "bea@contoso.example"


class HostileGoogle(GoogleCalendarStandIn):
    def __init__(self, answer: dict) -> None:
        super().__init__(next_account=ANA)
        self.answer = answer

    async def free_busy(self, request: web.Request) -> web.StreamResponse:
        await self._record("freeBusy", request)
        return web.json_response(self.answer)


class HostileGraph(GraphStandIn):
    def __init__(self, answer: dict) -> None:
        super().__init__(next_account=BEA)
        self.answer = answer

    async def get_schedule(self, request: web.Request) -> web.StreamResponse:
        await self._record("getSchedule", request)
        return web.json_response(self.answer)


def google_busy(busy) -> dict:
    return {"kind": "calendar#freeBusy", "calendars": {ANA: {"busy": busy}}}


def graph_items(items) -> dict:
    return {"value": [{"scheduleId": BEA, "scheduleItems": items}]}


GOOGLE_ANSWERS = {
    "start-is-a-number": google_busy([{"start": 5, "end": 6}]),
    "end-missing": google_busy([{"start": "2026-10-23T10:00:00Z"}]),
    "block-is-a-string": google_busy(["busy"]),
    "time-is-garbage": google_busy([{"start": "tomorrow", "end": "later"}]),
    "calendars-is-a-list": {"calendars": [ANA]},
    "busy-is-a-number": google_busy(7),
}
GRAPH_ANSWERS = {
    "start-without-dateTime": graph_items([{"status": "busy", "start": {}, "end": {}}]),
    "start-is-a-string": graph_items([{"status": "busy", "start": "2026-10-23T10:00:00",
                                       "end": "2026-10-23T11:00:00"}]),
    "dateTime-is-a-number": graph_items([{"status": "busy",
                                          "start": {"dateTime": 1, "timeZone": "UTC"},
                                          "end": {"dateTime": 2, "timeZone": "UTC"}}]),
    "value-is-a-dict": {"value": {"scheduleId": BEA}},
}


def _tick_against(store, standin, provider: str, account: str, person: str):
    async def main():
        async with TestServer(standin.app) as server:
            base = str(server.make_url("")).rstrip("/")
            settings = settings_for("http://127.0.0.1:9/api/", base, base)
            setup = calendar_setup(settings)
            ids = a_round(store, None)
            hours_only = {n.id: n.slots for n in store.nudges("T1")}
            access, refresh = standin.grant_for(account)
            store.save_calendar("T1", person, provider, account,
                                setup.box.seal(sealed_json(Tokens(access, refresh, FAR, account))),
                                NOW)
            report = await tick(store, {}, NOW, calendars=setup)  # must not raise
            return ids, hours_only, report
    return asyncio.run(main())


@pytest.mark.parametrize("answer", list(GOOGLE_ANSWERS))
def test_attack_a_malformed_google_freebusy_answer_never_crashes_the_tick(store, answer):
    ids, hours_only, _ = _tick_against(store, HostileGoogle(GOOGLE_ANSWERS[answer]), "google",
                                       ANA, "UANA")
    assert store.checked_calendars(ids[0]) == []  # unknown: hours only
    assert {n.id: n.slots for n in store.nudges("T1")}[ids[0]] == hours_only[ids[0]]


@pytest.mark.parametrize("answer", list(GRAPH_ANSWERS))
def test_attack_a_malformed_graph_schedule_answer_never_crashes_the_tick(store, answer):
    ids, hours_only, _ = _tick_against(store, HostileGraph(GRAPH_ANSWERS[answer]), "microsoft",
                                       BEA, "UBEA")
    assert store.checked_calendars(ids[1]) == []
    assert {n.id: n.slots for n in store.nudges("T1")}[ids[1]] == hours_only[ids[1]]


def test_attack_a_calendar_google_could_not_read_is_not_taken_as_all_free(store):
    """Google answers a calendar it cannot read with `errors` (here: notFound), and the
    adapter leaves it out as unknown; the slot step must then use hours, not say 'free in the
    calendar of Ana' with no busy block at all."""
    standin = GoogleCalendarStandIn(next_account=ANA)  # busy={} : notFound for every calendar
    ids, hours_only, _ = _tick_against(store, standin, "google", ANA, "UANA")
    assert store.checked_calendars(ids[0]) == []
    assert {n.id: n.slots for n in store.nudges("T1")}[ids[0]] == hours_only[ids[0]]


def test_attack_a_huge_freebusy_answer_is_read_in_bounded_time(store):
    """100,000 one-minute busy blocks (a hostile or broken provider): the tick still ends
    promptly (about 1 s measured)."""
    import time
    from datetime import timedelta

    blocks = [{"start": (NOW + timedelta(minutes=2 * i)).isoformat(),
               "end": (NOW + timedelta(minutes=2 * i + 1)).isoformat()} for i in range(100_000)]
    began = time.monotonic()
    ids, _, report = _tick_against(store, HostileGoogle(google_busy(blocks)), "google", ANA,
                                   "UANA")
    assert time.monotonic() - began < 20
    assert report.checked == 1  # the one nudge with a calendar among its members
