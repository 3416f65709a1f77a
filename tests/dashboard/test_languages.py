"""/admin in the manager's language (docs/languages.md): a French manager's pages, sign-in and
sign-out are French, figures written as French writes them ("50 %"), `<html lang="fr">`; an
English manager's stay English. Through the service, and over HTTP through the real app."""

from __future__ import annotations

import re

from bot.service import dashboard_access, dashboard_pages
from bot.service.clockwork import keep_week
from bot.service.dashboard_access import link_reply
from bot.service.language import percent
from bot.service.web_pages import Refused
from bot.store.dashboard import Visitor
from tests.helpers.dashboard import BOSS, csrf_in, link_for, run, say, seeded, sign_in
from tests.helpers.outcomes import NOW, a_round

PAGES = ("/admin", "/admin/health", "/admin/ideas")
ENGLISH_WORDS = ("Programs", "Network health", "Sign out", "Draft a program", "suppressed",
                 "the figures behind the chart", "Latest (")


def test_the_service_writes_a_french_managers_pages_in_french(store):
    seeded(store)
    store.set_tenant_language("T1", "slack", "fr")
    boss = Visitor("T1", BOSS, "slack", True)
    overview, health, ideas = (dashboard_pages.shown(store, boss, name, None, NOW)
                               for name in ("programs", "health", "ideas"))
    assert {overview.language, health.language, ideas.language} == {"fr"}
    assert (overview.title, health.title, ideas.title) == ("Programmes", "Santé du réseau",
                                                           "Idées")
    assert overview.sections[0].heading.startswith("Programme ")
    chart = overview.sections[0].charts[0]
    assert chart.series[1].name == "Acceptation (% des personnes placées qui ont accepté)"
    assert chart.summary.startswith("Dernières valeurs (2026-09-21)\u00a0:")
    assert percent(50, "fr") in chart.summary
    assert [m.title for m in health.sections[0].matrices][0] == "Liens entre bureaux"
    assert ideas.sections[0].heading == "Là où un programme pourrait aider"
    assert ideas.sections[0].ideas and "Berlin" in ideas.sections[0].ideas[0].text


def test_a_tenant_of_eight_is_masked_in_french_and_suppressed_in_english(store):
    a_round(store, "T1", pairs=4, chat_after=3)
    keep_week(store, NOW)
    boss = Visitor("T1", BOSS, "slack", True)
    english = dashboard_pages.shown(store, boss, "health", None, NOW)
    store.set_tenant_language("T1", "slack", "fr")
    french = dashboard_pages.shown(store, boss, "health", None, NOW)
    assert english.language == "en" and french.language == "fr"
    assert set(english.sections[0].charts[0].series[0].points) == {"suppressed"}
    assert set(french.sections[0].charts[0].series[0].points) == {"masqué"}
    assert "chaque chiffre est masqué" in french.sections[0].notes[0]


def visit(store, french: bool) -> dict[str, str]:
    """Sign in over HTTP as the manager (French if `french`), read each page, sign out."""
    found = {}

    async def scenario(client):
        if french:
            assert "fr" in await say(client, BOSS, "admin language fr")
        path = await link_for(client)
        found["signin"] = await (await client.get(path)).text()
        assert (await sign_in(client, path)).status == 303
        for page in PAGES:
            response = await client.get(page)
            assert response.status == 200, page
            assert response.headers["X-Frame-Options"] == "DENY"
            found[page] = await response.text()
        out = await client.post("/admin/signout", data={"csrf": csrf_in(found["/admin"])})
        assert out.status == 200
        found["signout"] = await out.text()

    run(store, scenario)
    return found


def test_a_french_manager_reads_every_page_in_french_over_http(store):
    seeded(store)
    pages = visit(store, french=True)
    for name, page in pages.items():
        assert '<html lang="fr">' in page, name
        for english in ENGLISH_WORDS:
            assert english not in page, (name, english)
    assert "Se connecter" in pages["signin"] and "Vous êtes déconnecté" in pages["signout"]
    overview = pages["/admin"]
    assert "Se déconnecter" in overview and ">Santé du réseau</a>" in overview
    assert re.search(r"Acceptation[^<]*</th><td>50\u00a0%</td>", overview)
    assert "les chiffres derrière le graphique" in overview
    assert "Préparer un programme (en pause)" in pages["/admin/ideas"]
    assert "Liens entre bureaux (nombre de liens" in pages["/admin/health"]


def test_an_english_manager_reads_english(store):
    seeded(store)
    pages = visit(store, french=False)
    for name, page in pages.items():
        assert '<html lang="en">' in page, name
    assert "Sign in" in pages["signin"] and "You are signed out" in pages["signout"]
    assert re.search(r"Acceptance[^<]*</th><td>50%</td>", pages["/admin"])
    assert "Draft a program (paused)" in pages["/admin/ideas"]
    assert "Programmes" not in pages["/admin"]


def test_a_manager_no_longer_let_in_is_refused_in_their_language(store):
    seeded(store)
    store.set_tenant_language("T1", "slack", "fr")
    said = link_reply(store, Visitor("T1", BOSS, "slack", True), NOW, "https://coffee.example")
    token = re.search(r"/admin/signin/([A-Za-z0-9_-]+)", said).group(1)
    assert dashboard_access.sign_in_page(store, token, NOW, lambda *_: True).person == BOSS
    refused = dashboard_access.sign_in_page(store, token, NOW, lambda *_: False)
    assert isinstance(refused, Refused) and refused.language == "fr"
    assert refused.reason.startswith("Seuls les responsables")
    nobody = dashboard_access.sign_in_page(store, "x" * 40, NOW, lambda *_: True)
    assert nobody.language == "en" and "expired" in nobody.reason
