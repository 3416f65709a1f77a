"""A tenant with kept records (one round's outcomes, two offices' health), the sign-in link a
manager gets by asking the bot in chat over Slack, and the dashboard's cookies read off a
response: shared by the HTTP tests and the browser tests of /admin."""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

from aiohttp.test_utils import TestClient

from bot.service.clockwork import keep_week
from tests.helpers.health import org
from tests.helpers.outcomes import NOW, a_round
from tests.helpers.slack import post, signed

BOSS = "UBOSS"  # a workspace admin (the Slack stand-in's users.info says so)
LINK = re.compile(r"https?://[^\s/]+(/admin/signin/[A-Za-z0-9_-]+)")


def seeded(store, tenant: str = "T1", pairs: int = 12, per_office: int = 12) -> None:
    """A round ten weeks ago whose met half kept talking, two offices, and the clock's week."""
    a_round(store, tenant, pairs=pairs, chat_after=3)
    org(store, tenant, per_office)
    keep_week(store, NOW)


def people_of(store, tenant: str = "T1") -> list[tuple[str, str]]:
    """(id, name) of everyone, to look for in pages."""
    return [(p.id, p.name) for p in store.people(tenant).values()]


async def say(client: TestClient, user: str, text: str, team: str = "T1") -> str:
    """A slash command, signed as Slack signs it (api.slack.com/interactivity/slash-commands)."""
    body = urlencode({"team_id": team, "user_id": user, "command": "/coffee", "text": text,
                      "channel_id": "D1", "token": "x", "response_url": "http://127.0.0.1:9/x",
                      "trigger_id": "1"}).encode()
    headers = {**signed(body), "Content-Type": "application/x-www-form-urlencoded"}
    status, answer = await post(client, body, headers)
    assert status == 200, answer
    return json.loads(answer).get("text", answer) if answer.startswith("{") else answer


async def link_for(client: TestClient, user: str = BOSS, team: str = "T1") -> str:
    """The path of the sign-in link the bot gives `user` in chat."""
    said = await say(client, user, "admin dashboard", team)
    found = LINK.search(said)
    assert found, said
    return found.group(1)


def csrf_in(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)
