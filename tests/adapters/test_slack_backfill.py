"""Backfill through a loopback stand-in for the Web API: pages, threads, reactions, a 429."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from aiohttp.test_utils import TestServer

from adapters.slack.backfill import backfill
from adapters.slack.send import nudge_client
from bot.store import Store
from tests.standins.slack import SlackWebApi

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TS = f"{NOW.timestamp() - 3600:.6f}"
CANARY = "CANARY-backfilled-text"


def channel_list(form: dict) -> dict:
    """Two pages: C1 (a member) and C2 (not), then C3."""
    if form.get("cursor") != "page2":
        return {"ok": True, "channels": [{"id": "C1", "is_member": True},
                                         {"id": "C2", "is_member": False}],
                "response_metadata": {"next_cursor": "page2"}}
    return {"ok": True, "channels": [{"id": "C3", "is_member": True}]}


def history(form: dict) -> dict:
    if form["channel"] == "C3":
        return {"ok": True, "messages": []}
    return {"ok": True, "messages": [
        {"type": "message", "user": "UANA", "text": f"{CANARY} <@UBEA>", "ts": TS,
         "reply_count": 1, "thread_ts": TS,
         "reactions": [{"name": "tada", "users": ["UCAI"], "count": 1}]},
        {"type": "message", "subtype": "bot_message", "bot_id": "B1", "ts": TS + "1"}]}


def replies(_form: dict) -> dict:
    return {"ok": True, "messages": [
        {"type": "message", "user": "UANA", "text": CANARY, "ts": TS, "thread_ts": TS},
        {"type": "message", "user": "UBEA", "text": CANARY, "ts": f"{float(TS) + 60:.6f}",
         "thread_ts": TS, "parent_user_id": "UANA"}]}


def history_api() -> SlackWebApi:
    """A workspace's channels, messages, a thread and a reaction; the first history read is
    answered 429."""
    api = SlackWebApi(answers={"conversations.list": channel_list,
                               "conversations.history": history,
                               "conversations.replies": replies})
    return api.refuse("conversations.history", 1, retry_after="1")


def test_backfill_reads_member_channels_threads_and_reactions_once(tmp_path):
    store, fake = Store.open(f"sqlite:///{tmp_path / 'b.db'}"), history_api()

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
    read = [args["channel"] for method, args in fake.seen if method == "conversations.history"]
    assert "C2" not in read and read.count("C1") >= 2  # retried after the 429, never C2
    got = sorted((i.actor, i.target or "", i.kind) for i in store.interactions("T1"))
    assert got == [("UANA", "", "message"), ("UANA", "UBEA", "mention"),
                   ("UBEA", "UANA", "reply"), ("UCAI", "UANA", "reaction")]
    assert again.interactions == first.interactions and store.interaction_count("T1") == 4
    assert CANARY.encode() not in (tmp_path / "b.db").read_bytes()


def org_history_api() -> SlackWebApi:
    """An org-wide (Enterprise Grid) token: auth.test says so, auth.teams.list names the
    workspaces it was added to (two pages), and conversations.list refuses to run without a
    `team_id`, as Slack does for org-level tokens
    (https://api.slack.com/enterprise/apps/changes-apis). C1 is shared by both workspaces."""
    def teams(form: dict) -> dict:
        if form.get("cursor") != "more":
            return {"ok": True, "teams": [{"id": "T1", "name": "Lisbon"}],
                    "response_metadata": {"next_cursor": "more"}}
        return {"ok": True, "teams": [{"id": "T2", "name": "Berlin"}]}

    def workspace_channels(form: dict) -> dict:
        found = {"T1": ["C1"], "T2": ["C1", "C3"]}.get(form.get("team_id"))
        if found is None:
            return {"ok": False, "error": "missing_argument"}
        return {"ok": True, "channels": [{"id": c, "is_member": True} for c in found]}

    return SlackWebApi(auth={"ok": True, "team_id": "E0ORG1", "enterprise_id": "E0ORG1",
                             "is_enterprise_install": True, "user_id": "UBOT", "bot_id": "B1"},
                       answers={"auth.teams.list": teams, "conversations.list": workspace_channels,
                                "conversations.history": history,
                                "conversations.replies": replies})


def test_an_org_wide_token_is_read_workspace_by_workspace_into_the_enterprise_tenant(tmp_path):
    from adapters.slack.backfill import installation_of
    store, fake = Store.open(f"sqlite:///{tmp_path / 'b.db'}"), org_history_api()

    async def main():
        async with TestServer(fake.app) as api:
            client = nudge_client("xoxb-org", str(api.make_url("/api/")))
            tenant, workspaces = await installation_of(client)

            def record(observed):
                store.record_interactions(tenant, observed, "slack")

            return tenant, workspaces, await backfill(client, 7, NOW, record, workspaces)

    tenant, workspaces, report = asyncio.run(main())
    assert (tenant, workspaces) == ("E0ORG1", ["T1", "T2"])
    listed = [args.get("team_id") for method, args in fake.seen if method == "conversations.list"]
    assert listed == ["T1", "T2"]
    read = [args["channel"] for method, args in fake.seen if method == "conversations.history"]
    assert sorted(read) == ["C1", "C3"]  # the shared channel once
    assert report.channels == 2 and store.interaction_count("E0ORG1") == 4
