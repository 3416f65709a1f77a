"""Signing in to /admin over HTTP, through the real app: the manager asks the bot in Slack (a
signed slash command), opens the link, presses the one button. A link works once, for ten
minutes, for a manager; a session is a cookie the page scripts cannot read; every refusal is a
403 page that says what to do and writes nothing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.service.dashboard_access import link_reply
from bot.store.dashboard import Visitor
from bot.store.kept_schema import dashboard_links, dashboard_sessions
from bot.store.sql import aware
from scheduler.jobs import tick
from tests.helpers.dashboard import BOSS, LINK, csrf_in, link_for, rows, run, say, seeded, sign_in
from tests.standins.slack import SlackWebApi


def test_a_managers_link_signs_in_once_and_the_session_cookie_is_http_only(store):
    seeded(store)

    async def scenario(client):
        path = await link_for(client)
        shown = await client.get(path)  # what a link preview fetches: it spends nothing
        assert shown.status == 200 and rows(store, dashboard_sessions) == 0
        signed_in = await sign_in(client, path)
        assert (signed_in.status, signed_in.headers["Location"]) == (303, "/admin")
        cookie = signed_in.cookies["weaktie_session"]
        assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/admin"
        assert cookie["max-age"] == str(9 * 3600) and not cookie["secure"]  # local development
        overview = await client.get("/admin")
        assert overview.status == 200 and "<svg" in await overview.text()
        again = await client.get(path)  # the same link, a second time
        assert again.status == 403 and "`admin dashboard`" not in await again.text()
        assert "<code>admin dashboard</code>" in await again.text()
        assert rows(store, dashboard_sessions) == 1

    run(store, scenario)


def test_two_presses_of_the_same_link_open_one_session(store):
    seeded(store)

    async def scenario(client):
        path = await link_for(client)
        csrf = csrf_in(await (await client.get(path)).text())
        both = await asyncio.gather(*(client.post(path, data={"csrf": csrf}, allow_redirects=False)
                                      for _ in range(2)))
        assert sorted(r.status for r in both) == [303, 403]
        assert rows(store, dashboard_sessions) == 1

    run(store, scenario)


def test_an_employee_gets_no_link_and_writes_nothing(store):
    seeded(store)

    async def scenario(client):
        said = await say(client, "UA01", "admin dashboard")
        assert "only community managers" in said and not LINK.search(said)
        assert rows(store, dashboard_links) == 0

    run(store, scenario)


def test_an_expired_link_and_a_revoked_managers_link_get_a_403_page_saying_what_to_do(store):
    seeded(store)
    long_ago = datetime.now(UTC) - timedelta(minutes=11)
    expired = LINK.search(link_reply(store, Visitor("T1", BOSS, "slack", True), long_ago,
                                     None)).group(1)
    # A manager who was a manager when they asked (the platform said so), and is no longer.
    revoked = LINK.search(link_reply(store, Visitor("T1", "UA02", "slack", False),
                                     datetime.now(UTC), None)).group(1)

    async def scenario(client):
        for path, words in ((expired, "has expired or was used"),
                            (revoked, "Only community managers")):
            for response in (await client.get(path),
                             await client.post(path, data={"csrf": "x"}, allow_redirects=False)):
                assert response.status == 403
                assert words in await response.text()
        assert rows(store, dashboard_sessions) == 0

    run(store, scenario)


def test_a_revoked_manager_is_out_at_the_next_page(store):
    seeded(store)
    store.update_person("T1", "UA03", "slack", enrolled=True)
    store.grant_manager("T1", "UA03", BOSS, datetime.now(UTC), "slack")

    async def scenario(client):
        assert (await sign_in(client, await link_for(client, "UA03"))).status == 303
        assert (await client.get("/admin/health")).status == 200
        store.revoke_manager("T1", "UA03")
        refused = await client.get("/admin/health")
        assert refused.status == 403 and "Only community managers" in await refused.text()

    run(store, scenario)


def test_without_a_session_every_page_is_a_403_page(store):
    seeded(store)

    async def scenario(client):
        for path in ("/admin", "/admin/health", "/admin/ideas"):
            response = await client.get(path)
            assert response.status == 403
            assert "admin dashboard" in await response.text()
        client.session.cookie_jar.update_cookies({"weaktie_session": "A" * 43})
        assert (await client.get("/admin")).status == 403

    run(store, scenario)


def test_the_session_cookie_is_secure_where_the_install_has_a_public_https_url(store, tmp_path):
    from aiohttp.test_utils import TestClient, TestServer

    from entrypoints.app import build
    from entrypoints.config import Settings
    from tests.helpers.slack import SECRET

    seeded(store)
    link = LINK.search(link_reply(store, Visitor("T1", BOSS, "slack", True), datetime.now(UTC),
                                  "https://coffee.example.com")).group(0)
    assert link.startswith("https://coffee.example.com/admin/signin/")

    async def main():
        async with TestServer(SlackWebApi().app) as api:
            settings = Settings(database_url="unused", slack_signing_secret=SECRET,
                                slack_bot_token="xoxb-test", slack_api_url=str(api.make_url("/api/")),
                                public_url="https://coffee.example.com")
            async with TestClient(TestServer(build(settings, store))) as client:
                path = LINK.search(link).group(1)
                page = await client.get(path)
                assert page.cookies["weaktie_signin"]["secure"]
                # the client holds a Secure cookie back over plain http: send it as a browser
                # would over https
                csrf = csrf_in(await page.text())
                response = await client.post(path, data={"csrf": csrf}, allow_redirects=False,
                                             headers={"Cookie": f"weaktie_signin={csrf}"})
                assert response.status == 303
                assert response.cookies["weaktie_session"]["secure"]

    asyncio.run(main())


def test_forget_me_and_the_clocks_purge_end_sessions(store):
    seeded(store)

    async def scenario(client):
        await sign_in(client, await link_for(client))
        assert (await client.get("/admin")).status == 200
        assert "erased everything" in await say(client, BOSS, "forget me now")
        assert (await client.get("/admin")).status == 403
        assert rows(store, dashboard_sessions) == rows(store, dashboard_links) == 0

    run(store, scenario)
    link_reply(store, Visitor("T1", BOSS, "slack", True), datetime.now(UTC), None)
    asyncio.run(tick(store, {}, datetime.now(UTC) + timedelta(minutes=11)))
    assert rows(store, dashboard_links) == 0


def test_signing_out_ends_the_session_and_needs_the_forms_token(store):
    seeded(store)

    async def scenario(client):
        await sign_in(client, await link_for(client))
        page = await (await client.get("/admin")).text()
        forged = await client.post("/admin/signout", data={"csrf": "forged"})
        assert forged.status == 403 and rows(store, dashboard_sessions) == 1
        out = await client.post("/admin/signout", data={"csrf": csrf_in(page)})
        assert out.status == 200 and rows(store, dashboard_sessions) == 0
        assert (await client.get("/admin")).status == 403

    run(store, scenario)


def test_a_session_on_the_platforms_word_alone_lasts_an_hour_a_granted_managers_a_day(store):
    seeded(store)
    store.update_person("T1", "UA03", "slack", enrolled=True)
    store.grant_manager("T1", "UA03", BOSS, datetime.now(UTC), "slack")

    async def scenario(client):
        for who in (BOSS, "UA03"):  # a Slack workspace admin; a granted manager
            await sign_in(client, await link_for(client, who))

    run(store, scenario)
    with store.engine.connect() as conn:
        ends = dict(conn.execute(select(dashboard_sessions.c.person,
                                        dashboard_sessions.c.expires_at)).all())
    left = {who: aware(at) - datetime.now(UTC) for who, at in ends.items()}
    assert timedelta(minutes=55) < left[BOSS] <= timedelta(hours=1)
    assert timedelta(hours=8, minutes=55) < left["UA03"] <= timedelta(hours=9)
