"""Attack: the `calendar` words from a workspace never seen, a person never seen, and odd
arguments, as signed Slack slash commands: each answers in words (HTTP 200), none crashes,
and nothing gets connected."""

from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient, TestServer

from entrypoints.app import build
from tests.helpers.calendars import settings_for
from tests.helpers.dashboard import say
from tests.standins.google_calendar import GoogleCalendarStandIn
from tests.standins.microsoft_graph import GraphStandIn
from tests.standins.slack import SlackWebApi

WORDS = ("calendar", "calendar disconnect", "calendar connect yahoo", "calendar connect GOOGLE",
         "calendar connect google microsoft", "calendar    connect", "CALENDAR DISCONNECT",
         "calendar connect " + "é" * 500, "calendar status")


def test_attack_calendar_words_from_strangers_answer_and_connect_nothing(store):
    answers = []

    async def main():
        async with TestServer(SlackWebApi().app) as api, \
                TestServer(GoogleCalendarStandIn(next_account="a@b.c").app) as g, \
                TestServer(GraphStandIn(next_account="a@b.c").app) as m:
            settings = settings_for(str(api.make_url("/api/")), str(g.make_url("")).rstrip("/"),
                                    str(m.make_url("")).rstrip("/"))
            async with TestClient(TestServer(build(settings, store))) as client:
                for team, user in (("T9NEVER", "UNEW"), ("T1", "UNOBODY")):
                    for words in WORDS:
                        answers.append(await say(client, user, words, team=team))

    asyncio.run(main())
    assert all(a.strip() for a in answers)
    assert store.calendars("T9NEVER", ["UNEW"]) == {} and store.calendars("T1", ["UNOBODY"]) == {}
