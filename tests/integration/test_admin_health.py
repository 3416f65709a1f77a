"""`admin health` in chat: the network's figures for a manager, aggregates only; nothing for a
tenant too small to describe without describing someone; a refusal for an employee."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.model import Interaction, Person
from bot.service.admin import REFUSAL, Gate, handle_admin

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def org(store, tenant: str, per_office: int) -> list[str]:
    """Two offices; everyone talks within their office, and two people across."""
    ids = [f"U{office}{i:02d}" for office in "LB" for i in range(per_office)]
    people = [Person(i, name=f"Name {i}", office="Lisbon" if i[1] == "L" else "Berlin",
                     team="payments" if int(i[2:]) % 2 else "research") for i in ids]
    rows = []
    for n, a in enumerate(ids):
        for b in ids[n + 1:n + 3]:
            if a[1] == b[1]:
                rows.append((f"{a}{b}", Interaction(a, b, "reply", NOW - timedelta(days=3), "C1")))
    rows.append(("cross", Interaction(ids[0], ids[-1], "mention", NOW - timedelta(days=2), "C2")))
    store.import_interactions(tenant, people, rows)
    return ids


def ask(store, tenant: str, who: str) -> str:
    return handle_admin(store, tenant, who, "admin health", NOW, "slack",
                        Gate(frozenset({"UBOSS"})))


def test_a_manager_reads_the_networks_figures_and_where_a_program_could_help(store):
    ids = org(store, "T1", 12)
    said = ask(store, "T1", "UBOSS")
    assert said.startswith("Network health this week (24 people):")
    assert "• with a tie to another community: not shown; team: 100%; office: 8.3%" in said
    assert "• with no direct interaction in 60 days: 0%" in said
    assert "• Berlin and Lisbon share 1 tie among 24 people" in said
    assert not any(i in said for i in ids) and "Name " not in said  # no person, ever


def test_a_tenant_of_eight_people_shows_no_figure(store):
    org(store, "T1", 4)
    said = ask(store, "T1", "UBOSS")
    assert "no figure is shown" in said and "%" not in said


def test_an_employee_asking_is_refused(store):
    org(store, "T1", 12)
    assert ask(store, "T1", "UL01") == REFUSAL
