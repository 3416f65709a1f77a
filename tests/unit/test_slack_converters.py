"""The pure Slack converters and readers on JSON of any shape: each returns a value or raises
BadInput, never anything else (before: a list as `subtype`, a string `item`, an odd view...)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from slack_bolt.listener_matcher.builtins import action, command, event, view
from slack_bolt.request import BoltRequest
from slack_bolt.request.payload_utils import (
    to_action,
    to_command,
    to_event,
    to_message,
    to_options,
    to_shortcut,
    to_step,
    to_view,
)
from slack_bolt.response import BoltResponse

from adapters.slack.events import (
    Installed,
    direct_message,
    message_interactions,
    outsiders,
    slack_id,
    to_observed,
    to_profile,
)
from adapters.slack.home import profile_form
from adapters.slack.interactive import clicker, first_action, original_message, trigger
from adapters.slack.program_form import program_form
from adapters.slack.request import FORM, JSON, check_shape, read_body
from bot.errors import BadInput
from tests.helpers.slack_shapes import json_values, payloads, views

BOUNDED = settings(max_examples=100, deadline=None)
INSTALLED = Installed(None, "T1", False)


def value_or_bad_input(convert, *args):
    try:
        return convert(*args)
    except BadInput:
        return None


@BOUNDED
@given(payloads)
def test_event_converters_return_a_value_on_any_json(body):
    if not isinstance(body, dict):
        body = {"event": body}
    observed = to_observed(body)
    assert all(slack_id(i.actor) and (i.target is None or slack_id(i.target))
               for _, i in observed)
    guests, unverified = outsiders(body, INSTALLED, observed)
    assert not guests & unverified
    change = to_profile(body)
    assert change is None or slack_id(change.user)
    assert direct_message(body) is None or isinstance(direct_message(body)[1], str)
    event = body.get("event")
    if isinstance(event, dict):
        message_interactions("C1", event)


@BOUNDED
@given(payloads, views)
def test_interactive_readers_return_a_value_on_any_json(body, view):
    if not isinstance(body, dict):
        body = {"user": body, "actions": body, "message": body}
    clicker(body), first_action(body), original_message(body), trigger(body)
    for odd in (view, body.get("view"), body):
        assert all(isinstance(v, (str, list)) for v in profile_form(odd).values())
        assert all(isinstance(v, str) for v in program_form(odd).values())


@BOUNDED
@given(json_values, st.sampled_from([JSON, FORM]))
def test_the_request_reader_and_check_accept_or_raise_bad_input(value, content_type):
    text = json.dumps(value) if content_type == JSON else f"payload={json.dumps(value)}"
    body = value_or_bad_input(read_body, text, content_type)
    if body is not None:
        value_or_bad_input(check_shape, body)


@BOUNDED
@given(payloads)
def test_what_passes_the_check_bolt_reads_and_routes_without_raising(body):
    """Whatever check_shape lets through, bolt's request reading and its matchers for our
    listeners (slack_bolt/request/internals.py, listener_matcher/builtins.py) take."""
    if not isinstance(body, dict) or _refused(body):
        return
    request = BoltRequest(body=json.dumps(body), headers={"content-type": [JSON]})
    response = BoltResponse(status=200)
    for matcher in (event(re.compile(".*")), action(re.compile("^nudge_")), command("/coffee"),
                    view("weaktie_profile")):
        matcher.matches(request, response)
    # what bolt hands every listener and middleware (kwargs_injection/utils.py)
    for to_argument in (to_options, to_shortcut, to_action, to_view, to_command, to_event,
                        to_message, to_step):
        to_argument(request.body)


def _refused(body) -> bool:
    try:
        check_shape(body)
    except BadInput:
        return True
    return False


def test_a_list_as_subtype_is_no_message():
    event = {"type": "message", "user": "UANA", "channel": "C1", "ts": "1780000000.1",
             "subtype": ["thread_broadcast"]}
    assert message_interactions("C1", event) == []


def test_mentions_keep_the_first_fifty_distinct_people():
    text = " ".join(f"<@U{n:03d}> <@U{n:03d}>" for n in range(80)) + " <@UANA>"
    event = {"type": "message", "user": "UANA", "channel": "C1", "ts": "1780000000.1",
             "text": text}
    mentions = [i.target for _, i in message_interactions("C1", event) if i.kind == "mention"]
    assert sorted(mentions) == [f"U{n:03d}" for n in range(50)]


def test_a_grid_account_names_its_organisation():
    body = {"event_time": 1780000000, "event": {"type": "user_change", "user": {
        "id": "W1", "team_id": "T2", "enterprise_user": {"enterprise_id": "E1"}}}}
    assert to_profile(body).team == "E1"
    assert datetime.fromtimestamp(1780000000, UTC)  # the envelope's clock is readable


def test_a_thread_broadcast_is_a_reply_to_the_threads_author_named_in_root():
    # https://api.slack.com/events/message/thread_broadcast
    event = {"type": "message", "subtype": "thread_broadcast", "user": "UBEA", "channel": "C1",
             "ts": "1780000100.000200", "thread_ts": "1780000000.000100", "text": "also here",
             "root": {"type": "message", "user": "UANA", "ts": "1780000000.000100",
                      "thread_ts": "1780000000.000100", "text": "question"}}
    [(_, interaction)] = message_interactions("C1", event)
    assert (interaction.actor, interaction.target, interaction.kind) == ("UBEA", "UANA", "reply")


def _said(user_fields: dict, shared: bool, installed: Installed):
    # https://api.slack.com/events/message (user_team, source_team in shared channels)
    body = {"type": "event_callback", "is_ext_shared_channel": shared,
            "event": {"type": "message", "user": "USENDER", "channel": "C1",
                      "ts": "1780000000.1", "text": "<@UOTHER>", **user_fields}}
    return outsiders(body, installed, to_observed(body))


def test_who_is_a_guest_and_who_is_unverified():
    workspace, org = Installed(None, "T1", False), Installed("E1", "T5", True)
    assert _said({"user_team": "T2"}, True, workspace) == ({"USENDER"}, {"UOTHER"})
    assert _said({"user_team": "T1"}, True, workspace) == (set(), {"UOTHER"})
    assert _said({}, True, workspace) == (set(), {"USENDER", "UOTHER"})
    assert _said({"team": "T1"}, False, workspace) == (set(), set())
    # an org-wide install: the enterprise's own people, any workspace of it
    assert _said({"user_team": "E1"}, True, org) == (set(), {"UOTHER"})
    assert _said({"user_team": "T9"}, True, org) == ({"USENDER"}, {"UOTHER"})
    assert _said({"team": "T6"}, False, org) == (set(), set())
    assert org.tenant == "E1" and workspace.tenant == "T1"


def test_a_user_change_gives_the_sign_in_address_only_when_slack_shares_it():
    # https://api.slack.com/events/user_change: the user object as users.info gives it;
    # profile.email is there only with users:read.email (https://api.slack.com/scopes/users:read.email)
    user = {"id": "U0A1B2C3D", "team_id": "T1", "name": "ana", "deleted": False,
            "tz": "Europe/Lisbon", "is_bot": False,
            "profile": {"real_name": "Ana Ruiz", "display_name": "ana",
                        "email": "ana@acme.example", "status_text": "CANARY"}}
    body = {"team_id": "T1", "event": {"type": "user_change", "user": user},
            "event_time": 1780000000}
    assert to_profile(body).values["sign_in"] == "ana@acme.example"
    without = {**user, "profile": {"real_name": "Ana Ruiz"}}
    assert "sign_in" not in to_profile({**body, "event": {"type": "user_change",
                                                          "user": without}}).values
    odd = {**user, "profile": {"email": "not an address"}}
    assert "sign_in" not in to_profile({**body, "event": {"type": "user_change",
                                                          "user": odd}}).values
