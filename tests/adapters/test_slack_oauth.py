"""Multi-workspace Slack: the OAuth install flow over HTTP, tokens sealed at rest, events
authorised per workspace, and the token gone at once on uninstall."""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import replace
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bench.slack_standin import slack_arguments
from bot.store import Store
from entrypoints.app import build
from entrypoints.config import Settings, SettingsError, check_serving
from tests.adapters.test_slack_events import SECRET, event, message, post
from tests.adapters.test_slack_nudges import FakeSlack

TOKEN = "xoxb-THE-SECRET-BOT-TOKEN"


def grant(token: str, team: str | None, enterprise: str | None = None, org: bool = False,
          bot_user: str = "UB9", installer: str = "UINST") -> dict:
    """oauth.v2.access's answer (https://api.slack.com/methods/oauth.v2.access): a workspace
    install names its team (and, in Enterprise Grid, its enterprise); an org-wide install
    has `team: null`, its enterprise and is_enterprise_install
    (https://api.slack.com/enterprise/apps/reference)."""
    return {"ok": True, "app_id": "A1", "authed_user": {"id": installer},
            "scope": "channels:history,chat:write", "token_type": "bot", "access_token": token,
            "bot_user_id": bot_user, "team": {"id": team, "name": "Nine"} if team else None,
            "enterprise": {"id": enterprise, "name": "Org"} if enterprise else None,
            "is_enterprise_install": org}


class FakeSlackOAuth(FakeSlack):
    """Slack's Web API on loopback for installs: oauth.v2.access answers the grant its code
    names, auth.test answers for the tokens granted (an org-wide token's team_id is its
    enterprise, as Slack answers); the rest is FakeSlack's (conversations.open,
    chat.postMessage, conversations.history), so that nudges can go out with those tokens."""

    def __init__(self, grants: dict[str, dict] | None = None) -> None:
        super().__init__()
        self.grants = grants if grants is not None else {"abc": grant(TOKEN, "T9")}

    async def answer(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        if method not in ("oauth.v2.access", "auth.test"):
            return await super().answer(request)
        auth = request.headers.get("Authorization")
        self.calls.append(method)
        self.auths.append(auth)
        if method == "oauth.v2.access":
            found = self.grants.get((await slack_arguments(request)).get("code"))
            return web.json_response(found or {"ok": False, "error": "invalid_code"})
        for given in self.grants.values():
            if auth == f"Bearer {given['access_token']}":
                enterprise = (given["enterprise"] or {}).get("id")
                team = (given["team"] or {}).get("id") or enterprise
                return web.json_response({
                    "ok": True, "url": "https://nine.slack.com/", "team_id": team,
                    "user_id": given["bot_user_id"], "bot_id": "B" + given["bot_user_id"][1:],
                    "enterprise_id": enterprise,
                    "is_enterprise_install": given["is_enterprise_install"]})
        return web.json_response({"ok": False, "error": "invalid_auth"})

    def called(self) -> list[tuple[str, str | None]]:
        """(method, Authorization header) of each call."""
        return list(zip(self.calls, self.auths, strict=True))


def settings_for(api_url: str) -> Settings:
    return Settings(database_url="unused", slack_signing_secret=SECRET, slack_client_id="111.222",
                    slack_client_secret="client-secret", slack_api_url=api_url,
                    secret_key="a-long-enough-secret-key")


async def add_to_slack(client: TestClient, code: str = "abc") -> tuple[int, int, str, str]:
    """An installer's browser through bolt's OAuth flow: /slack/install, then Slack sends
    them back to /slack/oauth_redirect with `code`. (install page status, redirect status,
    redirect page, the state used)."""
    page = await client.get("/slack/install")
    html = await page.text()
    link = unescape(re.search(r'href="(https://slack.com/oauth[^"]+)"', html).group(1))
    state = parse_qs(urlparse(link).query)["state"][0]
    cookie = page.headers["Set-Cookie"].split(";")[0]  # Secure: forward it by hand
    done = await client.get(f"/slack/oauth_redirect?code={code}&state={state}",
                            headers={"Cookie": cookie})
    return page.status, done.status, await done.text(), state


def serve(store: Store, fake: FakeSlackOAuth, scenario) -> None:
    """The stand-in and our app in OAuth mode on loopback; `scenario(client, api_url)`."""
    async def main():
        async with TestServer(fake.app) as api:
            url = str(api.make_url("/api/"))
            async with TestClient(TestServer(build(settings_for(url), store))) as client:
                await scenario(client, url)

    asyncio.run(main())


def install(tmp_path: Path, then=None) -> tuple[Store, FakeSlackOAuth, list]:
    store = Store.open(f"sqlite:///{tmp_path / 'oauth.db'}")
    fake, seen = FakeSlackOAuth(), []

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

    serve(store, FakeSlackOAuth(), scenario)
    assert 400 <= statuses[0] < 500
    assert store.slack_install(None, "T9") is None


def test_an_oauth_answer_naming_no_usable_workspace_is_a_4xx_and_saves_nothing(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'odd.db'}")
    fake = FakeSlackOAuth({"abc": grant(TOKEN, "T" * 300)})
    seen = []

    async def scenario(client, _url):
        seen.append((await add_to_slack(client))[1])

    serve(store, fake, scenario)
    assert seen == [400]  # bolt's storage_error would be a 500
    assert store.tenant_names() == []
