"""Hostile request bodies for bench/hostile.py: seeded random mutations of the documented shapes
(Slack: https://api.slack.com/apis/events-api#callback-field,
https://api.slack.com/reference/interaction-payloads/block-actions,
https://api.slack.com/interactivity/slash-commands; Teams: the Bot Framework Activity,
https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#activity-object)
plus a fixed list of known-bad cases."""

from __future__ import annotations

import copy
import json
import random
import time
from typing import Any

from tests.helpers.bodies import with_value

TEAMS_SERVICE = "https://smba.trafficmanager.net/emea/"
NOW = int(time.time())


def slack_message(i: int = 0) -> dict:
    return {"token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
            "event_id": f"Ev{NOW}{i}", "event_time": NOW,
            "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True,
                                "is_enterprise_install": False}],
            "event": {"type": "message", "channel": "C1", "channel_type": "channel",
                      "user": "UANA", "text": "hi <@UBEA>", "ts": f"{NOW}.{i:06d}",
                      "event_ts": f"{NOW}.{i:06d}"}}


def slack_reaction(i: int = 0) -> dict:
    return {**slack_message(i), "event": {
        "type": "reaction_added", "user": "UBEA", "reaction": "tada", "item_user": "UANA",
        "item": {"type": "message", "channel": "C1", "ts": f"{NOW}.000001"},
        "event_ts": f"{NOW}.{i:06d}"}}


# Where Slack's response_url points in the fixed bodies; a run passes the stand-in's /respond,
# where the bot's reply lands at once (a dead address would cost each button slack_sdk's
# connection retries, about a second, and test nothing more).
NOWHERE = "http://127.0.0.1:9/respond"


def slack_button(value: str = "1:0", respond: str = NOWHERE) -> dict:
    return {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": "UANA", "team_id": "T1"},
            "api_app_id": "A1", "trigger_id": "1.2", "container": {"type": "message"},
            "response_url": respond,
            "actions": [{"action_id": "nudge_accept", "block_id": "b", "type": "button",
                         "value": value, "action_ts": f"{NOW}.1"}]}


def slack_command(text: str = "help", respond: str = NOWHERE) -> dict:
    return {"command": "/coffee", "text": text, "team_id": "T1", "user_id": "UANA",
            "channel_id": "C1", "response_url": respond, "trigger_id": "1.2"}


def teams_activity(kind: str = "channel", i: int = 0) -> dict:
    personal = kind == "personal"
    return {"type": "message", "id": f"a{i}", "timestamp": "2026-11-26T10:00:00.000Z",
            "serviceUrl": TEAMS_SERVICE, "channelId": "msteams",
            "from": {"id": "29:ana", "name": "Ana", "aadObjectId": "aad-ana"},
            "recipient": {"id": "28:bot", "name": "weaktie"},
            "conversation": {"id": "a:1" if personal else "19:general@thread.tacv2",
                             "conversationType": kind, "tenantId": "TENANT1"},
            "text": "help" if personal else "hello",
            "channelData": {"tenant": {"id": "TENANT1"},
                            **({} if personal else {"team": {"id": "19:general@thread.tacv2"}})},
            "entities": [{"type": "mention", "mentioned": {"id": "29:bea", "name": "Bea"}}]}


def _deep(n: int) -> Any:
    value: Any = 1
    for _ in range(n):
        value = [value]
    return value


HOSTILE_VALUES: list[Any] = [
    None, [], {}, [None], 0, -1, 3.5, True, "", "\x00", "T1\x00", "\u202eT1", "x" * 10_000,
    "é", 10**30, [1, 2], {"id": None}, {"id": 5}, ["T1"], _deep(30), "1:999",
    "3:99999999999999999999", "null", "<@U1>" * 500,
]


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, prefix + (index,))
    return found


def mutate(valid: dict, rng: random.Random, times: int = 0) -> dict:
    """1 to 3 random changes at random paths: a hostile value, a deleted key, a huge list."""
    body = copy.deepcopy(valid)
    for _ in range(times or rng.randint(1, 3)):
        paths = _paths(body)
        if not paths:
            break
        path = rng.choice(paths)
        parent = body
        for key in path[:-1]:
            parent = parent[key]
        last = path[-1]
        roll = rng.random()
        if roll < 0.15 and isinstance(parent, dict):
            del parent[last]
        elif roll < 0.22:
            parent[last] = [copy.deepcopy(parent[last])] * rng.choice((2, 1000, 10_000))
        else:
            parent[last] = copy.deepcopy(rng.choice(HOSTILE_VALUES))
    return body


def many_mentions(n: int) -> dict:
    body = slack_message(n)
    body["event"]["text"] = "".join(f"<@U{i:08d}>" for i in range(n))
    return body


