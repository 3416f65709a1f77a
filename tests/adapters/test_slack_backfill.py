"""Backfill through a loopback stand-in for the Web API: pages, threads, reactions, a 429."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from aiohttp import web
from aiohttp.test_utils import TestServer

from adapters.slack.backfill import backfill
from adapters.slack.send import nudge_client
from bot.store import Store

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TS = f"{NOW.timestamp() - 3600:.6f}"
CANARY = "CANARY-backfilled-text"


class FakeHistory:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.limited = True
        self.app = web.Application()
        self.app.router.add_route("*", "/api/{method}", self.answer)

    async def answer(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = dict(request.query)
        if request.method == "POST":
            args.update(dict(await request.post()))
        self.calls.append((method, args))
        if method == "conversations.list":
            if args.get("cursor") != "page2":
                return web.json_response({"ok": True, "channels": [
                    {"id": "C1", "is_member": True}, {"id": "C2", "is_member": False}],
                    "response_metadata": {"next_cursor": "page2"}})
            return web.json_response({"ok": True, "channels": [{"id": "C3", "is_member": True}]})
        if method == "conversations.history":
            if self.limited:
                self.limited = False
                return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                         headers={"Retry-After": "1"})
            if args["channel"] == "C3":
                return web.json_response({"ok": True, "messages": []})
            return web.json_response({"ok": True, "messages": [
                {"type": "message", "user": "UANA", "text": f"{CANARY} <@UBEA>", "ts": TS,
                 "reply_count": 1, "thread_ts": TS,
                 "reactions": [{"name": "tada", "users": ["UCAI"], "count": 1}]},
                {"type": "message", "subtype": "bot_message", "bot_id": "B1", "ts": TS + "1"}]})
        if method == "conversations.replies":
            return web.json_response({"ok": True, "messages": [
                {"type": "message", "user": "UANA", "text": CANARY, "ts": TS, "thread_ts": TS},
                {"type": "message", "user": "UBEA", "text": CANARY, "ts": f"{float(TS) + 60:.6f}",
                 "thread_ts": TS, "parent_user_id": "UANA"}]})
        return web.json_response({"ok": False, "error": "unknown_method"})


def test_backfill_reads_member_channels_threads_and_reactions_once(tmp_path):
    store, fake = Store.open(f"sqlite:///{tmp_path / 'b.db'}"), FakeHistory()

    async def main():
        async with TestServer(fake.app) as api:
            client = nudge_client("xoxb-test", str(api.make_url("/api/")))

            def record(observed):
                store.record_interactions("T1", observed, "slack")

            first = await backfill(client, 7, NOW, record)
            again = await backfill(client, 7, NOW, record)
            return first, again

    first, again = asyncio.run(main())
    assert (first.channels, first.messages) == (2, 3)
    read = [args["channel"] for method, args in fake.calls if method == "conversations.history"]
    assert "C2" not in read and read.count("C1") >= 2  # retried after the 429, never C2
    got = sorted((i.actor, i.target or "", i.kind) for i in store.interactions("T1"))
    assert got == [("UANA", "", "message"), ("UANA", "UBEA", "mention"),
                   ("UBEA", "UANA", "reply"), ("UCAI", "UANA", "reaction")]
    assert again.interactions == first.interactions and store.interaction_count("T1") == 4
    assert CANARY.encode() not in (tmp_path / "b.db").read_bytes()


class FakeOrgHistory(FakeHistory):
    """An org-wide (Enterprise Grid) token: auth.test says so, auth.teams.list names the
    workspaces it was added to (two pages), and conversations.list refuses to run without a
    `team_id`, as Slack does for org-level tokens
    (https://api.slack.com/enterprise/apps/changes-apis). C1 is shared by both workspaces."""

    def __init__(self) -> None:
        super().__init__()
        self.limited = False

    async def answer(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = dict(request.query)
        if request.method == "POST":
            args.update(dict(await request.post()))
        if method == "auth.test":
            return web.json_response({"ok": True, "team_id": "E0ORG1", "enterprise_id": "E0ORG1",
                                      "is_enterprise_install": True, "user_id": "UBOT",
                                      "bot_id": "B1"})
        if method == "auth.teams.list":
            if args.get("cursor") != "more":
                return web.json_response({"ok": True, "teams": [{"id": "T1", "name": "Lisbon"}],
                                          "response_metadata": {"next_cursor": "more"}})
            return web.json_response({"ok": True, "teams": [{"id": "T2", "name": "Berlin"}]})
        if method == "conversations.list":
            self.calls.append((method, args))
            channels = {"T1": ["C1"], "T2": ["C1", "C3"]}.get(args.get("team_id"))
            if channels is None:
                return web.json_response({"ok": False, "error": "missing_argument"})
            return web.json_response({"ok": True, "channels": [{"id": c, "is_member": True}
                                                               for c in channels]})
        return await super().answer(request)


def test_an_org_wide_token_is_read_workspace_by_workspace_into_the_enterprise_tenant(tmp_path):
    from adapters.slack.backfill import installation_of
    store, fake = Store.open(f"sqlite:///{tmp_path / 'b.db'}"), FakeOrgHistory()

    async def main():
        async with TestServer(fake.app) as api:
            client = nudge_client("xoxb-org", str(api.make_url("/api/")))
            tenant, workspaces = await installation_of(client)

            def record(observed):
                store.record_interactions(tenant, observed, "slack")

            return tenant, workspaces, await backfill(client, 7, NOW, record, workspaces)

    tenant, workspaces, report = asyncio.run(main())
    assert (tenant, workspaces) == ("E0ORG1", ["T1", "T2"])
    listed = [args.get("team_id") for method, args in fake.calls if method == "conversations.list"]
    assert listed == ["T1", "T2"]
    read = [args["channel"] for method, args in fake.calls if method == "conversations.history"]
    assert sorted(read) == ["C1", "C3"]  # the shared channel once
    assert report.channels == 2 and store.interaction_count("E0ORG1") == 4
