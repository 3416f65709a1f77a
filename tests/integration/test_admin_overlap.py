"""Shared working hours, end to end through the store: `admin create/edit overlap=`, `admin show`,
and `admin preview` saying how many people the rule leaves without a possible partner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.model import Interaction, Person
from bot.service.admin import Gate
from bot.service.conversation import handle_request
from bot.service.program_form import save_program_form

NOW = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)  # a Thursday
GATE = Gate(frozenset({"UBOSS"}))
LISBON = [f"l{i:02d}" for i in range(12)]


def org(store) -> None:
    """Twelve people in Lisbon and one in Sydney, all talking in one channel, 9-17 local."""
    folk = [Person(p, name=p.upper(), timezone="Europe/Lisbon") for p in LISBON]
    folk.append(Person("s00", name="S00", timezone="Australia/Sydney"))
    everyone = [p.id for p in folk]
    rows = [(f"r{i}", Interaction(a, b, "reply", NOW - timedelta(days=i % 40 + 1), "C1"))
            for i, (a, b) in enumerate((a, b) for a in everyone for b in everyone
                                       if a < b and (int(a[1:]) + int(b[1:])) % 3 == 0)]
    store.import_interactions("acme", folk, sorted(rows, key=lambda r: r[1].at))


def say(store, text: str) -> str:
    return handle_request(store, "acme", "UBOSS", text, NOW, "slack", GATE, False)


def test_preview_counts_who_shares_no_working_hours_and_overlap_0_lifts_the_rule(store):
    org(store)
    created = say(store, "admin create remote")
    assert "(every pair shares 60 minutes of working hours)" in created
    preview = say(store, "admin preview remote")
    assert "12 of 13 people in 6 groups" in preview
    assert "1 person shares no 60-minute working overlap with anyone eligible" in preview
    edited = say(store, "admin edit remote overlap=0")
    assert edited.startswith("Saved.") and "no overlap rule" in edited
    assert store.program("acme", "remote").overlap_minutes == 0
    lifted = say(store, "admin preview remote")
    assert "13 of 13 people" in lifted and "working overlap" not in lifted


def test_an_overlap_out_of_range_changes_nothing(store):
    org(store)
    say(store, "admin create remote overlap=90")
    assert store.program("acme", "remote").overlap_minutes == 90
    refused = say(store, "admin edit remote overlap=481")
    assert refused.startswith("Nothing changed: overlap_minutes: expected 0 to 480")
    assert store.program("acme", "remote").overlap_minutes == 90
    assert "Everyone shares" not in say(store, "admin preview remote")  # Sydney shares nothing


def test_in_person_programs_show_and_count_no_hours_rule(store):
    org(store)
    shown = say(store, "admin create office mode=in-person")
    assert "working hours" not in shown
    assert "working overlap" not in say(store, "admin preview office")


def test_the_program_form_saves_overlap_and_puts_its_problem_on_its_field(store):
    org(store)
    form = {"name": "remote", "overlap": "600"}
    problems = save_program_form(store, "acme", "UBOSS", form, NOW, "slack", GATE)
    assert set(problems) == {"overlap"} and "0 to 480" in problems["overlap"]
    assert store.program("acme", "remote") is None
    assert save_program_form(store, "acme", "UBOSS", form | {"overlap": "30"}, NOW, "slack",
                             GATE) == {}
    assert store.program("acme", "remote").overlap_minutes == 30
