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
    assert ("Where a program could help (`admin draft N` drafts one, paused):\n"
            "1. Berlin and Lisbon share 1 tie among 24 people") in said
    assert not any(i in said for i in ids) and "Name " not in said  # no person, ever


def test_a_tenant_of_eight_people_shows_no_figure(store):
    org(store, "T1", 4)
    said = ask(store, "T1", "UBOSS")
    assert "no figure is shown" in said and "%" not in said


def test_an_employee_asking_is_refused(store):
    org(store, "T1", 12)
    assert ask(store, "T1", "UL01") == REFUSAL


def admin(store, text: str) -> str:
    return handle_admin(store, "T1", "UBOSS", text, NOW, "slack", Gate(frozenset({"UBOSS"})))


def test_a_suggestion_becomes_a_paused_draft_program_in_one_command(store):
    org(store, "T1", 12)
    said = admin(store, "admin draft 1")
    assert said.startswith("Drafted `bridge-berlin-lisbon` for “Berlin and Lisbon share 1 tie")
    [(program, state)] = store.programs("T1")
    assert (program.name, state, program.offices, program.in_person) == (
        "bridge-berlin-lisbon", "paused", ("Berlin", "Lisbon"), False)
    assert program.weights.bridge == 3.0 and program.cadence
    # asking again drafts nothing new and says where the first one is
    assert "already a program `bridge-berlin-lisbon`" in admin(store, "admin draft 1")
    assert len(store.programs("T1")) == 1


def test_an_idea_no_program_can_aim_at_yet_is_said_so_and_writes_nothing(store):
    org(store, "T1", 12)
    ideas = admin(store, "admin health")
    assert "3. 91.7% of the Berlin office has no tie outside it" in ideas
    assert "cannot be aimed at that yet" in admin(store, "admin draft 3")
    assert "has 3 ideas right now" in admin(store, "admin draft 9")
    assert "Which idea?" in admin(store, "admin draft first")
    assert "Which idea?" in admin(store, "admin draft ²")  # a digit to isdigit(), not to int()
    assert store.programs("T1") == []


def test_an_employee_cannot_draft(store):
    org(store, "T1", 12)
    assert ask(store, "T1", "UL01") == REFUSAL
    assert handle_admin(store, "T1", "UL01", "admin draft 1", NOW, "slack",
                        Gate(frozenset({"UBOSS"}))) == REFUSAL
    assert store.programs("T1") == []
