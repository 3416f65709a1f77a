"""Teams invokes over HTTP: an Action.Execute is answered with an AdaptiveCardInvokeResponse and
its data handled like the Action.Submit it falls back to; every other invoke gets a 200 with an
accepting body, never botbuilder's 501.

Shapes: https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards
and https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/bot-invoke-activity
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.model import Nudge, RoundPlan, Slot
from bot.core.programs import Program
from bot.store import Store
from tests.helpers.teams import activity, row_counts, serve


def invoke(url: str, name: str | None, value=None, aid: str = "inv1") -> dict:
    body = {**activity(url, "", "personal", aid=aid), "type": "invoke", "value": value}
    body.pop("text")
    if name is not None:
        body["name"] = name
    return body


def execute(url: str, data: dict, aid: str = "inv1") -> dict:
    """What Teams posts when a person presses an Action.Execute button."""
    return invoke(url, "adaptiveCard/action",
                  {"action": {"type": "Action.Execute", "id": "go", "verb": "weaktie",
                              "data": data}, "trigger": "manual"}, aid)


def post_all(tmp_path, make_bodies, before=None):
    answers = []

    async def scenario(client, url):
        if before:
            await before(client, url)
        for body in make_bodies(url):
            response = await client.post("/api/messages", json=body)
            answers.append((response.status, await response.json() if response.content_length
                            else None))

    store, fake = serve(tmp_path, scenario)
    return answers, store, fake


def test_an_action_execute_saves_the_profile_and_answers_with_a_message(tmp_path):
    data = {"weaktie": "profile", "office": "Lisbon", "tz": "Europe/Lisbon", "hours": "8-16",
            "avoid": ""}
    [(status, body)], store, fake = post_all(tmp_path, lambda url: [execute(url, data)])
    assert status == 200
    assert body == {"statusCode": 200, "type": "application/vnd.microsoft.activity.message",
                    "value": "Saved."}
    assert store.person("TENANT1", "29:ana").office == "Lisbon"
    assert fake.replies == []  # answered in the HTTP response, not as a message


def test_an_action_execute_answers_a_nudge_like_the_submit_button(tmp_path):
    now = datetime.now(UTC)

    async def plan(client, url):
        store = Store.open(f"sqlite:///{tmp_path / 'teams.db'}")
        for person in ("29:ana", "29:bea"):
            store.update_person("TENANT1", person, "teams")
        slot = Slot(now + timedelta(days=1), now + timedelta(days=1, minutes=30))
        store.save_round("TENANT1", Program(), now, RoundPlan(
            (Nudge(("29:ana", "29:bea"), 1.0, ("Hi",), (slot,), "Kitchen"),), ()), now)

    def bodies(url):
        [nudge] = Store.open(f"sqlite:///{tmp_path / 'teams.db'}").nudges("TENANT1")
        return [execute(url, {"weaktie": "answer", "value": f"{nudge.id}:0",
                              "answer": "accepted"})]

    [(status, body)], store, _ = post_all(tmp_path, bodies, before=plan)
    assert status == 200 and body["type"] == "application/vnd.microsoft.activity.message"
    assert body["value"].startswith("Great, you accepted")
    assert store.answers("TENANT1", store.nudges("TENANT1")[0].id) == {"29:ana": ("accepted", 0)}


@pytest.mark.parametrize("value", [None, "x", {"action": "x"}, {"action": {"type": "Action.Submit"}},
                                   {"action": {"type": "Action.Execute", "data": [1]}}])
def test_a_malformed_action_execute_gets_an_error_response_and_writes_nothing(tmp_path, value):
    [(status, body)], _, _ = post_all(tmp_path, lambda url: [invoke(url, "adaptiveCard/action",
                                                                    value)])
    assert status == 200
    assert body["statusCode"] == 400 and body["type"] == "application/vnd.microsoft.error"
    assert sum(row_counts(tmp_path / "teams.db").values()) == 0


def test_an_action_execute_that_is_not_ours_is_answered_and_writes_nothing(tmp_path):
    [(status, body)], _, _ = post_all(tmp_path, lambda url: [execute(url, {"other": "app"})])
    assert status == 200 and body["statusCode"] == 200 and "not one of weaktie's" in body["value"]
    assert sum(row_counts(tmp_path / "teams.db").values()) == 0


@pytest.mark.parametrize("name, expected", [
    (None, None), ("signin/verifyState", None), ("signin/tokenExchange", None),
    ("fileConsent/invoke", None), ("actionableMessage/executeAction", None),
    ("composeExtension/query", "composeExtension"), ("composeExtension/queryLink", "composeExtension"),
    ("composeExtension/selectItem", "composeExtension"), ("composeExtension/fetchTask", "task"),
    ("composeExtension/submitAction", {}), ("composeExtension/setting", None),
    ("task/fetch", "task"), ("task/submit", {}), ("tab/fetch", "tab"), ("config/fetch", "config"),
    ("handoff/action", None), ("made/up", None),
])
def test_every_other_invoke_is_accepted_never_501(tmp_path, name, expected):
    [(status, body)], _, fake = post_all(tmp_path, lambda url: [invoke(url, name, {"any": 1})])
    assert status == 200
    if isinstance(expected, str):
        assert expected in body
    else:
        assert body == expected
    assert fake.replies == []
