"""Community managers by chat on both platforms: a Slack workspace and a Teams tenant served on
loopback, and what a manager types; shared by the admin tests."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from urllib.parse import urlencode

from aiohttp.test_utils import TestClient, TestServer

from bot.store import Store
from entrypoints.app import build
from entrypoints.config import Settings
from tests.helpers.slack import SECRET, post, signed
from tests.helpers.teams import activity
from tests.standins.microsoft import MicrosoftStandIn
from tests.standins.slack import SlackWebApi


def slack(tmp_path: Path, scenario, fake: SlackWebApi, managers=frozenset(),
          store: Store | None = None) -> Store:
    store = store or Store.open(f"sqlite:///{tmp_path / 'slack.db'}")

    async def main() -> None:
        async with TestServer(fake.app) as api:
            settings = Settings(database_url="unused", slack_signing_secret=SECRET,
                                slack_bot_token="xoxb-test", managers=frozenset(managers),
                                slack_api_url=str(api.make_url("/api/")))
            async with TestClient(TestServer(build(settings, store))) as client:
                await scenario(client)

    asyncio.run(main())
    return store


async def coffee(client, user: str, text: str) -> str:
    """`/coffee text` from `user`; what the channel is told (the modal opened: "")."""
    body = urlencode({"team_id": "T1", "user_id": user, "command": "/coffee", "text": text,
                      "channel_id": "D1", "token": "x", "response_url": "http://127.0.0.1:9/x",
                      "trigger_id": f"trigger-{user}"}).encode()
    status, answer = await post(client, body, {**signed(body),
                                               "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200
    return json.loads(answer)["text"] if answer.startswith("{") else answer


def teams(tmp_path: Path, scenario, managers=frozenset(), fake: MicrosoftStandIn | None = None,
          store: Store | None = None) -> tuple[Store, MicrosoftStandIn]:
    store = store or Store.open(f"sqlite:///{tmp_path / 'teams.db'}")
    fake = fake or MicrosoftStandIn()

    async def main():
        async with TestServer(fake.app) as connector:
            url = str(connector.make_url("")).rstrip("/")
            app = build(Settings("unused", dev=True, managers=frozenset(managers)), store)
            async with TestClient(TestServer(app)) as client:
                await scenario(client, url)

    asyncio.run(main())
    return store, fake


def says(url: str, who: str, text: str, aid: str, value: dict | None = None) -> dict:
    body = activity(url, text, "personal", aid=aid)
    body["from"] = {"id": f"29:{who}", "name": who, "aadObjectId": f"aad-{who}"}
    if value is not None:
        body["value"] = value
    return body


def managers_told(tmp_path: Path, words: dict[str, list[str]]) -> dict[str, list[str]]:
    """What each Slack manager is told for each of their words, in order: UBOSS reads French
    (users.info's locale fr-FR), UENG English (en-GB)."""
    fake = SlackWebApi(admins=frozenset(words), locales={"UBOSS": "fr-FR", "UENG": "en-GB"})
    said: dict[str, list[str]] = {who: [] for who in words}

    async def scenario(client):
        for who, texts in words.items():
            for text in texts:
                said[who].append(await coffee(client, who, text))

    slack(tmp_path, scenario, fake)
    return said
