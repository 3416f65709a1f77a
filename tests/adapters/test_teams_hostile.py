"""Teams, hostile bodies: authenticated activities of the wrong shape get a 400 with a short
reason and write nothing; a reply that fails after the turn wrote is logged, not a 500; one
message writes a bounded number of rows.

Activity shapes: https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#activity-object
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from bot.store import Store
from tests.helpers.bodies import with_value
from tests.helpers.teams import CANARY, activity, registered, row_counts, serve
from tests.standins.microsoft import SERVICE_URL, MicrosoftStandIn


def known(tmp_path: Path, people: list[str]) -> None:
    """People the tenant knows as its own (as a roster makes them): a message does not tell its
    sender's or its mentioned people's organisation, so only known people's are kept."""
    store = Store.open(f"sqlite:///{tmp_path / 'teams.db'}")
    for person in people:
        store.update_person("TENANT1", person, "teams")


def post_authenticated(tmp_path: Path, keys, bodies: list) -> list[tuple[int, str]]:
    """Each body POSTed with a good Bot Framework token (production mode)."""
    answers = []
    settings = registered(keys)

    async def scenario(client, _url):
        for body in bodies:
            response = await client.post(
                "/api/messages", data=json.dumps(body),
                headers={"Content-Type": "application/json",
                         "Authorization": f"Bearer {keys.token()}"})
            answers.append((response.status, await response.text()))

    serve(tmp_path, scenario, settings)
    return answers


def channel_message(**changes) -> dict:
    body = activity(SERVICE_URL, CANARY, "channel", mentions=["29:bea"])
    body["channelData"] = {"tenant": {"id": "TENANT1"}, "team": {"id": "19:general@thread.tacv2"}}
    body.update(changes)
    return body


HOSTILE = {
    "from is a string": channel_message(**{"from": "29:ana"}),
    "a null entity": channel_message(entities=[None]),
    "a string as mentioned": channel_message(entities=[{"type": "mention", "mentioned": "29:bea"}]),
    "tenant is a list": with_value(channel_message(), ("channelData", "tenant"), ["TENANT1"]),
    "channelData is a string": channel_message(channelData="TENANT1"),
    "a numeric conversation id": with_value(channel_message(), ("conversation", "id"), 5),
    "an overlong conversation id": with_value(channel_message(), ("conversation", "id"), "19:" + "x" * 300),
    "no recipient": {k: v for k, v in channel_message().items() if k != "recipient"},
    "a made-up type": channel_message(type="42"),
    "a type of the wrong case": channel_message(type="Message"),
    "a list as type": channel_message(type=["message"]),
    "a null member added": channel_message(type="conversationUpdate", membersAdded=[None]),
    "a member without id": channel_message(type="conversationUpdate", membersAdded=[{"name": "x"}]),
    "reactions as a string": channel_message(type="messageReaction", replyToId="1",
                                             reactionsAdded="like"),
    "a list as text": channel_message(text=[CANARY]),
    "a NUL in the sender's id": with_value(channel_message(), ("from", "id"), "29:\u0000ana"),
    "a bidi override in the tenant": with_value(channel_message(), ("conversation", "tenantId"),
                                           "\u202eTENANT1"),
    "a NUL in a channel name": channel_message(type="conversationUpdate", channelData={
        "eventType": "channelRenamed", "channel": {"id": "19:c@thread.tacv2", "name": "a\u0000b"}}),
    "a team without id": channel_message(type="conversationUpdate", membersAdded=[{"id": "28:bot"}],
                                         channelData={"team": {"name": "x"}}),
    "a number as timestamp": channel_message(timestamp=5),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_an_authenticated_activity_of_the_wrong_shape_is_refused_and_writes_nothing(
        tmp_path, keys, name):
    [(status, reason)] = post_authenticated(tmp_path, keys, [HOSTILE[name]])
    assert status == 400, reason
    assert CANARY not in reason and len(json.loads(reason)["error"]) < 80
    counts = row_counts(tmp_path / "teams.db")
    assert sum(counts.values()) == 0, {t: n for t, n in counts.items() if n}


def test_the_well_formed_activity_the_hostile_ones_derive_from_is_stored(tmp_path, keys):
    known(tmp_path, ["29:ana", "29:bea"])
    [(status, _)] = post_authenticated(tmp_path, keys, [channel_message()])
    assert status == 201
    counts = row_counts(tmp_path / "teams.db")
    assert counts["interactions"] == 2  # a post and its mention: the refusals above are real


@pytest.mark.parametrize("failure", ["a 500", "no connector"])
def test_a_failed_reply_after_the_turn_wrote_is_logged_in_one_line_and_answered_2xx(
        tmp_path, caplog, failure):
    caplog.set_level(logging.DEBUG)
    statuses = []

    async def scenario(client, url):
        body = activity(url if failure == "a 500" else "http://127.0.0.1:9", "join", "personal")
        body["from"]["name"] = CANARY
        statuses.append((await client.post("/api/messages", json=body)).status)

    store, _ = serve(tmp_path, scenario, fake=MicrosoftStandIn(failing=True))
    assert statuses == [202]
    assert store.person("TENANT1", "29:ana").enrolled  # the turn's effect stands
    lines = [r for r in caplog.records if r.name == "weaktie.teams" and "Bot Connector" in r.msg]
    assert len(lines) == 1 and lines[0].levelno == logging.WARNING
    assert CANARY not in caplog.text


def test_one_message_stores_at_most_fifty_distinct_mentions_and_never_the_bot(tmp_path):
    known(tmp_path, ["29:ana", "28:bot"] + [f"29:p{i}" for i in range(80)])

    async def scenario(client, url):
        many = [f"29:p{i}" for i in range(80)] + ["29:p1", "28:bot"]
        body = activity(url, CANARY, "channel", mentions=many)
        assert (await client.post("/api/messages", json=body)).status == 201

    store, _ = serve(tmp_path, scenario)
    mentions = [i.target for i in store.interactions("TENANT1") if i.kind == "mention"]
    assert mentions == [f"29:p{i}" for i in range(50)]
    assert all(i.target != "28:bot" for i in store.interactions("TENANT1"))


def test_a_bot_install_without_channel_data_is_not_a_500(tmp_path, keys):
    # found by test_teams_properties: botbuilder's roster helper unpacks channelData
    body = channel_message(type="conversationUpdate", membersAdded=[{"id": "28:bot"}])
    body.pop("channelData")
    [(status, _)] = post_authenticated(tmp_path, keys, [body])
    assert status in (201, 202)


def test_a_list_as_type_is_bad_input_not_a_type_error():
    from adapters.teams.activity import checked_activity
    from bot.errors import BadInput
    with pytest.raises(BadInput):
        checked_activity(channel_message(type=[]))


@pytest.mark.parametrize("field", ["office", "tz", "hours"])
def test_a_profile_card_with_a_number_for_text_is_answered_not_a_500(tmp_path, field):
    # found by bench/hostile.py: {"weaktie": "profile", "office": 5} raised inside save_profile
    statuses = []

    async def scenario(client, url):
        body = activity(url, "", "personal")
        body.pop("text")
        body["value"] = {"weaktie": "profile", "office": "HQ", "tz": "UTC", "hours": "9-17",
                         field: 5}
        statuses.append((await client.post("/api/messages", json=body)).status)

    store, fake = serve(tmp_path, scenario)
    assert statuses == [201]
    assert "text" in fake.replies[0]["text"]  # told why, and nothing of the form was kept
    person = store.person("TENANT1", "29:ana")
    assert person is None or person.office is None
