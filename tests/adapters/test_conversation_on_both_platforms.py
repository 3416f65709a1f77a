"""One table of conversations, run on Slack and on Teams, so the two never drift apart."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlencode

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.store import Store
from entrypoints.app import build
from entrypoints.config import Settings
from tests.helpers.slack import SECRET, post, signed
from tests.helpers.teams import activity
from tests.standins.microsoft import MicrosoftStandIn
from tests.standins.slack import SlackWebApi

# (what the person says in turn, what the last answer must contain, their state afterwards)
SCENARIOS = [
    (["join"], "You're in!", {"enrolled": True}),
    (["join", "leave"], "You're out", {"enrolled": False}),
    (["join", "pause 2w"], "Paused for 14 days", {"paused": True}),
    (["pause 2w", "resume"], "Welcome back", {"enrolled": True, "paused": False}),
    (["where Lisbon", "status"], "Office: Lisbon", {"office": "Lisbon"}),
    (["tz America/New_York"], "your time zone is America/New_York",
     {"timezone": "America/New_York"}),
    (["hours 8-16", "status"], "Hours: 08:00–16:00", {"work_start": 480}),
    (["tz Mars/Olympus"], "don't know the time zone", {}),
    (["dance"], "don't know `dance`", {}),
    (["join", "forget me"], "send `forget me now`", {"enrolled": True}),
    (["outcomes"], "haven't confirmed meeting anyone", {}),
    (["join", "my outcomes"], "haven't confirmed meeting anyone", {"enrolled": True}),
    (["join", "forget me now"], "erased everything", {"gone": True}),
    # An install without calendar providers says so, on both platforms, and stores nothing.
    (["calendar connect"], "Calendars are not set up on this install", {}),
    (["calendar"], "No calendar is connected", {}),
    (["calendar disconnect"], "No calendar was connected", {}),
    (["calendar sync"], "`calendar connect`", {}),
    # Manager words from an employee (Slack's users.info says not an admin; Teams has no such
    # signal): the same refusal, and their own state untouched.
    (["admin programs"], "only community managers can change", {}),
    (["join", "admin create tea size=3"], "only community managers can change", {"enrolled": True}),
    (["admin form tea"], "only community managers can change", {}),
]


# The same table's rows in French, from a person whose platform is in French (Slack's
# users.info locale, Teams' activity locale): French words, French answers, the same state.
FRENCH = [
    (["rejoindre"], "C'est parti", {"enrolled": True}),
    (["rejoindre", "quitter"], "Vous ne participez plus", {"enrolled": False}),
    (["rejoindre", "pause 2 semaines"], "En pause pour 14 jours", {"paused": True}),
    (["pause 3 jours", "reprendre"], "Bon retour", {"enrolled": True, "paused": False}),
    (["où Lisbon", "statut"], "Bureau\u00a0: Lisbon", {"office": "Lisbon"}),
    (["fuseau America/New_York"], "votre fuseau horaire est America/New_York",
     {"timezone": "America/New_York"}),
    (["heures 8-16", "statut"], "Heures\u00a0: 08:00–16:00", {"work_start": 480}),
    (["fuseau Mars/Olympus"], "ne connais pas le fuseau horaire", {}),
    (["danser"], "je ne connais pas `danser`", {}),
    (["join", "oublie-moi"], "envoyez `oublie-moi maintenant`", {"enrolled": True}),
    (["rejoindre", "oublie-moi maintenant"], "j'ai effacé tout", {"gone": True}),
    # French words reach the calendar's answers, in French too
    (["calendrier connecter"], "Les calendriers ne sont pas encore configurés ici", {}),
    (["aide"], "`rejoindre` / `quitter`", {}),
]


def slack_says(tmp_path, words: list[str], locale: str = "en-US") -> tuple[str, Store]:
    store, answers = Store.open(f"sqlite:///{tmp_path / 's.db'}"), []
    fake = SlackWebApi(locales={"UANA": locale})

    async def main():
        async with TestServer(fake.app) as api:
            settings = Settings(database_url="unused", slack_signing_secret=SECRET,
                                slack_bot_token="xoxb-test", slack_api_url=str(api.make_url("/api/")))
            async with TestClient(TestServer(build(settings, store))) as client:
                for text in words:
                    body = urlencode({"team_id": "T1", "user_id": "UANA", "command": "/coffee",
                                      "text": text, "channel_id": "D1", "token": "x",
                                      "response_url": "http://127.0.0.1:9/x",
                                      "trigger_id": "1"}).encode()
                    headers = {**signed(body), "Content-Type": "application/x-www-form-urlencoded"}
                    answers.append((await post(client, body, headers))[1])

    asyncio.run(main())
    last = answers[-1]
    return (json.loads(last).get("text", last) if last.startswith("{") else last), store


def teams_says(tmp_path, words: list[str], locale: str = "en-US") -> tuple[str, Store]:
    store, fake = Store.open(f"sqlite:///{tmp_path / 't.db'}"), MicrosoftStandIn()

    async def main():
        async with TestServer(fake.app) as connector:
            url = str(connector.make_url("")).rstrip("/")
            async with TestClient(TestServer(build(Settings("unused", dev=True), store))) as client:
                for i, text in enumerate(words):
                    body = activity(url, text, "personal", aid=f"a{i}")
                    body["conversation"]["tenantId"] = "T1"
                    body["from"]["id"] = "UANA"
                    body["locale"] = locale
                    await client.post("/api/messages", json=body)

    asyncio.run(main())
    return fake.replies[-1]["text"], store


def state(store: Store) -> dict:
    person = store.person("T1", "UANA")
    if person is None:
        return {"gone": True}
    return {"enrolled": person.enrolled, "paused": person.paused_until is not None,
            "office": person.office, "timezone": person.timezone, "work_start": person.work_start}


@pytest.mark.parametrize("platform", [slack_says, teams_says], ids=["slack", "teams"])
@pytest.mark.parametrize("words, answer, after", SCENARIOS, ids=[" / ".join(w) for w, _, _ in
                                                                  SCENARIOS])
def test_the_same_words_get_the_same_answer_and_change_the_same_state(tmp_path, platform, words,
                                                                      answer, after):
    said, store = platform(tmp_path, words)
    assert answer in said
    now = state(store)
    assert {key: now.get(key) for key in after} == after


@pytest.mark.parametrize("platform", [slack_says, teams_says], ids=["slack", "teams"])
@pytest.mark.parametrize("words, answer, after", FRENCH, ids=[" / ".join(w) for w, _, _ in FRENCH])
def test_the_same_words_in_french_get_the_same_answer_in_french(tmp_path, platform, words,
                                                                answer, after):
    said, store = platform(tmp_path, words, "fr-FR")
    assert answer in said
    now = state(store)
    assert {key: now.get(key) for key in after} == after
