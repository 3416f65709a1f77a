"""Slack events end to end over HTTP: signed requests into the real aiohttp app and bolt, with a
loopback stand-in for the Slack Web API; what lands in the store is metadata only."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from aiohttp.test_utils import TestClient, TestServer
from slack_sdk.signature import SignatureVerifier

from bot.core.model import Interaction, Nudge, RoundPlan, Slot
from bot.core.programs import Program
from bot.store import Store
from entrypoints.app import build
from entrypoints.config import Settings, SettingsError, check_serving
from tests.helpers.slack import CANARY, SECRET, event, message, post, reaction, run, signed, stored
from tests.standins.slack import SlackWebApi


def test_a_channel_message_with_a_mention_is_stored_as_metadata_only(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    statuses = []

    async def scenario(client):
        statuses.append(await post(client, event("Ev1", message(text=f"{CANARY} <@UBEA>"))))

    store, calls = run(tmp_path, scenario)
    assert statuses == [(200, "")]
    assert stored(store) == [("UANA", None, "message", "C1"), ("UANA", "UBEA", "mention", "C1")]
    assert "auth.test" in calls
    assert CANARY not in caplog.text
    for path in tmp_path.iterdir():
        assert CANARY.encode() not in path.read_bytes(), path


def test_a_retried_event_is_stored_once(tmp_path):
    async def scenario(client):
        payload = event("Ev2", message())
        body = json.dumps(payload).encode()
        await post(client, body)
        retry = {**signed(body), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
        assert (await post(client, body, retry))[0] == 200

    store, _ = run(tmp_path, scenario)
    assert stored(store) == [("UANA", None, "message", "C1")]


def test_a_thread_reply_goes_to_the_threads_author_and_a_reaction_to_the_messages(tmp_path):
    async def scenario(client):
        await post(client, event("Ev3", message(user="UCAI", thread_ts="1779999000.000100",
                                                parent_user_id="UANA")))
        await post(client, event("Ev4", reaction(user="UBEA", item_user="UANA")))

    store, _ = run(tmp_path, scenario)
    assert stored(store) == [("UCAI", "UANA", "reply", "C1"), ("UBEA", "UANA", "reaction", "C1")]


def test_joining_and_leaving_a_channel_is_stored_as_membership(tmp_path):
    async def scenario(client):
        for i, kind in enumerate(("member_joined_channel", "member_left_channel")):
            inner = {"type": kind, "user": "UANA", "channel": "C1", "event_ts": f"178000000{i}.1"}
            assert (await post(client, event(f"EvJ{i}", inner)))[0] == 200

    store, _ = run(tmp_path, scenario)
    assert stored(store) == [("UANA", None, "join", "C1"), ("UANA", None, "leave", "C1")]


def test_bots_edits_and_direct_messages_to_the_bot_store_nothing(tmp_path):
    async def scenario(client):
        for i, inner in enumerate([message(bot_id="B9"), message(subtype="message_changed"),
                                   message(channel_type="im"), {"type": "pin_added",
                                                                "user": "UANA", "channel": "C1"}]):
            assert (await post(client, event(f"Ev{10 + i}", inner)))[0] == 200

    store, _ = run(tmp_path, scenario)
    assert store.tenant_names() == []


@pytest.mark.parametrize("case", ["unsigned", "bad signature", "stale", "other secret"])
def test_unsigned_forged_or_stale_requests_are_refused_with_401(tmp_path, caplog, case):
    caplog.set_level(logging.DEBUG)
    body = json.dumps(event("Ev5", message())).encode()
    headers = {"unsigned": {"Content-Type": "application/json"},
               "bad signature": {**signed(body), "X-Slack-Signature": "v0=deadbeef"},
               "stale": signed(body, timestamp=int(time.time()) - 600),
               "other secret": signed(body, secret="not-ours")}[case]
    statuses = []

    async def scenario(client):
        statuses.append((await post(client, body, headers))[0])

    store, _ = run(tmp_path, scenario)
    assert statuses == [401]
    assert store.tenant_names() == []
    assert CANARY not in caplog.text


@pytest.mark.parametrize("body", [b"{not json", b"[1]", b"\xff\xfe", b"[" * 5000 + b"]" * 5000])
def test_signed_but_malformed_bodies_get_400_not_500(tmp_path, body):
    statuses = []

    async def scenario(client):
        statuses.append((await post(client, body))[0])

    run(tmp_path, scenario)
    assert statuses == [400]


def test_an_oversized_body_gets_413(tmp_path):
    statuses = []

    async def scenario(client):
        body = json.dumps(event("Ev6", message(text="x" * 600_000))).encode()
        statuses.append((await post(client, body))[0])

    store, _ = run(tmp_path, scenario)
    assert statuses == [413]
    assert store.tenant_names() == []


def test_the_url_verification_challenge_is_answered(tmp_path):
    answers = []

    async def scenario(client):
        payload = {"type": "url_verification", "challenge": "abc123", "token": "x"}
        answers.append(await post(client, payload))

    run(tmp_path, scenario)
    status, text = answers[0]
    assert status == 200 and "abc123" in text


def test_our_signing_agrees_with_slack_sdks_verifier():
    body = json.dumps(event("Ev7", message())).encode()
    headers = signed(body)
    assert SignatureVerifier(SECRET).is_valid(body, headers["X-Slack-Request-Timestamp"],
                                              headers["X-Slack-Signature"])


def test_health_answers_without_signature(tmp_path):
    answers = []

    async def scenario(client):
        response = await client.get("/healthz")
        answers.append((response.status, await response.json()))

    run(tmp_path, scenario)
    assert answers == [(200, {"ok": True})]


@pytest.mark.parametrize("secret, token, named", [
    (None, None, "no platform is configured"),
    ("s", None, "SLACK_BOT_TOKEN"),
    (None, "xoxb", "SLACK_SIGNING_SECRET"),
])
def test_serving_refuses_missing_settings_and_names_them(secret, token, named):
    with pytest.raises(SettingsError, match=named):
        check_serving(Settings("sqlite://", slack_signing_secret=secret, slack_bot_token=token))


def slash(text: str, user: str = "UANA") -> tuple[bytes, dict]:
    body = urlencode({"token": "x", "team_id": "T1", "team_domain": "acme", "channel_id": "C1",
                      "user_id": user, "command": "/coffee", "text": text,
                      "response_url": "http://127.0.0.1:9/unused", "trigger_id": "1.2.3"}).encode()
    return body, {**signed(body), "Content-Type": "application/x-www-form-urlencoded"}


def test_coffee_join_then_pause_answers_at_once_and_changes_only_that_person(tmp_path):
    answers = []

    async def scenario(client):
        for text in ("join", "pause 2w", "where Lisbon", "status"):
            body, headers = slash(text)
            answers.append(await post(client, body, headers))

    store, _ = run(tmp_path, scenario)
    assert [status for status, _ in answers] == [200, 200, 200, 200]
    assert "You're in" in answers[0][1] and "Paused for" in answers[1][1]
    assert "paused until" in answers[3][1] and "Lisbon" in answers[3][1]
    person = store.person("T1", "UANA")
    assert person.enrolled and person.paused_until is not None and person.office == "Lisbon"
    assert store.person("T1", "UBEA") is None


def test_unknown_words_get_help_not_silence(tmp_path):
    answers = []

    async def scenario(client):
        body, headers = slash("make me a sandwich")
        answers.append(await post(client, body, headers))

    store, _ = run(tmp_path, scenario)
    status, text = answers[0]
    assert status == 200 and "don't know `make`" in text and "`join`" in text
    assert store.tenant_names() == []


def test_a_direct_message_is_answered_once_even_when_slack_retries(tmp_path):
    fake = SlackWebApi()

    async def scenario(client):
        dm = event("EvDM", message(text="status", channel="D1", channel_type="im"))
        body = json.dumps(dm).encode()
        await post(client, body)
        retry = {**signed(body), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
        await post(client, body, retry)

    store, calls = run(tmp_path, scenario, fake)
    assert len(fake.posted) == 1
    assert fake.posted[0]["channel"] == "D1" and "haven't joined" in fake.posted[0]["text"]
    assert store.tenant_names() == []  # asking for one's status stores nothing


def test_a_retry_that_reaches_another_web_process_is_not_answered_again(tmp_path):
    """Two web processes (each its own app and store connection) behind a load balancer."""
    fake, url = SlackWebApi(), f"sqlite:///{tmp_path / 'shared.db'}"

    async def main() -> None:
        async with TestServer(fake.app) as api:
            settings = Settings(database_url=url, slack_signing_secret=SECRET,
                                slack_bot_token="xoxb-test", slack_api_url=str(api.make_url("/api/")))
            async with TestClient(TestServer(build(settings, Store.open(url)))) as first, \
                    TestClient(TestServer(build(settings, Store.open(url)))) as second:
                body = json.dumps(event("EvDM2", message(text="status", channel="D1",
                                                         channel_type="im"))).encode()
                await post(first, body)
                retry = {**signed(body), "X-Slack-Retry-Num": "1",
                         "X-Slack-Retry-Reason": "http_timeout"}
                await post(second, body, retry)
                other = json.dumps(event("EvDM3", message(text="status", channel="D1",
                                                          channel_type="im"))).encode()
                await post(second, other)

    asyncio.run(main())
    assert [p["channel"] for p in fake.posted] == ["D1", "D1"]  # EvDM2 once, EvDM3 once


def test_answered_event_ids_are_kept_a_day_then_purged(tmp_path):
    store, now = Store.open(f"sqlite:///{tmp_path / 'ids.db'}"), datetime.now(UTC)
    assert store.first_time("slack:T1:Ev1", now) and not store.first_time("slack:T1:Ev1", now)
    store.purge_answered(now + timedelta(hours=23))
    assert not store.first_time("slack:T1:Ev1", now + timedelta(hours=23))
    store.purge_answered(now + timedelta(days=1, minutes=1))
    assert store.first_time("slack:T1:Ev1", now + timedelta(days=1, minutes=1))


def test_user_changes_keep_name_and_time_zone_and_a_deactivated_person_leaves(tmp_path):
    async def scenario(client):
        joined = {"type": "team_join", "user": {"id": "UZOE", "tz": "Europe/Lisbon",
                                                "profile": {"real_name": "Zoe Ribeiro"}}}
        await post(client, event("EvU1", joined))
        gone = {"type": "user_change", "user": {"id": "UZOE", "deleted": True,
                                                "tz": "Mars/Olympus", "profile": {}}}
        await post(client, event("EvU2", gone))
        bot = {"type": "user_change", "user": {"id": "UBOT2", "is_bot": True}}
        await post(client, event("EvU3", bot))

    store, _ = run(tmp_path, scenario)
    zoe = store.person("T1", "UZOE")
    assert (zoe.name, zoe.timezone, zoe.enrolled) == ("Zoe Ribeiro", "Europe/Lisbon", False)
    assert store.person("T1", "UBOT2") is None


def test_uninstalling_stops_deliveries_and_the_data_is_purged_after_thirty_days(tmp_path):
    from datetime import UTC, datetime, timedelta

    async def scenario(client):
        await post(client, event("Ev8", message()))
        await post(client, event("Ev9", {"type": "app_uninstalled"}))

    store, _ = run(tmp_path, scenario)
    assert store.tenant_names() == ["T1"]
    now = datetime.now(UTC)
    slot = Slot(now + timedelta(days=1), now + timedelta(days=1, minutes=30))
    plan = RoundPlan((Nudge(("UANA", "UBEA"), 1.0, ("You both know Cai",), (slot,)),), ())
    store.record_interactions("T1", [("x", Interaction("UBEA", "UANA", "dm", now))], "slack")
    store.save_round("T1", Program(), now, plan, now)
    assert store.deliverable("slack") == []  # nothing more is sent to a workspace that left
    assert store.purge_uninstalled(now + timedelta(days=29)) == []
    assert store.purge_uninstalled(now + timedelta(days=31)) == ["T1"]
    assert store.tenant_names() == []
