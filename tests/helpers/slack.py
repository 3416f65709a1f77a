"""Slack requests as Slack sends them (signed events, slash commands, button clicks) into the
real app on loopback, with the Web API stand-in (tests/standins/slack.py); shared by the Slack
adapter, admin, conformance and lifecycle tests."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from aiohttp.test_utils import TestClient, TestServer

from adapters.slack.send import SlackNudges, nudge_client
from bot.core.model import Interaction, Nudge, RoundPlan, Slot
from bot.core.programs import Program
from bot.service.delivery import deliver_due
from bot.store import Store
from entrypoints.app import build
from entrypoints.config import Settings
from tests.standins.slack import SlackWebApi

SECRET = "test-signing-secret"


CANARY = "CANARY-the-quarterly-numbers-are-bad"


def event(event_id: str, inner: dict, team: str = "T1") -> dict:
    return {"type": "event_callback", "team_id": team, "api_app_id": "A1", "event_id": event_id,
            "event_time": 1780000000, "event": inner}


def message(user: str = "UANA", text: str = CANARY, **extra) -> dict:
    return {"type": "message", "user": user, "text": text, "channel": "C1",
            "channel_type": "channel", "ts": "1780000000.000100",
            "event_ts": "1780000000.000100", **extra}


def reaction(user: str = "UBEA", item_user: str = "UANA", reaction: str = "tada", **extra) -> dict:
    """A reaction_added event: `user` reacted to `item_user`'s message in C1."""
    return {"type": "reaction_added", "user": user, "reaction": reaction, "item_user": item_user,
            "item": {"type": "message", "channel": "C1", "ts": "1780000000.000100"},
            "event_ts": "1780000001.000100", **extra}


def signed(body: bytes, timestamp: int | None = None, secret: str = SECRET) -> dict:
    """Headers as Slack signs a request: HMAC-SHA256 over "v0:{ts}:{the exact bytes}"."""
    ts = str(timestamp if timestamp is not None else int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    signature = f"v0={digest}"
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature,
            "Content-Type": "application/json"}


@asynccontextmanager
async def slack_app(store: Store, fake=None, token: str = "xoxb-test"):
    """`weaktie serve`'s application for one workspace (signing secret, bot token) over
    `store`, with the Web API stand-in `fake` (SlackWebApi by default), both on loopback:
    yields the client and the settings."""
    fake = fake or SlackWebApi()
    async with TestServer(fake.app) as api:
        settings = Settings(database_url="unused", slack_signing_secret=SECRET,
                            slack_bot_token=token, slack_api_url=str(api.make_url("/api/")))
        async with TestClient(TestServer(build(settings, store))) as client:
            yield client, settings


def run(tmp_path: Path, scenario, fake: SlackWebApi | None = None) -> tuple[Store, list[str]]:
    """Start the stand-in and our app on loopback, run `scenario(client)`, return the store."""
    store = Store.open(f"sqlite:///{tmp_path / 'slack.db'}")
    fake = fake or SlackWebApi()

    async def main() -> None:
        async with slack_app(store, fake) as (client, _):
            await scenario(client)

    asyncio.run(main())
    return store, fake.calls


async def post(client: TestClient, payload: dict | bytes, headers: dict | None = None,
               **sign) -> tuple[int, str]:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    response = await client.post("/slack/events", data=body, headers=headers or signed(body, **sign))
    return response.status, await response.text()


def stored(store: Store, tenant: str = "T1") -> list[tuple]:
    return [(i.actor, i.target, i.kind, i.channel) for i in store.interactions(tenant)]


def interactive(payload: dict) -> tuple[bytes, dict]:
    body = urlencode({"payload": json.dumps(payload)}).encode()
    return body, {**signed(body), "Content-Type": "application/x-www-form-urlencoded"}


def views(fake: SlackWebApi, method: str) -> list[dict]:
    out = []
    for p in fake.posted:
        if p.get("method") == method:
            out.append(json.loads(p["view"]) if isinstance(p["view"], str) else p["view"])
    return out


BUTTON = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": "UANA", "team_id": "T1"},
          "api_app_id": "A1", "trigger_id": "1.2", "container": {"type": "message"},
          "actions": [{"action_id": "home_join", "block_id": "home", "type": "button",
                       "action_ts": "1780000000.1"}]}


NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def planned_store(tmp_path: Path) -> Store:
    """A Slack tenant with one planned nudge for UANA and UBEA."""
    store = Store.open(f"sqlite:///{tmp_path / 'nudges.db'}")
    store.record_interactions("T1", [("e1", Interaction("UANA", "UBEA", "reply", NOW, "C1"))],
                              "slack")
    slot = Slot(NOW + timedelta(days=1), NOW + timedelta(days=1, minutes=30))
    plan = RoundPlan((Nudge(("UANA", "UBEA"), 2.0, ("You both know Cai Wu",), (slot,),
                            "Kitchen, 2nd floor"),), ())
    store.save_round("T1", Program(), NOW, plan, NOW)
    return store


def deliver(store: Store, fake: SlackWebApi, rounds: int = 1) -> list:
    async def main():
        reports = []
        async with TestServer(fake.app) as api:
            adapter = SlackNudges(nudge_client("xoxb-test", str(api.make_url("/api/"))))
            for _ in range(rounds):
                reports.append(await deliver_due(store, "slack", adapter, NOW))
        return reports

    return asyncio.run(main())


def click(action: str, value: str, user: str, response_url: str) -> tuple[bytes, dict]:
    payload = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": user, "team_id": "T1"},
               "api_app_id": "A1", "token": "x", "trigger_id": "1.2", "response_url": response_url,
               "container": {"type": "message"}, "channel": {"id": "G1"},
               "message": {"ts": "1780000000.1", "text": "Time for a coffee",
                           "blocks": [{"type": "section", "block_id": "s",
                                       "text": {"type": "mrkdwn", "text": "hi"}}]},
               "actions": [{"action_id": action, "block_id": "nudge", "value": value,
                            "type": "button", "action_ts": "1780000000.1"}]}
    body = urlencode({"payload": json.dumps(payload)}).encode()
    return body, {**signed(body), "Content-Type": "application/x-www-form-urlencoded"}


def clicks(tmp_path: Path, store: Store, fake: SlackWebApi, answers: list[tuple[str, str, str]],
           then_get: str | None = None) -> tuple[list[int], tuple[int, str] | None]:
    """Send signed button clicks (action, value, user) into the app; optionally GET a path."""
    statuses, fetched = [], []

    async def main():
        async with TestServer(fake.app) as api:
            settings = Settings(database_url="unused", slack_signing_secret=SECRET,
                                slack_bot_token="xoxb-test", slack_api_url=str(api.make_url("/api/")),
                                public_url="https://weaktie.example", secret_key="k" * 32)
            respond = str(api.make_url("/respond"))
            async with TestClient(TestServer(build(settings, store))) as client:
                for action, value, user in answers:
                    body, headers = click(action, value, user, respond)
                    response = await client.post("/slack/events", data=body, headers=headers)
                    statuses.append(response.status)
                if then_get:
                    response = await client.get(then_get)
                    fetched.append((response.status, await response.text()))

    asyncio.run(main())
    return statuses, (fetched[0] if fetched else None)
