"""Community managers by chat: the gate, programs' life cycle, preview, run, stats, grants; and an
employee trying every manager command changes nothing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.core.model import Interaction, Person
from bot.service.admin import REFUSAL, Gate
from bot.service.conversation import handle_request
from bot.service.program_form import save_program_form
from bot.store.schema import feedback, managers, nudges, people, programs, rounds
from scheduler.jobs import tick

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # a Thursday
GATE = Gate(frozenset({"UBOSS"}))
STAFF = [f"u{i:02d}" for i in range(24)]


def org(store) -> None:
    """24 people in three teams of eight, talking inside their team and a little across."""
    folk = [Person(p, name=p.upper(), office="Lisbon" if i % 2 else "Berlin") for i, p in enumerate(STAFF)]
    rows, n = [], 0
    for i, a in enumerate(STAFF):
        for j, b in enumerate(STAFF):
            if a < b and (i // 8 == j // 8 or (i + j) % 7 == 0):
                for _ in range(3 if i // 8 == j // 8 else 1):
                    n += 1
                    rows.append((f"s{n}", Interaction(a, b, "reply", NOW - timedelta(days=n % 50 + 1),
                                                      f"#team{i // 8}")))
    store.import_interactions("acme", folk, sorted(rows, key=lambda r: r[1].at))


def say(store, who: str, text: str, when: datetime = NOW, admin: bool = False) -> str:
    return handle_request(store, "acme", who, text, when, "slack", GATE, admin)


def counts(store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {t.name: conn.scalar(select(func.count()).select_from(t))
                for t in (programs, rounds, nudges, feedback, managers, people)}


EVERY_MANAGER_COMMAND = [
    "admin", "admin help", "admin programs", "admin show coffee", "admin create tea size=3",
    "admin edit coffee size=4", "admin form coffee", "admin pause coffee", "admin resume coffee",
    "admin delete coffee", "admin delete coffee now", "admin preview coffee", "admin run coffee",
    "admin stats coffee", "admin outcomes coffee", "admin health", "admin managers",
    "admin grant u01", "admin revoke UBOSS",
    "admin nonsense words", "ADMIN   RUN",
]


def test_an_employee_trying_every_manager_command_is_refused_and_nothing_changes(store):
    org(store)
    say(store, "UBOSS", 'admin create coffee cadence="weekly mon 10:00"')
    before = counts(store)
    for text in EVERY_MANAGER_COMMAND:
        assert say(store, "u05", text) == REFUSAL, text
    assert counts(store) == before
    assert save_program_form(store, "acme", "u05", {"name": "sneaky", "size": "2"}, NOW, "slack",
                             GATE) == {"name": REFUSAL}
    assert counts(store) == before


def test_managers_come_from_settings_workspace_admins_and_grants(store):
    org(store)
    assert "No programs yet" in say(store, "u07", "admin programs", admin=True)
    assert say(store, "u08", "admin programs") == REFUSAL
    assert "can now manage" in say(store, "UBOSS", "admin grant u08")
    assert "No programs yet" in say(store, "u08", "admin programs")
    listed = say(store, "u08", "admin managers")
    assert "<@UBOSS>" in listed and "<@u08>, granted by <@UBOSS>" in listed
    assert "manager already" in say(store, "u08", "admin grant @u08")
    assert "WEAKTIE_MANAGERS" in say(store, "u08", "admin revoke UBOSS")
    assert "no longer manages" in say(store, "UBOSS", "admin revoke u08")
    assert say(store, "u08", "admin programs") == REFUSAL


def test_create_show_edit_pause_resume_delete(store):
    org(store)
    made = say(store, "UBOSS", 'admin create Coffee cadence="0 10 * * mon" tz=Europe/Lisbon size=3 '
                               'mode=in-person offices=Lisbon venues="Lisbon: Kitchen, Café Lumen" '
                               "cooldown=8 enrolment=opt-in scope=#team0,#team1 bridges=2 tone=brief")
    assert "Created `coffee`" in made
    program = store.program("acme", "coffee")
    assert (program.group_size, program.in_person, program.offices, program.cooldown_weeks) == \
        (3, True, ("Lisbon",), 8)
    assert program.venues == {"Lisbon": ("Kitchen", "Café Lumen")}
    assert (program.enrolment, program.scope, program.weights.bridge, program.tone) == \
        ("opt-in", ("#team0", "#team1"), 2.0, "brief")
    shown = say(store, "UBOSS", "admin show coffee")
    assert "next round Mon 30 Nov, 10:00 (Lisbon)" in shown and "bridges 2" in shown
    assert "already a program" in say(store, "UBOSS", "admin create coffee")
    assert "Nothing changed: group_size" in say(store, "UBOSS", "admin edit coffee size=7")
    assert store.program("acme", "coffee").group_size == 3
    assert "Saved" in say(store, "UBOSS", "admin edit coffee size=2 scope=everyone dormant=3")
    edited = store.program("acme", "coffee")
    assert (edited.group_size, edited.scope, edited.weights.dormant, edited.weights.bridge) == \
        (2, (), 3.0, 2.0)
    assert "is paused" in say(store, "UBOSS", "admin pause coffee")
    assert store.scheduled_programs() == []
    assert "running again" in say(store, "UBOSS", "admin resume coffee")
    assert [p.name for _, p, _ in store.scheduled_programs()] == ["coffee"]
    assert "admin delete coffee now" in say(store, "UBOSS", "admin delete coffee")
    assert store.program("acme", "coffee") is not None
    assert "Deleted" in say(store, "UBOSS", "admin delete coffee now")
    assert store.program("acme", "coffee") is None
    assert "no program `coffee`" in say(store, "UBOSS", "admin show coffee")


def test_slack_escaped_channels_and_offices_with_spaces(store):
    org(store)
    say(store, "UBOSS", 'admin create x scope=C012,C34 offices="New York,Lisbon"')
    program = store.program("acme", "x")
    assert (program.scope, program.offices) == (("C012", "C34"), ("New York", "Lisbon"))


def test_bad_settings_get_a_clear_reply_and_change_nothing(store):
    org(store)
    before = counts(store)
    for text, expected in [("admin create x size=two", "whole number"),
                           ("admin create x tz=Mars/Olympus", "time zone"),
                           ("admin create x mode=sometimes", "in-person"),
                           ("admin create x colour=blue", "don't know the setting"),
                           ('admin create x cadence="weekly', "quote is not closed"),
                           ("admin create x enrolment=maybe", "enrolment"),
                           ("admin create x venues=Kitchen", "offices and their places"),
                           ("admin create x bridges=-1", "weight"),
                           ("admin edit nosuch size=3", "no program `nosuch`"),
                           ("admin pause", "Which program?")]:
        assert expected in say(store, "UBOSS", text), text
    assert counts(store) == before


def test_a_paused_programs_missed_rounds_do_not_fire_on_resume(store):
    org(store)
    say(store, "UBOSS", 'admin create coffee cadence="0 10 * * mon" tz=Europe/Lisbon')
    say(store, "UBOSS", "admin pause coffee")
    three_weeks = NOW + timedelta(weeks=3)
    assert asyncio.run(tick(store, {}, three_weeks)).planned == []
    say(store, "UBOSS", "admin resume coffee", when=three_weeks)
    assert asyncio.run(tick(store, {}, three_weeks + timedelta(hours=1))).planned == []
    monday = datetime(2026, 12, 21, 10, 5, tzinfo=UTC)
    assert [w for _, _, w in asyncio.run(tick(store, {}, monday)).planned] == \
        [datetime(2026, 12, 21, 10, 0, tzinfo=UTC)]


def test_preview_sends_nothing_and_run_plans_a_round(store):
    org(store)
    say(store, "UBOSS", "admin create coffee")
    before = counts(store)
    preview = say(store, "UBOSS", "admin preview coffee")
    assert "24 of 24 people in 12 groups (100% placed)" in preview
    assert "100% of groups share context" in preview and "0% already close" in preview
    assert counts(store) == before
    ran = say(store, "UBOSS", "admin run coffee")
    assert "Round planned for `coffee`: 12 groups" in ran
    assert counts(store)["nudges"] == 12
    say(store, "UBOSS", "admin pause coffee")
    assert "is paused" in say(store, "UBOSS", "admin run coffee", when=NOW + timedelta(hours=1))


def test_preview_of_a_tiny_program_shows_no_figures(store):
    org(store)
    say(store, "UBOSS", "admin create few offices=Lisbon scope=#team0")
    assert "too few to show more" in say(store, "UBOSS", "admin preview few")


def test_stats_are_aggregates_over_at_least_ten_people(store):
    org(store)
    say(store, "UBOSS", "admin create coffee")
    say(store, "UBOSS", "admin create pair scope=#team0 offices=Lisbon")
    say(store, "UBOSS", "admin run coffee")
    say(store, "UBOSS", "admin run pair")
    assert "Not enough people" in say(store, "UBOSS", "admin stats pair")
    found = store.nudges("acme")
    coffee = [n for n in found if len(n.members) >= 2][:12]
    for n in coffee[:6]:
        for m in n.members:
            store.record_feedback("acme", n.id, m, "accepted", NOW, 0)
    store.record_feedback("acme", coffee[0].id, coffee[0].members[0], "met", NOW)
    stats = say(store, "UBOSS", "admin stats coffee rounds=2")
    assert "12 groups, 24 people" in stats
    assert "Participation: 100% of the 24 people" in stats
    assert "Accepted a time: 50% of members" in stats
    assert "Meetings confirmed: 8.3% of groups" in stats
    assert "u0" not in stats and "U" not in stats.replace("UBOSS", "")


def test_the_program_form_creates_and_edits_with_errors_by_field(store):
    org(store)
    form = {"name": "lunch", "cadence": "0 12 * * fri", "tz": "Europe/Berlin", "size": "3",
            "mode": "in-person", "offices": ["Berlin"], "venues": "Berlin: Canteen",
            "cooldown": "6", "enrolment": "opt-out", "scope": "", "tone": "playful",
            "bridges": "1.5"}
    assert save_program_form(store, "acme", "UBOSS", form, NOW, "slack", GATE) == {}
    lunch = store.program("acme", "lunch")
    assert (lunch.group_size, lunch.offices, lunch.tone, lunch.weights.bridge) == \
        (3, ("Berlin",), "playful", 1.5)
    problems = save_program_form(store, "acme", "UBOSS", form | {"size": "9", "tz": "Nowhere"}, NOW,
                                 "slack", GATE)
    assert set(problems) == {"tz"}
    problems = save_program_form(store, "acme", "UBOSS", form | {"size": "9"}, NOW, "slack", GATE)
    assert set(problems) == {"size"} and "2, 3 or 4" in problems["size"]
    assert store.program("acme", "lunch").group_size == 3
    assert save_program_form(store, "acme", "UBOSS", form | {"size": "2"}, NOW, "slack", GATE) == {}
    assert store.program("acme", "lunch").group_size == 2


@pytest.mark.parametrize("text", ["admin", "admin help"])
def test_managers_get_the_admin_help(store, text):
    org(store)
    assert "admin preview" in say(store, "UBOSS", text)
