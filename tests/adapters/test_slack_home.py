"""The App Home tab and the profile modal, end to end over signed HTTP."""

from __future__ import annotations

import json

from tests.helpers.slack import event, interactive, post, run, views
from tests.standins.slack import SlackWebApi


def button(action: str, user: str = "UANA") -> tuple[bytes, dict]:
    return interactive({"type": "block_actions", "team": {"id": "T1"},
                        "user": {"id": user, "team_id": "T1"}, "api_app_id": "A1",
                        "token": "x", "trigger_id": "13.37", "container": {"type": "view"},
                        "actions": [{"action_id": action, "block_id": "home", "type": "button",
                                     "action_ts": "1780000000.1"}]})


def submission(office: str, tz: str, hours: str, avoid: list[str]) -> tuple[bytes, dict]:
    values = {"office": {"value": {"type": "plain_text_input", "value": office}},
              "tz": {"value": {"type": "plain_text_input", "value": tz}},
              "hours": {"value": {"type": "plain_text_input", "value": hours}},
              "avoid": {"value": {"type": "multi_users_select", "selected_users": avoid}}}
    return interactive({"type": "view_submission", "team": {"id": "T1"},
                        "user": {"id": "UANA", "team_id": "T1"}, "api_app_id": "A1",
                        "token": "x", "trigger_id": "13.38",
                        "view": {"id": "V1", "type": "modal", "callback_id": "weaktie_profile",
                                 "state": {"values": values}}})


def test_opening_home_shows_my_state_and_join_takes_me_in(tmp_path):
    fake = SlackWebApi()

    async def scenario(client):
        await post(client, event("EvH1", {"type": "app_home_opened", "user": "UANA",
                                          "tab": "home", "channel": "D1"}))
        body, headers = button("home_join")
        assert (await post(client, body, headers))[0] == 200

    store, _ = run(tmp_path, scenario, fake)
    before, after = views(fake, "views.publish")
    assert "not taking part" in json.dumps(before) and "home_join" in json.dumps(before)
    assert "in the next round" in json.dumps(after) and "home_pause" in json.dumps(after)
    assert store.person("T1", "UANA").enrolled


def test_the_profile_modal_opens_refuses_bad_values_and_saves_good_ones(tmp_path):
    fake = SlackWebApi()
    answers = []

    async def scenario(client):
        body, headers = button("home_profile")
        await post(client, body, headers)
        answers.append(await post(client, *submission("Lisbon", "Mars/Olympus", "17-9", [])))
        answers.append(await post(client, *submission("Lisbon", "Europe/Lisbon", "8-16",
                                                      ["UBEA"])))

    store, _ = run(tmp_path, scenario, fake)
    [modal] = views(fake, "views.open")
    assert modal["callback_id"] == "weaktie_profile"
    status, text = answers[0]
    errors = json.loads(text)
    assert status == 200 and errors["response_action"] == "errors"
    assert set(errors["errors"]) == {"tz", "hours"}
    assert answers[1] == (200, "")
    ana = store.person("T1", "UANA")
    assert (ana.office, ana.timezone, ana.work_start, ana.work_end) == \
        ("Lisbon", "Europe/Lisbon", 480, 960)
    assert ana.do_not_pair == frozenset({"UBEA"})
