"""Teams, first slice: Bot Framework activities posted to /api/messages over HTTP, replies caught
by a loopback stand-in for the Bot Connector, metadata only in the store."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

from bot.store import Store
from entrypoints.config import Settings, SettingsError, check_serving
from tests.helpers.teams import CANARY, activity, install_in_team, serve
from tests.standins.microsoft import MicrosoftStandIn


def test_a_personal_message_is_answered_with_the_shared_grammar(tmp_path):
    statuses = []

    async def scenario(client, url):
        response = await client.post("/api/messages", json=activity(url, "join", "personal"))
        statuses.append(response.status)

    store, fake = serve(tmp_path, scenario)
    assert statuses == [201]
    [reply] = fake.replies
    assert reply["text"].startswith("You're in!") and reply["path"].endswith("/activities/a1")
    assert store.person("TENANT1", "29:ana").enrolled


def test_a_channel_message_stores_who_and_whom_never_the_text(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)

    async def scenario(client, url):
        await install_in_team(client, url)  # the roster makes Ana and Bea known as the tenant's
        body = activity(url, f"{CANARY} <at>Bea</at>", "channel", mentions=["29:bea"])
        assert (await client.post("/api/messages", json=body)).status == 201
        assert (await client.post("/api/messages", json=body)).status == 201  # resent: once

    store, fake = serve(tmp_path, scenario)
    got = [(i.actor, i.target, i.kind) for i in store.interactions("TENANT1")]
    assert got == [("29:ana", None, "message"), ("29:ana", "29:bea", "mention")]
    assert fake.replies == []
    assert CANARY.encode() not in (tmp_path / "teams.db").read_bytes()
    assert CANARY not in caplog.text


@pytest.mark.parametrize("body, content_type, status", [
    (b"hello", "text/plain", 415),
    (b"{not json", "application/json", 400),
    (b"[1, 2]", "application/json", 400),
    (json.dumps({"text": "no type"}).encode(), "application/json", 400),
])
def test_bad_requests_get_4xx_never_500(tmp_path, body, content_type, status):
    statuses = []

    async def scenario(client, _url):
        response = await client.post("/api/messages", data=body,
                                     headers={"Content-Type": content_type})
        statuses.append(response.status)

    serve(tmp_path, scenario)
    assert statuses == [status]


def test_with_a_registered_bot_a_request_without_a_token_is_refused_and_nothing_sent(tmp_path):
    statuses = []
    registered = Settings(database_url="unused", teams_app_id="00000000-app",
                          teams_app_password="pw", teams_tenant_id="TENANT1")

    async def scenario(client, url):
        response = await client.post("/api/messages", json=activity(url, "join", "personal"))
        statuses.append(response.status)

    store, fake = serve(tmp_path, scenario, registered)
    assert statuses == [401] and fake.replies == []
    assert store.tenant_names() == []


def test_without_teams_settings_the_endpoint_is_not_served(tmp_path):
    statuses = []
    slack_only = Settings(database_url="unused", slack_signing_secret="s", slack_bot_token="x")

    async def scenario(client, url):
        statuses.append((await client.post("/api/messages", json={"type": "message"})).status)

    serve(tmp_path, scenario, slack_only)
    assert statuses == [404]


def test_half_given_teams_settings_are_refused_by_name():
    with pytest.raises(SettingsError, match="MICROSOFT_APP_PASSWORD"):
        check_serving(Settings("sqlite://", teams_app_id="app"))
    with pytest.raises(SettingsError, match="MICROSOFT_APP_TENANT_ID"):
        check_serving(Settings("sqlite://", teams_app_id="app", teams_app_password="pw"))


@pytest.mark.parametrize("throttled", [False, True], ids=["plain", "after-a-429"])
def test_a_nudge_reaches_each_member_once_as_a_card_and_a_card_answer_is_feedback(tmp_path,
                                                                                  throttled):
    from datetime import UTC, datetime, timedelta

    from adapters.teams.endpoint import cloud_adapter, dev_settings
    from adapters.teams.send import TeamsNudges
    from bot.core.model import Nudge, RoundPlan, Slot
    from bot.core.programs import Program
    from bot.service.delivery import ask_did_you_meet, deliver_due
    now = datetime.now(UTC)
    reports, answers = [], []

    async def scenario(client, url):
        for user in ("29:ana", "29:bea"):  # each has talked to the bot: references are kept
            body = activity(url, "join", "personal", aid=f"hello-{user}")
            body["from"]["id"] = user
            body["conversation"]["id"] = f"a:{user}"
            await client.post("/api/messages", json=body)
        slot = Slot(now + timedelta(days=1), now + timedelta(days=1, minutes=30))
        plan = RoundPlan((Nudge(("29:ana", "29:bea"), 1.0, ("You both know Cai",), (slot,),
                                "Kitchen"),), ())
        await asyncio.to_thread(store_of(client).save_round, "TENANT1", Program(), now, plan, now)
        sender = TeamsNudges(cloud_adapter(dev_settings()), "")
        reports.append(await deliver_due(store_of(client), "teams", sender, now))
        reports.append(await deliver_due(store_of(client), "teams", sender, now))
        later = now + timedelta(days=3)
        reports.append(await ask_did_you_meet(store_of(client), "teams", sender, later))
        reports.append(await ask_did_you_meet(store_of(client), "teams", sender, later))
        [nudge] = store_of(client).nudges("TENANT1")
        click = activity(url, "", "personal", aid="click-1")
        click["value"] = {"weaktie": "answer", "value": f"{nudge.id}:0", "answer": "accepted"}
        answers.append((await client.post("/api/messages", json=click)).status)

    stores = {}

    def store_of(client):
        return stores.setdefault("s", Store.open(f"sqlite:///{tmp_path / 'teams.db'}"))

    _, fake = serve(tmp_path, scenario, fake=MicrosoftStandIn(throttle_first=throttled))
    first, second, asked, asked_again = reports
    assert first.sent and not second.sent
    assert asked.sent and not asked_again.sent
    cards = [r for r in fake.replies if r.get("attachments")]
    assert len(cards) == 4  # a nudge card and a "Did you meet?" card per member, never twice
    assert "Did you meet " in json.dumps(cards[-1]["attachments"][0]["content"])
    card = cards[0]["attachments"][0]["content"]
    assert card["type"] == "AdaptiveCard" and "You both know Cai" in json.dumps(card)
    assert [a["title"] for a in card["actions"]] == ["Accept", "Another time", "Can't make it"]
    assert "{{DATE(" in json.dumps(card)  # shown in each reader's own time
    assert answers == [201]
    assert fake.replies[-1]["text"].startswith("Great, you accepted")
    said = store_of(None).answers("TENANT1", store_of(None).nudges("TENANT1")[0].id)
    assert said == {"29:ana": ("accepted", 0)}


def test_in_production_a_forged_service_url_is_never_called(tmp_path):
    statuses = []
    registered = Settings(database_url="unused", teams_app_id="00000000-app",
                          teams_app_password="pw", teams_tenant_id="TENANT1")

    async def scenario(client, url):  # url: the loopback "connector", i.e. not Microsoft's
        response = await client.post("/api/messages", json=activity(url, "join", "personal"),
                                     headers={"Authorization": "Bearer forged"})
        statuses.append(response.status)

    store, fake = serve(tmp_path, scenario, registered)
    assert statuses == [400] and fake.replies == []
    assert store.tenant_names() == []


@pytest.mark.parametrize("url, ok", [
    ("https://smba.trafficmanager.net/emea/", True),
    ("https://smba.infra.gcc.teams.microsoft.com/", True),
    ("http://smba.trafficmanager.net/emea/", False),
    ("https://smba.trafficmanager.net.evil.example/", False),
    ("https://evil.example/smba.trafficmanager.net", False),
])
def test_only_microsofts_service_hosts_are_allowed(url, ok):
    from adapters.teams.endpoint import allowed_service_url
    assert allowed_service_url(url) is ok


def test_a_channel_reply_goes_to_the_posts_author_and_a_reaction_too(tmp_path):
    async def scenario(client, url):
        await install_in_team(client, url)
        post = activity(url, CANARY, "channel", aid="1700000000001")
        post["from"]["id"] = "29:bea"
        await client.post("/api/messages", json=post)
        reply = activity(url, CANARY, "channel", aid="1700000000002")
        reply["conversation"]["id"] += ";messageid=1700000000001"
        await client.post("/api/messages", json=reply)
        reaction = {**activity(url, "", "channel", aid="r1"), "type": "messageReaction",
                    "replyToId": "1700000000001", "reactionsAdded": [{"type": "like"}]}
        reaction.pop("text")
        assert (await client.post("/api/messages", json=reaction)).status in (200, 201)

    store, _ = serve(tmp_path, scenario)
    got = [(i.actor, i.target, i.kind) for i in store.interactions("TENANT1")]
    assert got == [("29:bea", None, "message"), ("29:ana", "29:bea", "reply"),
                   ("29:ana", "29:bea", "reaction")]


def test_installing_in_a_team_learns_the_roster_and_in_a_personal_chat_the_reference(tmp_path):
    async def scenario(client, url):
        team = {**activity(url, "", "channel", aid="u1"), "type": "conversationUpdate",
                "membersAdded": [{"id": "28:bot"}],
                "channelData": {"team": {"id": "19:team@thread.tacv2"},
                                "tenant": {"id": "TENANT1"}}}
        team.pop("text")
        assert (await client.post("/api/messages", json=team)).status in (200, 201)
        personal = {**activity(url, "", "personal", aid="u2"), "type": "conversationUpdate",
                    "membersAdded": [{"id": "28:bot"}]}
        personal.pop("text")
        assert (await client.post("/api/messages", json=personal)).status in (200, 201)

    store, _ = serve(tmp_path, scenario)
    people = store.people("TENANT1")
    assert {p: people[p].name for p in ("29:ana", "29:bea")} == {"29:ana": "Ana Ruiz",
                                                                 "29:bea": "Bea Lind"}
    assert "28:bot" not in people
    assert store.sign_ins("TENANT1", ["29:ana", "29:bea"]) == {"29:ana": "ana@acme.example",
                                                                "29:bea": "bea@acme.example"}
    assert store.reference("TENANT1", "29:ana")["conversation"]["id"] == "a:1"


def test_removing_the_app_marks_the_tenant_for_purging(tmp_path):
    async def scenario(client, url):
        await client.post("/api/messages", json=activity(url, "join", "personal"))
        # Ana's personal scope was the only place the app lived (see test_teams_places.py)
        removed = {**activity(url, "", "personal", aid="rm"), "type": "installationUpdate",
                   "action": "remove"}
        removed.pop("text")
        assert (await client.post("/api/messages", json=removed)).status in (200, 201)

    store, _ = serve(tmp_path, scenario)
    from datetime import UTC, datetime, timedelta
    assert store.purge_uninstalled(datetime.now(UTC) + timedelta(days=31)) == ["TENANT1"]


def test_the_profile_card_shows_my_values_and_saves_good_ones_only(tmp_path):
    async def scenario(client, url):
        bea = activity(url, "join", "personal", aid="p0")
        bea["from"]["id"], bea["from"]["name"] = "29:bea", "Bea"
        await client.post("/api/messages", json=bea)
        await client.post("/api/messages", json=activity(url, "profile", "personal", aid="p1"))
        for i, (tz, hours) in enumerate((("Mars/Olympus", "9-17"), ("Europe/Lisbon", "8-16"))):
            submit = activity(url, "", "personal", aid=f"p{i + 2}")
            submit["value"] = {"weaktie": "profile", "office": "Lisbon", "tz": tz, "hours": hours,
                               "avoid": "29:bea"}
            await client.post("/api/messages", json=submit)

    store, fake = serve(tmp_path, scenario)
    card = fake.replies[1]["attachments"][0]["content"]
    assert [b.get("id") for b in card["body"][1:]] == ["office", "tz", "hours", "avoid"]
    assert [c["value"] for c in card["body"][-1]["choices"]] == ["29:bea"]
    assert fake.replies[2]["text"].startswith("Not saved") and "time zone" in fake.replies[2]["text"]
    assert fake.replies[3]["text"] == "Saved."
    ana = store.person("TENANT1", "29:ana")
    assert (ana.office, ana.timezone, ana.work_start) == ("Lisbon", "Europe/Lisbon", 480)
    assert ana.do_not_pair == frozenset({"29:bea"})


def test_a_nudge_card_links_to_a_group_chat_and_a_meeting_only_when_everyone_can_be_named():
    import re
    from datetime import UTC, datetime, timedelta
    from urllib.parse import parse_qs, urlparse

    from adapters.teams.render import nudge_card
    from bot.core.model import Slot
    from bot.service.outbound import nudge_message
    from bot.store.values import StoredNudge
    start = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
    message = nudge_message(StoredNudge(id=7, round=1, members=("29:ana", "29:bea"),
                                        reasons=("Hi",),
                                        slots=(Slot(start, start + timedelta(minutes=30)),),
                                        place="Kitchen", tenant="T"))
    upns = {"29:ana": "ana@acme.example", "29:bea": "bea@acme.example"}
    text = json.dumps(nudge_card(message, {}, "29:ana", upns)["body"])
    links = re.findall(r"\]\((https://[^)]+)\)", text)  # markdown links: the actions are full
    chat, meeting = (parse_qs(urlparse(url).query) for url in links)
    assert chat["users"] == ["ana@acme.example,bea@acme.example"]
    assert meeting["startTime"] == ["2026-12-01T10:30:00Z"]
    partial = nudge_card(message, {}, "29:ana", {"29:ana": "ana@acme.example"})
    assert "https://teams.microsoft.com" not in json.dumps(partial)