def teams_many_mentions(n: int) -> dict:
    body = teams_activity()
    body["entities"] = [{"type": "mention", "mentioned": {"id": f"29:p{i}"}} for i in range(n)]
    return body


# (name, content type, raw body): Slack, signed (the bench signs them)
SLACK_FIXED: list[tuple[str, str, bytes]] = [
    ("form payload=123", "application/x-www-form-urlencoded", b"payload=123"),
    ("form payload {not json", "application/x-www-form-urlencoded", b"payload=%7Bnot%20json"),
    ("form payload deep", "application/x-www-form-urlencoded",
     b"payload=" + b"%5B" * 5000 + b"%5D" * 5000),
    ("json {not json", "application/json", b"{not json"),
    ("json list", "application/json", b"[1]"),
    ("json deep", "application/json", b"[" * 5000 + b"]" * 5000),
    ("json null", "application/json", b"null"),
    ("not utf-8", "application/json", b'{"type": "\xff"}'),
    ("text/plain", "text/plain", json.dumps(slack_message()).encode()),
    ("event is a list", "application/json",
     json.dumps({**slack_message(), "event": [slack_message()["event"]]}).encode()),
    ("null entries", "application/json",
     json.dumps({**slack_message(), "authorizations": [None]}).encode()),
    ("nul in user", "application/json",
     json.dumps(with_value(slack_message(), ("event", "user"), "U\x00A")).encode()),
    ("numeric channel", "application/json",
     json.dumps(with_value(slack_message(), ("event", "channel"), 5)).encode()),
    ("10000 mentions", "application/json", json.dumps(many_mentions(10_000)).encode()),
    ("button 1:999", "application/x-www-form-urlencoded", b"payload=" + json.dumps(
        slack_button("1:999")).encode().replace(b"%", b"%25").replace(b"&", b"%26")),
    ("button 3:9999...", "application/x-www-form-urlencoded", b"payload=" + json.dumps(
        slack_button("3:99999999999999999999")).encode().replace(b"&", b"%26")),
    ("button -1:-1", "application/x-www-form-urlencoded",
     b"payload=" + json.dumps(slack_button("-1:-1")).encode()),
    ("button nul", "application/x-www-form-urlencoded",
     b"payload=" + json.dumps(slack_button("1:\x00")).encode()),
    ("command list text", "application/json",
     json.dumps({**slack_command(), "text": ["join"]}).encode()),
    ("url_verification no challenge", "application/json",
     json.dumps({"type": "url_verification"}).encode()),
    ("ssl_check", "application/x-www-form-urlencoded", b"ssl_check=1&token=x"),
]

TEAMS_FIXED: list[tuple[str, dict]] = [
    ("entities [null]", {**teams_activity(), "entities": [None]}),
    ("tenant is a list", with_value(teams_activity(), ("channelData", "tenant"), ["TENANT1"])),
    ("type numeric", {**teams_activity(), "type": 5}),
    ("type unknown", {**teams_activity(), "type": "poke"}),
    ("10000 mentions", teams_many_mentions(10_000)),
    ("1000 mentions", teams_many_mentions(1000)),
    ("nul in from", with_value(teams_activity(), ("from", "id"), "29:\x00a")),
    ("numeric conversation id", with_value(teams_activity(), ("conversation", "id"), 7)),
    ("invoke without value", {**teams_activity("personal"), "type": "invoke",
                              "name": "adaptiveCard/action"}),
    ("invoke bad action", {**teams_activity("personal"), "type": "invoke",
                           "name": "adaptiveCard/action", "value": {"action": []}}),
    ("card answer 1:999", {**teams_activity("personal"), "text": None,
                           "value": {"weaktie": "answer", "value": "1:999", "answer": "accept"}}),
    ("card answer huge", {**teams_activity("personal"), "text": None,
                          "value": {"weaktie": "answer", "value": "3:99999999999999999999",
                                    "answer": "accept"}}),
    ("card profile junk", {**teams_activity("personal"), "text": None,
                           "value": {"weaktie": "profile", "avoid": ["x"], "office": 5}}),
    ("card program junk", {**teams_activity("personal"), "text": None,
                           "value": {"weaktie": "program", "name": ["x"]}}),
    ("members added null", {**teams_activity(), "type": "conversationUpdate",
                            "membersAdded": [None]}),
    ("install without team id", {**teams_activity(), "type": "conversationUpdate",
                                 "membersAdded": [{"id": "28:bot"}],
                                 "channelData": {"team": {"name": "x"}}}),
    ("reactions as text", {**teams_activity(), "type": "messageReaction",
                           "reactionsAdded": "like", "replyToId": "1"}),
    ("installationUpdate bad action", {**teams_activity(), "type": "installationUpdate",
                                       "action": ["add"]}),
]
