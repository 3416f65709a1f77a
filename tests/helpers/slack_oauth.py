"""Slack OAuth installs as an installer's browser goes through them, and rounds delivered with an
installed workspace's token: shared by the OAuth, reinstall and Enterprise Grid tests."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlparse

from aiohttp.test_utils import TestClient, TestServer

from bot.core.model import Interaction, Nudge, RoundPlan, Slot
from bot.core.programs import Program
from bot.service.delivery import deliver_due
from bot.store import Store
from entrypoints.app import build, senders
from entrypoints.config import Settings
from tests.helpers.slack import SECRET
from tests.standins.slack import SlackWebApi

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


def serve(store: Store, fake: SlackWebApi, scenario) -> None:
    """The stand-in and our app in OAuth mode on loopback; `scenario(client, api_url)`."""
    async def main():
        async with TestServer(fake.app) as api:
            url = str(api.make_url("/api/"))
            async with TestClient(TestServer(build(settings_for(url), store))) as client:
                await scenario(client, url)

    asyncio.run(main())


def a_round(store: Store, tenant: str, now: datetime) -> None:
    store.record_interactions(tenant, [(f"{tenant}-x", Interaction("UBEA", "UANA", "dm", now))],
                              "slack")
    slot = Slot(now + timedelta(days=1), now + timedelta(days=1, minutes=30))
    plan = RoundPlan((Nudge(("UANA", "UBEA"), 1.0, ("You both know Cai",), (slot,)),), ())
    store.save_round(tenant, Program(), now, plan, now)


async def deliver(store: Store, settings: Settings, now: datetime):
    return await deliver_due(store, "slack", senders(store, settings)["slack"], now)


def oauth_api(grants: dict[str, dict] | None = None) -> SlackWebApi:
    """The Web API stand-in for installs: oauth.v2.access answers the grant its code names
    (by default one workspace, T9, granted TOKEN for the code "abc"), auth.test answers for the
    tokens granted; nudges can then go out with those tokens."""
    return SlackWebApi(grants=grants if grants is not None else {"abc": grant(TOKEN, "T9")})
