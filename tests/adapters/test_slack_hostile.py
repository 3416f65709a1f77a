"""Signed Slack requests of the wrong shape, over HTTP into the real app and bolt: each gets a
2xx or a 4xx with a short reason, never a 5xx, and a refused one writes no row.

Shapes are Slack's: https://api.slack.com/apis/events-api#callback-field,
https://api.slack.com/reference/interaction-payloads/block-actions,
https://api.slack.com/reference/interaction-payloads/views#view_submission,
https://api.slack.com/interactivity/slash-commands#app_command_handling.
"""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

import pytest

from tests.helpers.slack import (
    BUTTON,
    CANARY,
    clicks,
    event,
    interactive,
    message,
    planned_store,
    post,
    run,
    signed,
    stored,
)
from tests.standins.slack import SlackWebApi

FORM = "application/x-www-form-urlencoded"


def form(fields: dict | str) -> tuple[bytes, dict]:
    body = (fields if isinstance(fields, str) else urlencode(fields)).encode()
    return body, {**signed(body), "Content-Type": FORM}


def as_json(payload: object) -> tuple[bytes, dict]:
    body = json.dumps(payload).encode()
    return body, signed(body)


PROFILE_VIEW = {"type": "view_submission", "team": {"id": "T1"},
                "user": {"id": "UANA", "team_id": "T1"},
                "view": {"id": "V1", "type": "modal", "callback_id": "weaktie_profile",
                         "state": {"values": "not an object"}}}

