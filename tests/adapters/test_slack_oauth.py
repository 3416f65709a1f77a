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

from bot.app import build
from bot.config import Settings, SettingsError, check_serving
from bot.store import Store
from tests.adapters.test_slack_events import SECRET, event, message, post

TOKEN = "xoxb-THE-SECRET-BOT-TOKEN"


class FakeSlackOAuth:
    """Slack's Web API on loopback for an install: oauth.v2.access, then auth.test per token."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None]] = []
        self.app = web.Application()
        self.app.router.add_post("/api/{method}", self.answer)

    async def answer(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        auth = request.headers.get("Authorization")
        self.calls.append((method, auth))
        if method == "oauth.v2.access":
            return web.json_response({
                "ok": True, "app_id": "A1", "authed_user": {"id": "UINST"},
                "scope": "channels:history,chat:write", "token_type": "bot",
                "access_token": TOKEN, "bot_user_id": "UB9", "team": {"id": "T9", "name": "Nine"},
                "enterprise": None, "is_enterprise_install": False})
        if method == "auth.test":
            ok = auth == f"Bearer {TOKEN}"
            return web.json_response({"ok": ok, "bot_id": "B9", "user_id": "UB9", "team_id": "T9",
                                      **({} if ok else {"error": "invalid_auth"})})
        return web.json_response({"ok": False, "error": "unknown_method"})


def settings_for(api_url: str) -> Settings:
    return Settings(database_url="unused", slack_signing_secret=SECRET, slack_client_id="111.222",
                    slack_client_secret="client-secret", slack_api_url=api_url,
                    secret_key="a-long-enough-secret-key")


def install(tmp_path: Path, then=None) -> tuple[Store, FakeSlackOAuth, list]:
    store = Store.open(f"sqlite:///{tmp_path / 'oauth.db'}")
    fake, seen = FakeSlackOAuth(), []

    async def main():
        async with TestServer(fake.app) as api:
            app = build(settings_for(str(api.make_url("/api/"))), store)
            async with TestClient(TestServer(app)) as client:
                page = await client.get("/slack/install")
                html = await page.text()
                link = unescape(re.search(r'href="(https://slack.com/oauth[^"]+)"', html).group(1))
                state = parse_qs(urlparse(link).query)["state"][0]
                cookie = page.headers["Set-Cookie"].split(";")[0]  # Secure: forward it by hand
                done = await client.get(f"/slack/oauth_redirect?code=abc&state={state}",
                                        headers={"Cookie": cookie})
                seen.append((page.status, done.status, await done.text()))
                again = await client.get(f"/slack/oauth_redirect?code=abc&state={state}",
                                         headers={"Cookie": cookie})
                seen.append(again.status)
                if then:
                    await then(client)

    asyncio.run(main())
    return store, fake, seen


def test_installing_stores_the_workspace_with_its_token_sealed(tmp_path):
    store, fake, seen = install(tmp_path)
    (page, done, text), replay = seen
    assert page == 200 and done == 200
    assert replay != 200  # a state works once
    row = store.slack_install(None, "T9")
    assert row["bot_user_id"] == "UB9" and row["installer_user_id"] == "UINST"
    assert TOKEN not in row["bot_token_encrypted"]
    assert TOKEN.encode() not in (tmp_path / "oauth.db").read_bytes()
    assert any(m == "oauth.v2.access" for m, _ in fake.calls)


def test_events_from_an_installed_workspace_are_authorised_with_its_own_token(tmp_path):
    async def then(client):
        payload = event("EvO1", message(user="UANA"), team="T9")
        assert (await post(client, payload))[0] == 200
        assert (await post(client, event("EvO2", {"type": "app_uninstalled"}, team="T9")))[0] == 200

    store, fake, _ = install(tmp_path, then)
    assert [(i.actor, i.kind) for i in store.interactions("T9")] == [("UANA", "message")]
    assert ("auth.test", f"Bearer {TOKEN}") in fake.calls
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
    from bot.secrets import SecretBox
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
