"""Teams from the directory (issue 15): where a Microsoft 365 organisation consented and also
granted reading users (User.Read.All), the clock keeps each person's department as their team,
once a day, over HTTP to the Graph stand-in (paged /users); guests and people with no sign-in
are left alone, and without the permission nothing changes until the next day."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from aiohttp.test_utils import TestServer

from bot.core.model import History
from bot.core.programs import Program
from bot.core.rounds import plan_round
from entrypoints.calendars import calendar_setup
from scheduler.jobs import tick
from tests.helpers.calendars import settings_for
from tests.standins.microsoft_graph import GraphStandIn

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
T = "5c1d2a7e-3f4b-4c8d-9e0f-112233445566"


def _organisation(store) -> None:
    for who in ("ana", "bea", "cai", "gus"):
        store.update_person(T, f"29:{who}", "teams", sign_in=f"{who.title()}@Contoso.example")
    store.update_person(T, "29:nou", "teams")  # no sign-in known
    store.mark_external(T, frozenset({"29:gus"}))  # a guest of another organisation
    store.save_organisation_grant(T, "microsoft", T, "29:ana", NOW)


def _ticks(store, graph: GraphStandIn, *moments: datetime) -> list[int]:
    async def main():
        async with TestServer(graph.app) as server:
            base = str(server.make_url("")).rstrip("/")
            setup = calendar_setup(settings_for("http://127.0.0.1:9/api/", base, base))
            return [(await tick(store, {}, at, calendars=setup)).teams for at in moments]
    return asyncio.run(main())


def _teams(store) -> dict[str, str | None]:
    return {p: person.team for p, person in store.people(T).items()}


def test_departments_become_teams_once_a_day_page_by_page(store):
    _organisation(store)
    graph = GraphStandIn()
    graph.consented.add(T)
    graph.page_size = 2  # three pages for five users
    graph.directory = {"ana@contoso.example": "Payments", "bea@contoso.example": "Research",
                       "cai@contoso.example": "Payments", "gus@contoso.example": "Sales",
                       "dan@contoso.example": "Legal"}
    changed = _ticks(store, graph, NOW, NOW + timedelta(hours=1), NOW + timedelta(days=1, hours=1))
    assert changed == [3, 0, 0]  # ana, bea, cai; read again only the next day (no change)
    teams = _teams(store)
    assert (teams["29:ana"], teams["29:bea"], teams["29:cai"]) == ("Payments", "Research",
                                                                   "Payments")
    assert teams["29:gus"] is None and teams["29:nou"] is None
    assert len(graph.seen("users")) == 3 + 3  # three pages, twice: a day apart
    # what a round then does with them: two of Payments are never paired
    people = store.people(T)
    work = plan_round(people, [], History(), Program(cross="teams"), NOW)
    assert not any({"29:ana", "29:cai"} <= set(g.members) for g in work.groups)


def test_without_the_permission_to_read_users_nothing_changes_until_tomorrow(store):
    _organisation(store)
    graph = GraphStandIn()
    graph.consented.add(T)  # consented to calendars, not to reading users: directory None
    assert _ticks(store, graph, NOW, NOW + timedelta(minutes=1)) == [0, 0]
    assert len(graph.seen("users")) == 1
    assert all(team is None for team in _teams(store).values())


def test_a_withdrawn_grant_reads_no_directory(store):
    _organisation(store)
    store.withdraw_organisation_grant(T)
    graph = GraphStandIn()
    graph.directory = {"ana@contoso.example": "Payments"}
    assert _ticks(store, graph, NOW) == [0] and not graph.seen("users")
