"""Nudges out through a loopback stand-in for the Slack Web API: once, never twice, never lost;
and a click on a button, signed, into the real app, becomes feedback."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.slack_nudges import SlackNudges, nudge_client
from bot.app import build
from bot.config import Settings
from bot.core.model import Interaction, Nudge, RoundPlan, Slot
from bot.core.programs import Program
from bot.delivery import deliver_due
from bot.store import Store
from tests.adapters.test_slack_events import SECRET, signed

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


class FakeSlack:
    """The Slack Web API on loopback, with the failures a real network has."""

    def __init__(self, drop_first_post: bool = False, rate_limit_first_post: bool = False):
        self.posts: list[dict] = []
        self.calls: list[str] = []
        self.responses: list[dict] = []
        self.drop_first_post = drop_first_post
        self.rate_limit_first_post = rate_limit_first_post
        self.app = web.Application()
        self.app.router.add_post("/api/{method}", self.answer)
        self.app.router.add_get("/api/{method}", self.answer)  # the SDK reads history with GET
        self.app.router.add_post("/respond", self.respond)

    async def answer(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        self.calls.append(method)
        form = dict(request.query)  # the SDK sends some methods' arguments as query params,
        if request.method == "POST":
            form.update(await request.json() if request.content_type == "application/json"
                        else dict(await request.post()))  # others as JSON or a form
        if method == "auth.test":
            return web.json_response({"ok": True, "user_id": "UBOT", "bot_id": "B1",
                                      "team_id": "T1"})
        if method == "conversations.open":
            return web.json_response({"ok": True, "channel": {"id": "G" + form["users"][:4]}})
        if method == "conversations.history":
            messages = [{"ts": p["ts"], "metadata": p["metadata"]} for p in self.posts
                        if p["channel"] == form["channel"]]
            return web.json_response({"ok": True, "messages": messages})
        if method == "chat.postMessage":
            if self.rate_limit_first_post:
                self.rate_limit_first_post = False
                return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                         headers={"Retry-After": "1"})
            metadata = form["metadata"] if isinstance(form["metadata"], dict) \
                else json.loads(form["metadata"])
            self.posts.append({**form, "metadata": metadata, "ts": f"17800000{len(self.posts)}.1"})
            if self.drop_first_post:  # Slack took it, but the answer never arrives
                self.drop_first_post = False
                request.transport.close()
                return web.Response()
            return web.json_response({"ok": True, "channel": form["channel"],
                                      "ts": self.posts[-1]["ts"]})
        return web.json_response({"ok": False, "error": "unknown_method"})

    async def respond(self, request: web.Request) -> web.Response:
        self.responses.append(await request.json())
        return web.json_response({"ok": True})


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


def deliver(store: Store, fake: FakeSlack, rounds: int = 1) -> list:
    async def main():
        reports = []
        async with TestServer(fake.app) as api:
            adapter = SlackNudges(nudge_client("xoxb-test", str(api.make_url("/api/"))))
            for _ in range(rounds):
                reports.append(await deliver_due(store, "slack", adapter, NOW))
        return reports

    return asyncio.run(main())


def test_a_nudge_goes_once_to_a_group_dm_with_who_why_when_where_and_answers(tmp_path):
    store, fake = planned_store(tmp_path), FakeSlack()
    first, second = deliver(store, fake, rounds=2)
    assert first.sent and not second.sent
    assert len(fake.posts) == 1 and fake.calls.count("chat.postMessage") == 1
    post = fake.posts[0]
    blocks = json.loads(post["blocks"]) if isinstance(post["blocks"], str) else post["blocks"]
    text = blocks[0]["text"]["text"]
    assert "<@UANA> and <@UBEA>" in text and "You both know Cai Wu" in text
    assert "<!date^" in text and "Kitchen, 2nd floor" in text
    assert [b["action_id"] for b in blocks[1]["elements"]] == [
        "nudge_accepted", "nudge_another_time", "nudge_declined"]
    assert post["metadata"]["event_payload"]["nudge"] == first.sent[0]
    [nudge] = store.nudges("T1")
    assert nudge["state"] == "sent" and nudge["delivery_ref"].endswith(post["ts"])


def test_a_dropped_connection_is_never_resent_blindly(tmp_path):
    store, fake = planned_store(tmp_path), FakeSlack(drop_first_post=True)
    first, second = deliver(store, fake, rounds=2)
    assert first.uncertain and not first.sent  # unsure: left claimed, not resent at once
    assert second.sent == first.uncertain  # resumed: found in the conversation, not reposted
    assert len(fake.posts) == 1
    assert "conversations.history" in fake.calls


def test_a_rate_limit_waits_and_sends_once(tmp_path):
    store, fake = planned_store(tmp_path), FakeSlack(rate_limit_first_post=True)
    [report] = deliver(store, fake)
    assert report.sent and len(fake.posts) == 1
    assert fake.calls.count("chat.postMessage") == 2


def click(action: str, nudge: int, user: str, response_url: str) -> tuple[bytes, dict]:
    payload = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": user, "team_id": "T1"},
               "api_app_id": "A1", "token": "x", "trigger_id": "1.2", "response_url": response_url,
               "container": {"type": "message"}, "channel": {"id": "G1"},
               "actions": [{"action_id": action, "block_id": f"nudge-{nudge}", "value": str(nudge),
                            "type": "button", "action_ts": "1780000000.1"}]}
    body = urlencode({"payload": json.dumps(payload)}).encode()
    return body, {**signed(body), "Content-Type": "application/x-www-form-urlencoded"}


def test_a_click_becomes_feedback_from_that_member_only(tmp_path):
    store, fake = planned_store(tmp_path), FakeSlack()
    [nudge] = store.nudges("T1")
    statuses = []

    async def main():
        async with TestServer(fake.app) as api:
            settings = Settings(database_url="unused", slack_signing_secret=SECRET,
                                slack_bot_token="xoxb-test", slack_api_url=str(api.make_url("/api/")))
            respond = str(api.make_url("/respond"))
            async with TestClient(TestServer(build(settings, store))) as client:
                for action, user in (("nudge_accepted", "UANA"), ("nudge_declined", "UZED")):
                    body, headers = click(action, nudge["id"], user, respond)
                    response = await client.post("/slack/events", data=body, headers=headers)
                    statuses.append(response.status)

    asyncio.run(main())
    assert statuses == [200, 200]
    assert [r["text"] for r in fake.responses][0].startswith("Great, you accepted")
    assert "not a member" in fake.responses[1]["text"]
    export = store.export_person("T1", "UANA")
    assert [f["kind"] for f in export["feedback"]] == ["accepted"]
    assert store.person("T1", "UZED") is None
