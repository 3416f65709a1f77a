"""What a hostile employee (who types their own office with `where`) or a curious manager can get
out of the pages: markup that escapes, figures that add a suppressed cell back, another tenant's
data, access the chat gate would refuse."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

from bot.core.model import Interaction, Person
from bot.core.programs import Program
from bot.service.clockwork import keep_week
from bot.store.kept_schema import dashboard_links, dashboard_sessions
from tests.helpers.dashboard import BOSS, LINK, link_for, people_of, rows, run, say, seeded, sign_in
from tests.helpers.outcomes import NOW, a_round
from tests.helpers.slack import slack_app
from tests.standins.slack import SlackWebApi

HOSTILE = ('<img src=x onerror=alert(1)>', '</svg><script>alert(1)</script>',
           '"><b q=\'x\'>&amp;')


def offices(store, tenant: str, sizes: dict[str, int], team=lambda i: "t") -> None:
    """People in offices of the given sizes; everyone talks to their office neighbours, and
    the first person of each office to the first of the next."""
    people, talks = [], []
    firsts = []
    for k, (office, size) in enumerate(sizes.items()):
        ids = [f"U{k}X{i:02d}" for i in range(size)]
        firsts.append(ids[0])
        people += [Person(i, name=f"Name {i}", office=office, team=team(n)) for n, i in
                   enumerate(ids)]
        talks += [(f"{a}{b}", Interaction(a, b, "reply", NOW - timedelta(days=3), "C1"))
                  for a, b in zip(ids, ids[1:], strict=False)]
    talks += [(f"{a}{b}", Interaction(a, b, "mention", NOW - timedelta(days=2), "C2"))
              for a, b in zip(firsts, firsts[1:], strict=False)]
    store.import_interactions(tenant, people, talks)


def _pages(client):
    async def go():
        return [await (await client.get(p)).text()
                for p in ("/admin", "/admin/health", "/admin/ideas")]
    return go()


def test_office_and_team_names_an_employee_types_are_escaped_everywhere(store):
    a_round(store, "T1", pairs=12, chat_after=3)
    offices(store, "T1", {HOSTILE[0]: 12, HOSTILE[1]: 12, HOSTILE[2]: 3},
            team=lambda n: HOSTILE[n % 3])
    store.create_program("T1", Program(name=HOSTILE[1]), NOW, "slack", state="paused")
    keep_week(store, NOW)
    people = people_of(store)

    async def scenario(client):
        assert (await sign_in(client, await link_for(client))).status == 303
        for text in await _pages(client):
            assert "<img" not in text and "<script" not in text and "<b " not in text
            assert text.count("<svg") == text.count("</svg>")
            assert "&lt;img src=x" in text or "/admin/ideas" in text
            assert not [w for w in people if w[0] in text or (w[1] and w[1] in text)]

    run(store, scenario)


def test_a_small_offices_head_count_cannot_be_had_by_subtraction(store):
    """Bridge: below 10 people on a side the cell and that side's people are suppressed, "no
    total elsewhere adds it back". The health page's total of people minus the ideas page's
    "among N people" of the two big offices is the small office's head count."""
    offices(store, "T1", {"Lisbon": 12, "Berlin": 12, "Porto": 3})
    keep_week(store, NOW)

    async def scenario(client):
        await sign_in(client, await link_for(client))
        health = await (await client.get("/admin/health")).text()
        ideas = await (await client.get("/admin/ideas")).text()
        total = int(re.search(r"\((\d+) people\)", health).group(1))
        among = [int(n) for n in re.findall(r"among (\d+) people", ideas)]
        assert all(total - n != 3 for n in among), (total, among)

    run(store, scenario)


def test_a_manager_of_one_tenant_sees_nothing_of_another(store):
    seeded(store, "T1")
    a_round(store, "T2", pairs=12, chat_after=3)
    offices(store, "T2", {"Secretville": 12, "Hiddenburg": 12})
    keep_week(store, NOW)
    store.update_person("T1", "UA03", "slack", enrolled=True)
    store.grant_manager("T1", "UA03", BOSS, datetime.now(UTC), "slack")

    async def scenario(client):
        refused = await say(client, "UA03", "admin dashboard", team="T2")
        assert not LINK.search(refused)
        await sign_in(client, await link_for(client, "UA03", "T1"))
        for text in await _pages(client):
            assert "Secretville" not in text and "Hiddenburg" not in text

    run(store, scenario)


def test_an_unknown_tenant_and_a_revoked_manager_get_no_link_and_write_nothing(store):
    seeded(store)
    store.update_person("T1", "UA03", "slack", enrolled=True)
    store.grant_manager("T1", "UA03", BOSS, datetime.now(UTC), "slack")
    store.revoke_manager("T1", "UA03")

    async def scenario(client):
        for user, team in ((BOSS, "T9"), ("UA03", "T1"), ("UA04", "T1")):
            said = await say(client, user, "admin dashboard", team=team)
            assert not LINK.search(said), said
        assert rows(store, dashboard_links) == 0
        assert not store.has_tenant("T9")

    run(store, scenario)


def test_a_workspace_admin_demoted_on_slack_is_out_of_the_dashboard_as_out_of_chat(store):
    """The gate in chat asks Slack each time; the dashboard keeps what Slack said when the link
    was asked for, for the whole 9-hour session."""
    seeded(store)
    fake = SlackWebApi(admins=frozenset({BOSS}))

    async def main():
        async with slack_app(store, fake) as (client, _):
            assert (await sign_in(client, await link_for(client))).status == 303
            assert (await client.get("/admin")).status == 200
            fake.admins = frozenset()  # Slack no longer says BOSS is an admin
            said = await say(client, BOSS, "admin dashboard")  # chat asks Slack again
            assert "only community managers" in said and not LINK.search(said)
            assert (await client.get("/admin")).status == 403

    asyncio.run(main())


def test_the_draft_button_replayed_makes_one_program_and_needs_this_sessions_token(store):
    seeded(store)

    async def scenario(client):
        await sign_in(client, await link_for(client))
        page = await (await client.get("/admin/ideas")).text()
        found = re.search(r'name="csrf" value="([^"]+)".*?name="number" value="(\d)".*?'
                          r'name="week" value="([^"]+)"', page)
        assert found, page
        mine, number, week = found.groups()
        jar = client.session.cookie_jar
        mine_cookie = jar.filter_cookies(client.make_url("/admin"))["weaktie_session"].value
        jar.clear()
        await sign_in(client, await link_for(client))
        other = re.search(r'name="csrf" value="([^"]+)"',
                          await (await client.get("/admin")).text()).group(1)
        before = sorted(p.name for p, _ in store.programs("T1"))
        for csrf, where in ((mine, "body-other-session"), ("", "none"), (mine, "query")):
            data = {"number": number, "week": week}
            url = "/admin/ideas/draft"
            if where == "query":
                url += f"?csrf={mine}"
            elif csrf:
                data["csrf"] = csrf
            response = await client.post(url, data=data)
            assert response.status == 403, where
        assert sorted(p.name for p, _ in store.programs("T1")) == before
        jar.clear()
        jar.update_cookies({"weaktie_session": mine_cookie})
        assert other != mine
        for _ in range(3):
            response = await client.post("/admin/ideas/draft",
                                         data={"csrf": mine, "number": number, "week": week})
            assert response.status == 200
        assert len(store.programs("T1")) == len(before) + 1
        assert rows(store, dashboard_sessions) == 2

    run(store, scenario)
