"""Uninstalled, then installed again within 30 days: the workspace gets its nudges again and
the purge does not erase it. In OAuth mode the install through bolt's flow says so; with a
single SLACK_BOT_TOKEN, `weaktie serve` asks auth.test once as it starts (a reinstall from the
app's settings page is a new token and no event). Over HTTP into the real app, with the Web
API stand-in of test_slack_oauth."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.store import Store
from tests.helpers.slack import event, message, post, slack_app
from tests.helpers.slack_oauth import TOKEN, a_round, add_to_slack, deliver, grant, oauth_api, serve
from tests.standins.slack import SlackWebApi

NEW_TOKEN = "xoxb-THE-REINSTALLED-TOKEN"


def test_an_oauth_reinstall_within_thirty_days_brings_the_workspace_back(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'again.db'}")
    fake = oauth_api({"abc": grant(TOKEN, "T9"), "again": grant(NEW_TOKEN, "T9")})
    reports = {}

    async def scenario(client, url):
        from tests.helpers.slack_oauth import settings_for
        assert (await add_to_slack(client))[1] == 200
        await post(client, event("EvR1", message(user="UANA"), team="T9"))
        await post(client, event("EvR2", {"type": "app_uninstalled"}, team="T9"))
        now = datetime.now(UTC)
        a_round(store, "T9", now)
        reports["gone"] = await deliver(store, settings_for(url), now)
        assert (await add_to_slack(client, "again"))[1] == 200
        reports["back"] = await deliver(store, settings_for(url), now)

    serve(store, fake, scenario)
    assert not reports["gone"].sent  # uninstalled: nothing goes out
    assert reports["back"].sent  # before: the tenant stayed uninstalled, nothing was sent
    assert ("chat.postMessage", f"Bearer {NEW_TOKEN}") in fake.called()
    assert store.purge_uninstalled(datetime.now(UTC) + timedelta(days=31)) == []
    assert store.tenant_names() == ["T9"]
    assert [i.actor for i in store.interactions("T9")][:1] == ["UANA"]  # its data is kept


def serve_one_token(store: Store, fake: SlackWebApi, token: str, scenario=None) -> None:
    """`weaktie serve`'s application with one bot token, started and stopped on loopback."""
    async def main():
        async with slack_app(store, fake, token) as (client, settings):
            if scenario:
                await scenario(client, settings)

    asyncio.run(main())


def uninstalled_workspace(tmp_path) -> tuple[Store, SlackWebApi, datetime]:
    """Workspace T1, with a round to deliver, uninstalled 20 days ago; the Web API stand-in
    knows T1's new token (a reinstall from the app's settings page)."""
    store = Store.open(f"sqlite:///{tmp_path / 'token.db'}")
    fake = oauth_api({"settings page": grant(NEW_TOKEN, "T1")})
    gone = datetime.now(UTC) - timedelta(days=20)
    a_round(store, "T1", gone)
    store.mark_uninstalled("T1", gone)
    return store, fake, gone


def test_a_new_bot_token_at_start_reinstates_its_uninstalled_workspace(tmp_path):
    store, fake, gone = uninstalled_workspace(tmp_path)
    assert store.deliverable("slack") == []
    sent = []

    async def scenario(client, settings):
        sent.append(await deliver(store, settings, gone))

    serve_one_token(store, fake, NEW_TOKEN, scenario)
    assert fake.calls.count("auth.test") >= 1
    assert sent[0].sent  # before: still uninstalled, nothing went out
    assert ("chat.postMessage", f"Bearer {NEW_TOKEN}") in fake.called()
    assert store.purge_uninstalled(gone + timedelta(days=31)) == []
    assert store.tenant_names() == ["T1"]


def test_a_revoked_token_at_start_changes_nothing_and_serve_still_starts(tmp_path):
    store, fake, gone = uninstalled_workspace(tmp_path)
    health = []

    async def scenario(client, settings):
        health.append((await client.get("/healthz")).status)

    serve_one_token(store, fake, "xoxb-the-old-revoked-token", scenario)
    assert health == [200]
    assert "auth.test" in fake.calls
    assert store.purge_uninstalled(gone + timedelta(days=31)) == ["T1"]


def test_a_token_of_a_workspace_the_store_does_not_know_creates_no_tenant(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'unknown.db'}")
    serve_one_token(store, oauth_api({"x": grant(NEW_TOKEN, "T1")}), NEW_TOKEN)
    assert store.tenant_names() == []


def test_an_org_wide_token_reinstates_the_enterprise_tenant(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'org.db'}")
    fake = oauth_api({"org": grant(NEW_TOKEN, None, "E1", org=True)})
    gone = datetime.now(UTC) - timedelta(days=3)
    a_round(store, "E1", gone)
    a_round(store, "T5", gone)  # one of its workspaces, once installed on its own
    store.mark_uninstalled("E1", gone)
    store.mark_uninstalled("T5", gone)
    serve_one_token(store, fake, NEW_TOKEN)
    assert store.purge_uninstalled(gone + timedelta(days=31)) == ["T5"]