REFUSED = {
    "form payload is not JSON": form("payload=%7Bnot%20json"),
    "form payload is a number": form("payload=123"),
    "form payload nests deeply": form("payload=" + quote("[" * 5000 + "]" * 5000)),
    "form payload nests past the bound": form({"payload": json.dumps(
        {"type": "block_actions", "x": json.loads("[" * 60 + "]" * 60)})}),
    "actions is not a list": interactive({**BUTTON, "actions": {"action_id": "home_join"}}),
    "actions is empty": interactive({**BUTTON, "actions": []}),
    "actions holds text": interactive({**BUTTON, "actions": ["home_join"]}),
    "action id is a number": interactive({**BUTTON, "actions": [{"action_id": 7}]}),
    "message is a list": interactive({**BUTTON, "message": [1, 2]}),
    "user is a number": interactive({**BUTTON, "user": 5}),
    "team is a list": interactive({**BUTTON, "team": ["T1"]}),
    "view callback id is a number": interactive({**PROFILE_VIEW, "view": {"callback_id": 3}}),
    "event is text": as_json({"type": "event_callback", "team_id": "T1", "event": "message"}),
    "event type is a number": as_json(event("EvH1", {**message(), "type": 3})),
    "subtype is a list": as_json(event("EvH2", message(subtype=["thread_broadcast"]))),
    "event user is a number": as_json(event("EvH3", message(user=12))),
    "authorizations is text": as_json({**event("EvH4", message()), "authorizations": "T1"}),
    "authorizations holds text": as_json({**event("EvH5", message()), "authorizations": ["T1"]}),
    "team id is a number": as_json({**event("EvH6", message()), "team_id": 1}),
    "enterprise is a number": as_json({**event("EvH7", message()), "enterprise": 1}),
    "command is a number": as_json({"command": 5, "team_id": "T1", "user_id": "UANA"}),
    "message text is an object": as_json(event("EvH9", message(text={"a": 1}))),
    "reaction item is text": as_json(event("EvH10", {
        "type": "reaction_added", "user": "UBEA", "item_user": "UANA", "item": "C1",
        "event_ts": "1780000001.1"})),
    "command text is a list": as_json({"command": "/coffee", "text": ["join"], "team_id": "T1",
                                       "user_id": "UANA"}),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_signed_body_of_the_wrong_shape_gets_400_and_writes_nothing(tmp_path, case):
    answers = []

    async def scenario(client):
        body, headers = REFUSED[case]
        answers.append(await post(client, body, headers))

    store, _ = run(tmp_path, scenario)
    [(status, text)] = answers
    assert status == 400, text
    assert json.loads(text)["ok"] is False and len(json.loads(text)["error"]) < 80
    assert store.tenant_names() == []


def test_a_body_neither_json_nor_a_form_gets_415(tmp_path):
    answers = []

    async def scenario(client):
        body = json.dumps(event("EvH8", message())).encode()
        answers.append(await post(client, body, {**signed(body), "Content-Type": "text/plain"}))

    store, _ = run(tmp_path, scenario)
    assert answers[0][0] == 415
    assert store.tenant_names() == []


ANSWERED = {
    "an unknown home button": interactive({**BUTTON, "actions": [{"action_id": "home_nope"}]}),
    "a home button without a user": interactive({**BUTTON, "user": None}),
    "a profile modal with odd state": interactive(PROFILE_VIEW),
    "a nudge button in a message with odd blocks": interactive({
        **BUTTON, "message": {"blocks": "not a list", "text": 5},
        "actions": [{"action_id": "nudge_accepted_0", "value": "1:0"}]}),
    "a nudge button with a numeric value": interactive({
        **BUTTON, "actions": [{"action_id": "nudge_accepted_0", "value": None}]}),
    "a user change with an odd profile": as_json(event("EvH11", {
        "type": "user_change", "user": {"id": "UZOE", "profile": [], "tz": 3, "deleted": "no"}})),
    "a slash command with the word payload": form({
        "command": "/coffee", "text": "payload", "team_id": "T1", "user_id": "UANA",
        "response_url": "http://127.0.0.1:9/unused", "trigger_id": "1.2.3"}),
}


@pytest.mark.parametrize("case", sorted(ANSWERED))
def test_a_well_formed_but_odd_request_is_answered_without_a_5xx(tmp_path, case):
    answers = []

    async def scenario(client):
        body, headers = ANSWERED[case]
        answers.append(await post(client, body, headers))

    run(tmp_path, scenario)
    assert 200 <= answers[0][0] < 300, answers


def test_a_slash_command_saying_payload_is_still_a_command(tmp_path):
    """bolt takes any form containing "payload" for an interactive one; we read it as a form."""
    answers = []

    async def scenario(client):
        body, headers = ANSWERED["a slash command with the word payload"]
        answers.append(await post(client, body, headers))

    run(tmp_path, scenario)
    assert answers[0][0] == 200 and "don't know `payload`" in answers[0][1]


@pytest.mark.parametrize("value", ["{id}:999", "{id}:99999999999999999999", "99999999999999999999",
                                   "{id}:١", "{id}:-1", "{id}:"])
def test_a_button_value_naming_no_slot_of_the_nudge_stores_no_feedback(tmp_path, value):
    store, fake = planned_store(tmp_path), SlackWebApi()
    [nudge] = store.nudges("T1")
    statuses, _ = clicks(tmp_path, store, fake,
                         [("nudge_accepted_0", value.format(id=nudge.id), "UANA")])
    assert statuses == [200]
    assert store.answers("T1", nudge.id) == {} or value == "{id}:"
    assert fake.responses and fake.responses[-1]["text"].startswith("Sorry")  \
        or value == "{id}:"


def test_an_out_of_range_slot_is_refused_by_the_store_itself(tmp_path):
    from datetime import UTC, datetime

    from bot.store.errors import StoreError
    store = planned_store(tmp_path)
    [nudge] = store.nudges("T1")
    with pytest.raises(StoreError, match="not one of"):
        store.record_feedback("T1", nudge.id, "UANA", "accepted", datetime.now(UTC), 1)
    assert store.answers("T1", nudge.id) == {}


@pytest.mark.parametrize("token", ["é" * 32, "٣" * 32, "\u2603"])
def test_a_calendar_token_with_non_ascii_characters_is_a_plain_404(tmp_path, token):
    store, fake = planned_store(tmp_path), SlackWebApi()
    [nudge] = store.nudges("T1")
    _, got = clicks(tmp_path, store, fake, [], f"/calendar/{nudge.id}/{quote(token)}.ics")
    assert got[0] == 404


@pytest.mark.parametrize("nudge", ["²", "99999999999999999999", "0" * 5000])
def test_a_calendar_nudge_id_that_is_no_number_we_hold_is_a_plain_404(tmp_path, nudge):
    store, fake = planned_store(tmp_path), SlackWebApi()
    _, got = clicks(tmp_path, store, fake, [], f"/calendar/{nudge}/{'0' * 32}.ics")
    assert got[0] == 404


# -- what one event may write ---------------------------------------------------------------

def test_a_message_mentioning_ten_thousand_people_stores_at_most_fifty_mentions(tmp_path):
    text = CANARY + " ".join(f"<@U{n:08d}>" for n in range(10_000))

    async def scenario(client):
        assert (await post(client, event("EvM1", message(text=text))))[0] == 200

    store, _ = run(tmp_path, scenario)
    rows = stored(store)
    assert len(rows) == 51 and rows[0] == ("UANA", None, "message", "C1")
    assert {target for _, target, kind, _ in rows if kind == "mention"} == \
        {f"U{n:08d}" for n in range(50)}  # the first fifty in the text
    assert len(store.people("T1")) == 51


@pytest.mark.parametrize("inner, status", [
    (message(user="U" + "A" * 60), 400),  # the sender's id also reaches bolt's authorize
    (message(user="not-a-slack-id"), 400),
    (message(channel="C" + "1" * 60), 200),
    (message(channel="#general"), 200),
    ({"type": "member_joined_channel", "user": "uana", "channel": "C1",
      "event_ts": "1780000000.1"}, 400),
    ({"type": "reaction_added", "user": "UBEA", "item_user": "U" + "B" * 50,
      "item": {"type": "message", "channel": "C1", "ts": "1780000000.1"}, "event_ts": "1.2"},
     200),
], ids=["long user", "odd user", "long channel", "channel name", "lowercase", "long author"])
def test_an_interaction_whose_ids_do_not_look_like_slacks_is_dropped(tmp_path, inner, status):
    async def scenario(client):
        assert (await post(client, event("EvI1", inner)))[0] == status

    store, _ = run(tmp_path, scenario)
    assert store.tenant_names() == []


def test_a_mention_of_an_id_too_long_is_dropped_and_the_rest_kept(tmp_path):
    async def scenario(client):
        await post(client, event("EvI2", message(text=f"<@U{'C' * 60}> and <@UBEA>")))

    store, _ = run(tmp_path, scenario)
    assert stored(store) == [("UANA", None, "message", "C1"), ("UANA", "UBEA", "mention", "C1")]


# -- found by bench/hostile.py (FINDINGS.md) ----------------------------------------------------

@pytest.mark.parametrize("header", [{"X-Slack-Signature": "v0=é"},
                                    {"X-Slack-Request-Timestamp": "²"},
                                    {"X-Slack-Request-Timestamp": "9" * 5000}])
def test_a_signature_header_with_odd_characters_is_401_not_500(tmp_path, header):
    answers = []

    async def scenario(client):
        body = json.dumps(event("EvX1", message())).encode()
        answers.append(await post(client, body, {**signed(body), **header}))

    store, _ = run(tmp_path, scenario)
    assert answers[0][0] == 401 and store.tenant_names() == []


@pytest.mark.parametrize("body", [
    {**event("EvX2", message()), "team_id": "T1\u0000"},
    {**event("EvX3", message()), "authorizations": [{"team_id": "T" + "1" * 300}]},
    {**BUTTON, "team": {"id": "T1\u202e"}},
    {**BUTTON, "response_url": "１２３"},
    {"type": "view_submission", "user": {"id": "UANA"}, "view": {"callback_id": "weaktie_profile"}},
], ids=["NUL in team id", "long installation team", "bidi in team", "response_url not a URL",
        "view without type"])
def test_ids_bolt_resolves_the_installation_with_must_look_like_slacks(tmp_path, body):
    answers = []

    async def scenario(client):
        answers.append(await post(client, *as_json(body)))

    store, _ = run(tmp_path, scenario)
    assert answers[0][0] == 400 and store.tenant_names() == []


def test_bad_input_raised_behind_a_listener_becomes_a_400_with_its_reason():
    import asyncio

    from adapters.slack.app import _refuse
    from bot.errors import BadInput
    refused = asyncio.run(_refuse(BadInput("an id no column can hold")))
    assert refused.status == 400 and "no column" in refused.body
    assert asyncio.run(_refuse(RuntimeError("database down"))) is None  # stays a 500: retried


def test_a_slot_outside_the_nudge_is_refused_on_either_database(store):
    """The store's own refusal, on SQLite and PostgreSQL (PostgreSQL's JSON slots too)."""
    from datetime import UTC, datetime, timedelta

    from bot.core.model import Interaction, Nudge, RoundPlan, Slot
    from bot.core.programs import Program
    from bot.store.errors import StoreError
    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    store.record_interactions("T1", [("e1", Interaction("UANA", "UBEA", "reply", now, "C1"))],
                              "slack")
    slot = Slot(now + timedelta(days=1), now + timedelta(days=1, minutes=30))
    store.save_round("T1", Program(), now, RoundPlan(
        (Nudge(("UANA", "UBEA"), 1.0, ("why",), (slot, slot)),), ()), now)
    [nudge] = store.nudges("T1")
    store.record_feedback("T1", nudge.id, "UANA", "accepted", now, 1)
    with pytest.raises(StoreError, match="option 3 is not one of"):
        store.record_feedback("T1", nudge.id, "UBEA", "accepted", now, 2)
    assert store.answers("T1", nudge.id) == {"UANA": ("accepted", 1)}


def test_a_header_over_aiohttps_limit_is_a_400_in_one_log_line_without_traceback(caplog):
    # found by bench/hostile.py: aiohttp refuses it before any handler but logged a traceback
    import asyncio
    import logging

    from aiohttp.test_utils import TestServer

    from adapters.web import web_app
    caplog.set_level(logging.DEBUG)

    async def main() -> bytes:
        async with TestServer(web_app(None)) as server:
            reader, writer = await asyncio.open_connection(server.host, server.port)
            writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                         b"x" * 9000 + b"\r\n\r\n")
            await writer.drain()
            answer = await reader.read(100)
            writer.close()
            return answer

    assert asyncio.run(main()).split(b" ")[1] == b"400"
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    assert "Traceback" not in caplog.text


def test_bolts_unhandled_request_warning_quotes_nothing_a_person_typed(tmp_path, caplog):
    """A typeahead (block_suggestion, https://api.slack.com/reference/block-kit/block-elements#external_select)
    carries what the person has typed so far in `value`; no listener of weaktie handles one,
    and bolt's warning about it used to quote that value."""
    import logging
    caplog.set_level(logging.DEBUG)
    typed = {"type": "block_suggestion", "team": {"id": "T1"}, "api_app_id": "A1",
             "user": {"id": "UANA", "team_id": "T1"}, "action_id": "pick", "block_id": "b",
             "value": CANARY, "container": {"type": "view", "view_id": "V1"}}
    got = []

    async def scenario(client):
        body, headers = interactive(typed)
        response = await client.post("/slack/events", data=body, headers=headers)
        got.append(response.status)

    run(tmp_path, scenario)
    assert got[0] < 500
    assert "Unhandled request" in caplog.text and CANARY not in caplog.text
