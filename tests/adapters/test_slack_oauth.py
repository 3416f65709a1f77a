"""Multi-workspace Slack: the OAuth install flow over HTTP, tokens sealed at rest, events
authorised per workspace, and the token gone at once on uninstall."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from bot.store import Store
from entrypoints.config import SettingsError, check_serving
from tests.helpers.slack import event, message, post
from tests.helpers.slack_oauth import TOKEN, add_to_slack, grant, oauth_api, serve, settings_for
from tests.standins.slack import SlackWebApi


def install(tmp_path: Path, then=None) -> tuple[Store, SlackWebApi, list]:
    store = Store.open(f"sqlite:///{tmp_path / 'oauth.db'}")
    fake, seen = oauth_api(), []

    async def scenario(client, _url):
        page, done, text, state = await add_to_slack(client)
        seen.append((page, done, text))
        cookie = {"Cookie": f"slack-app-oauth-state={state}"}
        again = await client.get(f"/slack/oauth_redirect?code=abc&state={state}", headers=cookie)
        seen.append(again.status)
        if then:
            await then(client)

    serve(store, fake, scenario)
    return store, fake, seen


def test_installing_stores_the_workspace_with_its_token_sealed(tmp_path):
    store, fake, seen = install(tmp_path)
    (page, done, text), replay = seen
    assert page == 200 and done == 200
    assert replay != 200  # a state works once
    row = store.slack_install(None, "T9")
    assert row.bot_user_id == "UB9" and row.installer_user_id == "UINST"
    assert TOKEN not in row.bot_token_encrypted
    assert TOKEN.encode() not in (tmp_path / "oauth.db").read_bytes()
    assert "oauth.v2.access" in fake.calls


def test_events_from_an_installed_workspace_are_authorised_with_its_own_token(tmp_path):
    async def then(client):
        payload = event("EvO1", message(user="UANA"), team="T9")
        assert (await post(client, payload))[0] == 200
        assert (await post(client, event("EvO2", {"type": "app_uninstalled"}, team="T9")))[0] == 200

    store, fake, _ = install(tmp_path, then)
    assert [(i.actor, i.kind) for i in store.interactions("T9")] == [("UANA", "message")]
    assert ("auth.test", f"Bearer {TOKEN}") in fake.called()
    assert store.slack_install(None, "T9") is None  # uninstalled: the token is gone at once


@pytest.mark.parametrize("changes, named", [
    ({"secret_key": None}, "WEAKTIE_SECRET_KEY"),
    ({"slack_client_secret": None}, "SLACK_CLIENT_SECRET"),
    ({"slack_bot_token": "xoxb-1"}, "choose one"),
])
def test_multi_workspace_settings_are_checked_by_name(changes, named):
    good = settings_for("http://127.0.0.1:9/api/")
    check_serving(good)  # the complete multi-workspace settings are accepted
    with pytest.raises(SettingsError, match=named):
        check_serving(replace(good, **changes))


def test_the_sealed_token_cannot_be_read_with_another_key():
    from bot.errors import WeaktieError
    from entrypoints.secrets import SecretBox
    sealed = SecretBox("a-long-enough-secret-key").seal(TOKEN)
    assert SecretBox("a-long-enough-secret-key").open(sealed) == TOKEN
    with pytest.raises(WeaktieError, match="cannot be decrypted"):
        SecretBox("another-long-secret-key").open(sealed)
    assert json.dumps(sealed).count(TOKEN) == 0


def test_an_event_from_a_workspace_that_never_installed_is_refused_and_stores_nothing(tmp_path):
    statuses = []

    async def then(client):
        statuses.append((await post(client, event("EvX", message(user="UZED"), team="T404")))[0])

    store, _, _ = install(tmp_path, then)
    assert statuses and statuses[0] < 500
    assert "T404" not in store.tenant_names()


@pytest.mark.parametrize("state", ["s" * 300, "%E2%80%AE" * 40, "a%20b"])
def test_a_callback_with_a_state_no_column_can_hold_is_refused_with_a_4xx(tmp_path, state):
    store = Store.open(f"sqlite:///{tmp_path / 'state.db'}")
    statuses = []

    async def scenario(client, _url):
        # the browser's cookie and the query agree, as a forger can make them
        cookie = {"Cookie": f"slack-app-oauth-state={state}"}
        done = await client.get(f"/slack/oauth_redirect?code=abc&state={state}", headers=cookie)
        statuses.append(done.status)

    serve(store, oauth_api(), scenario)
    assert 400 <= statuses[0] < 500
    assert store.slack_install(None, "T9") is None


def test_an_oauth_answer_naming_no_usable_workspace_is_a_4xx_and_saves_nothing(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'odd.db'}")
    fake = oauth_api({"abc": grant(TOKEN, "T" * 300)})
    seen = []

    async def scenario(client, _url):
        seen.append((await add_to_slack(client))[1])

    serve(store, fake, scenario)
    assert seen == [400]  # bolt's storage_error would be a 500
    assert store.tenant_names() == []
