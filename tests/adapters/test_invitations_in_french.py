"""The event weaktie makes once everyone accepts, and the `.ics` behind the confirmation's link,
are in the language most of the group reads (docs/languages.md, "Messages to a group"): a French
pair's event is titled in French at Google and at Microsoft (their stand-ins, over HTTP), and an
English pair's stays English."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp.test_utils import TestServer

from bot.core.model import Nudge, Person, RoundPlan
from bot.core.plan import find_slots
from bot.core.programs import Program
from bot.core.reasons import Reason
from bot.service.calendar_connect import sealed_json
from bot.service.calendar_port import Tokens
from bot.service.handler import Deployment, Service
from bot.service.inbound import Asker, Click
from bot.service.meetups import link_token
from entrypoints.calendars import calendar_setup
from scheduler.jobs import tick
from tests.helpers.calendar_round import NOW
from tests.helpers.calendars import PUBLIC, settings_for
from tests.standins.google_calendar import GoogleCalendarStandIn
from tests.standins.microsoft_graph import GraphStandIn

FAR = datetime(2030, 1, 1, tzinfo=UTC)
PAIR = {"UANA": "ana@acme.example", "UBEA": "bea@acme.example"}


def _pair(store, standin, setup, languages: tuple[str, str]) -> int:
    """Ana and Bea, each reading `languages`, both calendars at `standin`; the nudge's id."""
    for (who, account), language in zip(PAIR.items(), languages, strict=True):
        store.update_person("T1", who, "slack", timezone="Europe/Paris", language=language)
        access, refresh = standin.grant_for(account)
        store.save_calendar("T1", who, standin.provider, account,
                            setup.box.seal(sealed_json(Tokens(access, refresh, FAR, account))), NOW)
    people = [Person(who, timezone="Europe/Paris") for who in PAIR]
    reasons = (Reason.of("teams_channel", team_a="Design", team_b="Data", channel="#coffee"),)
    plan = RoundPlan((Nudge(tuple(PAIR), 1.0, reasons, tuple(find_slots(people, NOW, 5, 30, 3))),),
                     ())
    store.save_round("T1", Program(name="coffee"), NOW, plan, NOW)
    return store.nudges("T1")[0].id


def _agree(store, standin, languages) -> tuple[dict, str]:
    """Both accept the first time and the clock runs: the one live event, and the `.ics`."""
    async def main():
        async with TestServer(standin.app) as server:
            base = str(server.make_url("")).rstrip("/")
            setup = calendar_setup(settings_for("http://127.0.0.1:9/api/", base, base))
            nudge = _pair(store, standin, setup, languages)
            service = Service(store, Deployment(public_url=PUBLIC, secret_key="k" * 32,
                                                calendars=setup), now=lambda: NOW)
            for who in PAIR:
                await service.handle(Click(Asker("T1", "slack", who), f"{nudge}:0", "accepted"))
            await tick(store, {}, NOW + timedelta(minutes=1), calendars=setup)
            return await service.invitation(nudge, link_token("k" * 32, nudge))
    ics = asyncio.run(main())
    [event] = standin.live_events()
    return event, ics


def _title(event: dict) -> str:
    return event.get("summary") or event.get("subject")


@pytest.mark.parametrize("standin", [GoogleCalendarStandIn, GraphStandIn])
def test_a_french_groups_event_and_ics_are_in_french(store, standin):
    event, ics = _agree(store, standin(), ("fr", "fr"))
    assert _title(event) == "Café (proposé par weaktie)"
    assert "SUMMARY:Café\u00a0: " in ics and "SUMMARY:Coffee" not in ics
    assert "DESCRIPTION:" in ics and "#coffee" in ics and "both post" not in ics


@pytest.mark.parametrize("standin", [GoogleCalendarStandIn, GraphStandIn])
def test_an_english_groups_event_stays_english_and_a_tie_goes_to_english(store, standin):
    event, ics = _agree(store, standin(), ("fr", "en"))
    assert _title(event) == "Coffee (suggested by weaktie)"
    assert "SUMMARY:Coffee: " in ics
