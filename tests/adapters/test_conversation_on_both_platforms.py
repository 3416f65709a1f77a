"""One table of conversations, run on Slack and on Teams, so the two never drift apart.

Besides what the person says, a turn may be a meetup's: NUDGE (a suggestion for them and Bea
is delivered by the platform's real sender: Slack's group DM through chat.postMessage, Teams'
card through botbuilder's CloudAdapter; the answer read is the message's plain text) or ACCEPT
(they click the nudge's first Accept: a signed block_actions into bolt, a card's Action.Submit
activity into botbuilder; the answer read is the reply to the click)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from aiohttp.test_utils import TestClient, TestServer

from adapters.slack.send import SlackNudges, nudge_client
from adapters.teams.endpoint import cloud_adapter, dev_settings
from adapters.teams.send import TeamsNudges
from bot.core.model import Nudge, RoundPlan, Slot
from bot.core.programs import Program
from bot.core.reasons import Reason
from bot.service.delivery import deliver_due
from bot.store import Store
from entrypoints.app import build
from entrypoints.config import Settings
from tests.helpers.slack import SECRET, click, post, signed
from tests.helpers.teams import activity
from tests.standins.microsoft import MicrosoftStandIn
from tests.standins.slack import SlackWebApi

NUDGE, ACCEPT = "(a nudge arrives)", "(clicks Accept)"

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
    # Meetups: the nudge, `why` after it, the reply to a click, each in the reader's language.
    (["join", NUDGE], "Time for a coffee", {"enrolled": True}),
    (["join", NUDGE, "why"], "You both work at Lyon", {"enrolled": True}),
    (["join", NUDGE, ACCEPT], "Great, you accepted", {"enrolled": True}),
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
    (["rejoindre", NUDGE], "C'est l'heure d'un café", {"enrolled": True}),
    (["rejoindre", NUDGE, "pourquoi"], "Vous travaillez au même endroit : Lyon",
     {"enrolled": True}),
    (["rejoindre", NUDGE, ACCEPT], "Parfait, vous avez accepté", {"enrolled": True}),
]


async def nudge_ana_and_bea(store: Store, platform: str, locale: str) -> datetime:
    """A planned suggestion for Ana and Bea, who reads what Ana reads (so a Slack group DM is
    in their one language), with a reason the core gives as data."""
    now = datetime.now(UTC).replace(microsecond=0)
    slot = Slot(now + timedelta(days=1), now + timedelta(days=1, minutes=30))
    plan = RoundPlan((Nudge(("UANA", "UBEA"), 1.0, (Reason.of("same_office", office="Lyon"),),
                            (slot,), "Kitchen"),), ())

    def write():
        store.update_person("T1", "UBEA", platform, display_name="Bea Lind")
        store.note_locale("T1", "UBEA", locale)
        store.save_round("T1", Program(), now, plan, now)

    await asyncio.to_thread(write)
    return now


def slack_says(tmp_path, words: list[str], locale: str = "en-US") -> tuple[str, Store]:
    store, answers = Store.open(f"sqlite:///{tmp_path / 's.db'}"), []
    fake = SlackWebApi(locales={"UANA": locale})

    async def main():
        async with TestServer(fake.app) as api:
            settings = Settings(database_url="unused", slack_signing_secret=SECRET,
                                slack_bot_token="xoxb-test", slack_api_url=str(api.make_url("/api/")))
            async with TestClient(TestServer(build(settings, store))) as client:
                for text in words:
                    if text == NUDGE:
                        now = await nudge_ana_and_bea(store, "slack", locale)
                        sender = SlackNudges(nudge_client("xoxb-test", str(api.make_url("/api/"))))
                        assert (await deliver_due(store, "slack", sender, now)).sent
                        answers.append(fake.posts[-1]["text"])
                        continue
                    if text == ACCEPT:
                        [nudge] = store.nudges("T1")
                        body, headers = click("nudge_accepted_0", f"{nudge.id}:0", "UANA",
                                              str(api.make_url("/respond")))
                        assert (await client.post("/slack/events", data=body,
                                                  headers=headers)).status == 200
                        answers.append([r for r in fake.responses
                                        if r.get("response_type") == "ephemeral"][-1]["text"])
                        continue
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
                    if text == NUDGE:
                        now = await nudge_ana_and_bea(store, "teams", locale)
                        sender = TeamsNudges(cloud_adapter(dev_settings()), "")
                        await deliver_due(store, "teams", sender, now)
                        continue
                    body = activity(url, "" if text == ACCEPT else text, "personal", aid=f"a{i}")
                    body["conversation"]["tenantId"] = "T1"
                    body["from"]["id"] = "UANA"
                    body["locale"] = locale
                    if text == ACCEPT:
                        [nudge] = store.nudges("T1")
                        body["value"] = {"weaktie": "answer", "value": f"{nudge.id}:0",
                                         "answer": "accepted"}
                    await client.post("/api/messages", json=body)

    asyncio.run(main())
    last = [r for r in fake.replies if r["path"].split("/")[3] == "a:1"][-1]  # Ana's own
    # a card's plain words are its fallbackText
    return last.get("text") or last["attachments"][0]["content"]["fallbackText"], store


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


def teams_signed(tmp_path, words: list[str], locale: str, keys, token: str
                 ) -> tuple[list[int], Store]:
    """The words as activities of a registered bot in production mode, each with `token`: the
    locale arrives authenticated. The replies cannot reach Microsoft from here (Teams is
    answered 202, and what the message did is kept), so the state is what is compared."""
    from tests.helpers.teams import registered, serve
    from tests.standins.microsoft import SERVICE_URL
    statuses = []

    async def scenario(client, _url):
        for i, text in enumerate(words):
            body = activity(SERVICE_URL, text, "personal", aid=f"s{i}")
            body["conversation"]["tenantId"], body["from"]["id"] = "T1", "UANA"
            body["locale"] = locale
            statuses.append((await client.post("/api/messages", json=body, headers={
                "Authorization": f"Bearer {token}"})).status)

    store, _ = serve(tmp_path, scenario, registered(keys))
    return statuses, store


WORDS_ONLY = [row for row in FRENCH if NUDGE not in row[0]]


@pytest.mark.parametrize("words, answer, after", WORDS_ONLY,
                         ids=[" / ".join(w) for w, _, _ in WORDS_ONLY])
def test_the_french_rows_on_an_authenticated_teams_change_the_same_state(tmp_path, keys, words,
                                                                         answer, after):
    statuses, store = teams_signed(tmp_path, words, "fr-FR", keys, keys.token())
    assert all(status < 300 for status in statuses), statuses
    now = state(store)
    assert {key: now.get(key) for key in after} == after
    if not now.get("gone"):
        assert store.export_person("T1", "UANA")["person"]["locale"] == "fr-FR"


def test_a_forged_teams_token_is_refused_and_stores_no_person_nor_locale(tmp_path, keys):
    statuses, store = teams_signed(tmp_path, ["rejoindre", "langue fr"], "fr-FR", keys,
                                   keys.token(aud="someone-else"))
    assert statuses == [401, 401] and store.person("T1", "UANA") is None
