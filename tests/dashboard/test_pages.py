"""What /admin shows a signed-in manager, over HTTP through the real app: each page's charts and
the tables behind them, "suppressed" where fewer than 10 people are behind a figure, a draft
button that needs the page's token, and never a person's name or id."""

from __future__ import annotations

import asyncio
import re

from bot.service.clockwork import keep_week
from tests.dashboard.test_sign_in import run, sign_in
from tests.helpers.dashboard import csrf_in, link_for, people_of, seeded
from tests.helpers.outcomes import NOW, a_round

PAGES = ("/admin", "/admin/health", "/admin/ideas")


def pages_of(store) -> dict[str, str]:
    found = {}

    async def scenario(client):
        await sign_in(client, await link_for(client))
        for path in PAGES:
            response = await client.get(path)
            assert response.status == 200, path
            assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
            assert response.headers["Referrer-Policy"] == "no-referrer"
            found[path] = await response.text()

    run(store, scenario)
    return found


def test_the_overview_charts_each_round_and_tables_the_figures_behind_it(store):
    seeded(store)
    page = pages_of(store)["/admin"]
    assert page.count("<svg") == 1 and "<script" not in page
    # one round of 12 pairs: 24 of 24 placed, 12 of 24 accepted, 6 of 12 groups met, and all
    # six groups that met kept talking
    row = re.search(r"Lasting ties[^<]*</th>(.*?)</tr>", page).group(1)
    assert row == "<td>100%</td>"
    assert re.search(r"Acceptance[^<]*</th><td>50%</td>", page)
    assert re.search(r"Met \(% of groups[^<]*</th><td>50%</td>", page)
    assert "Latest (2026-09-21)" in page


def test_health_charts_the_kept_weeks_and_draws_the_office_matrix(store):
    seeded(store)
    pages = pages_of(store)
    health, ideas = pages["/admin/health"], pages["/admin/ideas"]
    assert health.count("<svg") == 1 and "Ties between offices" in health
    matrix = re.search(r'<table class="matrix">.*?</table>', health).group(0)
    assert ">Berlin</th>" in matrix and ">Lisbon</th>" in matrix and "<td>1</td>" in matrix
    assert "Lisbon and Berlin share 1 tie among 24 people" in ideas or \
        "Berlin and Lisbon share 1 tie among 24 people" in ideas
    assert "Draft a program (paused)" in ideas


def test_a_tenant_of_eight_shows_suppressed_cells_and_no_figure(store):
    a_round(store, "T1", pairs=4, chat_after=3)  # 8 people in all
    keep_week(store, NOW)
    pages = pages_of(store)
    overview, health = pages["/admin"], pages["/admin/health"]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", overview)
    assert cells and set(cells) == {"suppressed"}
    assert "fewer than 10 people, so every figure is suppressed" in health
    assert set(re.findall(r"<td[^>]*>([^<]*)</td>", health)) == {"suppressed"}


def test_no_page_holds_a_persons_name_or_id(store):
    seeded(store)
    pages = pages_of(store)
    people = people_of(store)
    assert len(people) == 36 and sum(1 for _, name in people if name) == 24
    for path, page in pages.items():
        for person, name in people:
            assert person not in page, (path, person)
            assert not name or name not in page, (path, name)
        assert "UBOSS" not in page


def test_the_draft_button_makes_a_paused_program_only_with_the_pages_token(store):
    seeded(store)
    said = []

    async def scenario(client):
        await sign_in(client, await link_for(client))
        page = await (await client.get("/admin/ideas")).text()
        week = re.search(r'name="week" value="([^"]+)"', page).group(1)
        number = re.search(r'name="number" value="(\d)"', page).group(1)
        forged = await client.post("/admin/ideas/draft", data={"csrf": "x" * 64, "number": number,
                                                               "week": week})
        said.append((forged.status, store.programs("T1")))
        done = await client.post("/admin/ideas/draft",
                                 data={"csrf": csrf_in(page), "number": number, "week": week})
        said.append((done.status, await done.text()))
        stale = await client.post("/admin/ideas/draft", data={
            "csrf": csrf_in(page), "number": number, "week": "2020-01-06T00:00:00+00:00"})
        said.append((stale.status, await stale.text()))

    run(store, scenario)
    (forged, before), (status, text), (_, stale) = said
    assert forged == 403 and [p.name for p, _ in before] == ["coffee"]
    assert status == 200 and "Drafted <code>bridge-" in text
    [(program, state)] = [(p, s) for p, s in store.programs("T1") if p.name != "coffee"]
    assert state == "paused" and set(program.offices) == {"Lisbon", "Berlin"}
    assert "The ideas changed since the page was shown" in stale
    assert len(store.programs("T1")) == 2


def test_pages_say_so_before_the_clock_has_kept_anything(store):
    a_round(store, "T1", pairs=12, chat_after=3)  # no keep_week yet
    pages = pages_of(store)
    assert "No round record kept yet" in pages["/admin"]
    assert "No week kept yet" in pages["/admin/health"]
    assert "<svg" not in pages["/admin/ideas"]


def test_the_stylesheet_is_served_by_the_app_and_pages_load_nothing_from_elsewhere(store):
    seeded(store)
    pages = pages_of(store)
    for page in pages.values():
        sources = re.findall(r'(?:href|src)="([^"]+)"', page)
        # the stylesheet, the links, the forms; the icon is empty and inline (no request at all)
        assert sources and all(s.startswith("/admin") or s == "data:," for s in sources), sources

    async def scenario(client):
        css = await client.get("/admin/static/dashboard.css")
        assert css.status == 200 and css.content_type == "text/css"
        assert "@media" in await css.text() or "max-width" in await css.text()

    asyncio.run(_plain(store, scenario))


async def _plain(store, scenario):
    from tests.helpers.slack import slack_app
    async with slack_app(store) as (client, _):
        await scenario(client)
