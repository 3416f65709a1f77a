"""Community managers by chat, end to end: signed Slack requests into the real aiohttp app and
bolt (users.info and views.open answered by a loopback stand-in), and Bot Framework activities
into the Teams endpoint; the program modal and the program card round trips."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from aiohttp.test_utils import TestClient, TestServer

from bot.core.model import Interaction
from bot.service.admin import REFUSAL
from bot.store import Store
from entrypoints.app import build
from entrypoints.config import Settings
from tests.helpers.admin_chat import coffee, says, slack, teams
from tests.helpers.slack import SECRET, event, interactive, post, signed, views
from tests.standins.microsoft import MicrosoftStandIn
from tests.standins.slack import SlackWebApi

CANARY = "CANARY-admin-words-never-logged"


def filled(modal: dict, **changes: str) -> dict:
    """The state Slack sends back for `modal` as it was opened, with some fields changed."""
    values = {}
    for block in modal["blocks"]:
        element, field = block["element"], block["block_id"]
        if element["type"] == "static_select":
            chosen = changes.get(field, (element.get("initial_option") or {}).get("value"))
            values[field] = {"value": {"type": "static_select",
                                       "selected_option": {"value": chosen} if chosen else None}}
        else:
            values[field] = {"value": {"type": "plain_text_input",
                                       "value": changes.get(field, element.get("initial_value"))}}
    return values


async def submit(client, user: str, modal: dict, **changes: str) -> tuple[int, str]:
    body, headers = interactive({"type": "view_submission", "team": {"id": "T1"},
                                 "user": {"id": user, "team_id": "T1"}, "api_app_id": "A1",
                                 "token": "x", "trigger_id": "13.39",
                                 "view": {"id": "V1", "type": "modal",
                                          "callback_id": modal["callback_id"],
                                          "state": {"values": filled(modal, **changes)}}})
    return await post(client, body, headers)


def test_a_slack_workspace_admin_manages_programs_and_an_employee_cannot(tmp_path):
    fake, said = SlackWebApi(admins=frozenset({"UADMIN"})), []

    async def scenario(client):
        said.append(await coffee(client, "UADMIN", "admin create coffee size=3"))
        said.append(await coffee(client, "UANA", "admin create tea"))
        said.append(await coffee(client, "UANA", "admin pause coffee"))
        asks = fake.calls.count("users.info")
        said.append(await coffee(client, "UANA", "join"))  # an employee's own words: no lookup
        assert fake.calls.count("users.info") == asks == 3
        dm = {"type": "message", "channel_type": "im", "user": "UADMIN", "channel": "D9",
              "text": "admin pause coffee", "ts": "1780000001.000100"}
        assert (await post(client, event("EvDM1", dm)))[0] == 200

    store = slack(tmp_path, scenario, fake)
    assert said[0].startswith("Created `coffee`") and said[1:3] == [REFUSAL, REFUSAL]
    assert said[3].startswith("You're in!")
    assert "`coffee` is paused" in fake.posted[-1]["text"]
    assert [(p.name, p.group_size, state) for p, state in store.programs("T1")] == \
        [("coffee", 3, "paused")]


def test_when_slack_cannot_say_who_is_admin_the_gate_stays_closed_and_no_words_are_logged(
        tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    fake, said = SlackWebApi(unknown=frozenset({"UGHOST"})), []

    async def scenario(client):
        said.append(await coffee(client, "UGHOST", f'admin create ghost cadence="{CANARY}"'))

    store = slack(tmp_path, scenario, fake)
    assert said == [REFUSAL] and store.programs("T1") == []
    assert "users.info failed for UGHOST" in caplog.text and "user_not_found" in caplog.text
    assert CANARY not in caplog.text


def test_the_slack_program_modal_opens_prefilled_refuses_bad_values_inline_and_saves(tmp_path):
    fake, said, answers = SlackWebApi(), [], []
    store = Store.open(f"sqlite:///{tmp_path / 'slack.db'}")

    async def scenario(client):
        await coffee(client, "UBOSS", 'admin create coffee size=3 mode=in-person '
                                      'venues="Lisbon: Kitchen, Café Lumen; Berlin: Roof"')
        said.append(await coffee(client, "UANA", "admin form coffee"))
        said.append(await coffee(client, "UBOSS", "admin form coffee"))
        [modal] = views(fake, "views.open")
        answers.append(await submit(client, "UBOSS", modal, tz="Nowhere/Land", venues="Lisbon",
                                    size="2"))
        answers.append(await submit(client, "UANA", modal, size="2"))  # forged: not a manager
        assert store.program("T1", "coffee").group_size == 3  # neither changed anything
        answers.append(await submit(client, "UBOSS", modal, size="4", cadence="weekly fri 15:00",
                                    tz="Europe/Lisbon", offices=""))

    slack(tmp_path, scenario, fake, managers={"UBOSS"}, store=store)
    assert said == [REFUSAL, ""]
    [opened] = [p for p in fake.posted if p.get("method") == "views.open"]
    assert opened["trigger_id"] == "trigger-UBOSS"
    modal = views(fake, "views.open")[0]
    blocks = {b["block_id"]: b["element"] for b in modal["blocks"]}
    assert set(blocks) >= {"name", "cadence", "tz", "size", "mode", "offices", "venues", "cooldown",
                           "enrolment", "scope", "tone", "dormant", "friends", "bridges",
                           "acquaintances", "fill"}
    assert blocks["name"]["initial_value"] == "coffee"
    assert blocks["size"]["initial_option"]["value"] == "3"
    assert blocks["mode"]["initial_option"]["value"] == "in-person"
    assert blocks["venues"]["initial_value"] == "Lisbon: Kitchen, Café Lumen; Berlin: Roof"
    bad, forged, good = answers
    assert bad[0] == 200 and json.loads(bad[1])["response_action"] == "errors"
    assert set(json.loads(bad[1])["errors"]) == {"tz", "venues"}
    assert json.loads(forged[1])["errors"] == {"name": REFUSAL}
    assert good == (200, "")
    coffee_now = store.program("T1", "coffee")
    assert (coffee_now.group_size, coffee_now.cadence, coffee_now.timezone, coffee_now.in_person) \
        == (4, "weekly fri 15:00", "Europe/Lisbon", True)
    assert coffee_now.venues == {"Lisbon": ("Kitchen", "Café Lumen"), "Berlin": ("Roof",)}
    confirmation = fake.posted[-1]
    assert confirmation["channel"] == "UBOSS" and confirmation["text"].startswith("Saved.")
    assert "Groups of 4" in confirmation["text"]


def test_the_slack_modal_for_a_new_program_creates_it(tmp_path):
    fake = SlackWebApi(admins=frozenset({"UADMIN"}))

    async def scenario(client):
        assert await coffee(client, "UADMIN", "admin form") == ""
        [modal] = views(fake, "views.open")
        assert "initial_value" not in modal["blocks"][0]["element"]
        assert (await submit(client, "UADMIN", modal, name="Bad name!"))[1].count("name") >= 1
        assert await submit(client, "UADMIN", modal, name="lunch", size="2") == (200, "")

    store = slack(tmp_path, scenario, fake)
    assert [p.name for p, _ in store.programs("T1")] == ["lunch"]


def test_on_teams_managers_come_from_weaktie_managers_by_entra_object_id_not_by_asking(tmp_path):
    async def scenario(client, url):
        for i, (who, text) in enumerate([("boss", "admin create coffee size=3"),
                                         ("ana", "admin create tea"), ("ana", "admin programs")]):
            assert (await client.post("/api/messages", json=says(url, who, text, f"a{i}"))).status \
                == 201

    store, fake = teams(tmp_path, scenario, managers={"aad-boss"})
    created, *refused = [r["text"] for r in fake.replies]
    assert created.startswith("Created `coffee`") and refused == [REFUSAL, REFUSAL]
    assert [p.name for p, _ in store.programs("TENANT1")] == ["coffee"]


def test_the_teams_program_card_round_trip(tmp_path):
    fake, store = MicrosoftStandIn(), Store.open(f"sqlite:///{tmp_path / 'teams.db'}")

    async def scenario(client, url):
        steps = [("boss", "admin create coffee size=3 offices=Lisbon"),
                 ("ana", "admin form coffee"), ("boss", "admin form coffee")]
        for i, (who, text) in enumerate(steps):
            await client.post("/api/messages", json=says(url, who, text, f"c{i}"))
        card = fake.replies[-1]["attachments"][0]["content"]
        sent = {e["id"]: e["value"] for e in card["body"] if "id" in e}
        data = card["actions"][0]["data"]
        for i, (who, changes) in enumerate([("boss", {"tz": "Nowhere/Land", "size": "9"}),
                                            ("ana", {"size": "2"}),
                                            ("boss", {"size": "4", "tone": "playful"})]):
            if who == "boss" and i:
                assert store.program("TENANT1", "coffee").group_size == 3  # nothing changed yet
            await client.post("/api/messages", json=says(url, who, "", f"s{i}",
                                                         {**sent, **changes, **data}))

    teams(tmp_path, scenario, {"29:boss"}, fake, store)  # named by the id the adapter uses
    texts = [r.get("text") for r in fake.replies]
    assert texts[1] == REFUSAL and not fake.replies[1].get("attachments")
    card = fake.replies[2]["attachments"][0]["content"]
    inputs = {e["id"]: e for e in card["body"] if "id" in e}
    assert (inputs["name"]["value"], inputs["size"]["value"], inputs["offices"]["value"]) == \
        ("coffee", "3", "Lisbon")
    assert inputs["size"]["type"] == "Input.ChoiceSet" and inputs["venues"]["isMultiline"]
    assert card["actions"][0]["data"] == {"weaktie": "program"}
    bad, forged, good = texts[3:]
    assert bad.startswith("Not saved") and "• tz:" in bad
    assert forged == "Not saved:\n• name: " + REFUSAL
    assert good.startswith("Saved.") and "Groups of 4" in good
    program = store.program("TENANT1", "coffee")
    assert (program.group_size, program.tone, program.offices) == (4, "playful", ("Lisbon",))


def test_a_slow_manager_command_is_acknowledged_at_once_and_answered_by_response_url(tmp_path):
    """Slack gives a slash command 3 seconds; planning or scoring a big round takes longer."""
    fake, store = SlackWebApi(), Store.open(f"sqlite:///{tmp_path / 'slack.db'}")
    said: list[str] = []

    async def main() -> None:
        async with TestServer(fake.app) as api:
            settings = Settings(database_url="unused", slack_signing_secret=SECRET,
                                slack_bot_token="xoxb-test", managers=frozenset({"UBOSS"}),
                                slack_api_url=str(api.make_url("/api/")))
            async with TestClient(TestServer(build(settings, store))) as client:
                for user, text in (("UBOSS", "admin run"), ("UANA", "admin preview")):
                    body = urlencode({"team_id": "T1", "user_id": user, "command": "/coffee",
                                      "text": text, "channel_id": "D1", "token": "x",
                                      "response_url": str(api.make_url("/respond")),
                                      "trigger_id": "t"}).encode()
                    status, answer = await post(client, body, {
                        **signed(body), "Content-Type": "application/x-www-form-urlencoded"})
                    assert status == 200
                    said.append(json.loads(answer)["text"] if answer.startswith("{") else answer)
                for _ in range(200):  # the answers come after the acknowledgements
                    if len(fake.responses) == 2:
                        break
                    await asyncio.sleep(0.05)

    recent = datetime.now(UTC) - timedelta(days=1)
    store.record_interactions("T1", [("e1", Interaction("UANA", "UBEA", "reply", recent, "C1"))],
                              "slack")
    asyncio.run(main())
    assert said == ["Working on it…", "Working on it…"]
    texts = sorted(r["text"] for r in fake.responses)  # answered in whichever order they finish
    assert texts[0].startswith("Round planned for `default`") and texts[1] == REFUSAL
    assert all(r["response_type"] == "ephemeral" for r in fake.responses)
