"""Sign-in links under attack: raced by threads on both backends, reused after signing out,
posted without the victim's own sign-in cookie (login CSRF), and what the logs keep of them."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from bot.service.dashboard_access import link_reply
from bot.store.dashboard import Visitor
from bot.store.kept_schema import dashboard_sessions
from bot.store.keys import token_digest as digest
from tests.helpers.dashboard import BOSS, LINK, csrf_in, link_for, rows, run, seeded, sign_in


def test_many_threads_spending_one_link_open_one_session(store):
    seeded(store)
    now = datetime.now(UTC)
    token = LINK.search(link_reply(store, Visitor("T1", BOSS, "slack", True), now, None)
                        ).group(1).rsplit("/", 1)[1]
    with ThreadPoolExecutor(8) as pool:
        won = list(pool.map(lambda n: store.use_dashboard_link(
            digest(token), digest(f"session-{n}"), now + timedelta(hours=9), now), range(16)))
    assert sum(w is not None for w in won) == 1
    assert rows(store, dashboard_sessions) == 1


def test_a_link_is_dead_after_signing_out_and_another_site_cannot_sign_a_browser_in(store):
    seeded(store)

    async def scenario(client):
        path = await link_for(client)
        assert (await sign_in(client, path)).status == 303
        csrf = csrf_in(await (await client.get("/admin")).text())
        assert (await client.post("/admin/signout", data={"csrf": csrf})).status == 200
        assert (await client.get(path)).status == 403
        assert (await client.post(path, data={"csrf": "x"}, headers={"Cookie": "weaktie_signin=x"},
                                  allow_redirects=False)).status == 403
        # login CSRF: the attacker's own link, opened by the attacker (who holds its form's
        # token), posted from the victim's browser, which has no sign-in cookie for it
        attackers = await link_for(client)
        token = csrf_in(await (await client.get(attackers)).text())
        client.session.cookie_jar.clear()
        for headers in ({}, {"Cookie": "weaktie_signin="}, {"Origin": "https://evil.example"}):
            forged = await client.post(attackers, data={"csrf": token}, headers=headers,
                                       allow_redirects=False)
            assert forged.status == 403 and "weaktie_session" not in forged.cookies
        assert rows(store, dashboard_sessions) == 0

    run(store, scenario)


def test_no_log_line_holds_a_sign_in_token(store, caplog):
    """A log reader who sees /admin/signin/TOKEN before the manager presses the button signs in
    as the manager (opening the page spends nothing)."""
    seeded(store)
    caplog.set_level(logging.INFO)  # a common production level
    seen = []

    async def scenario(client):
        path = await link_for(client)
        seen.append(path.rsplit("/", 1)[1])
        await client.get(path)

    run(store, scenario)
    leaked = [(r.name, r.levelname, r.getMessage()[:120]) for r in caplog.records
              if seen[0] in r.getMessage()]
    assert not leaked, leaked
