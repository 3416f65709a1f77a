"""`admin health` in chat: the network's figures for a manager, aggregates only; nothing for a
tenant too small to describe without describing someone; a refusal for an employee."""

from __future__ import annotations

from bot.service.admin import REFUSAL, Gate, handle_admin
from tests.helpers.health import NOW, org


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
