"""Who a program reaches: scope (channels), offices, opt-in enrolment, pauses and time away."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.eligibility import eligible
from bot.core.model import Person
from bot.core.programs import Program, ProgramError, program_from_dict, program_to_dict

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)
PEOPLE = {
    "ana": Person("ana", office="Lisbon", opted_in=True),
    "bo": Person("bo", office="Berlin"),
    "cy": Person("cy", office="Lisbon", away_until=NOW + timedelta(days=3)),
    "di": Person("di", office="Lisbon", idle_paused=True, opted_in=True),
    "ed": Person("ed", office="Lisbon", away_until=NOW - timedelta(days=1)),
}
CHANNELS = {"ana": frozenset({"coffee"}), "bo": frozenset({"random"}), "ed": frozenset({"coffee"})}


def test_everyone_available_by_default() -> None:
    assert eligible(PEOPLE, Program(), CHANNELS, NOW) == {"ana", "bo", "ed"}


def test_scope_takes_people_seen_in_its_channels() -> None:
    assert eligible(PEOPLE, Program(scope=("#coffee",)), CHANNELS, NOW) == {"ana", "ed"}


def test_offices_and_opt_in_narrow_it_down() -> None:
    assert eligible(PEOPLE, Program(offices=("Berlin",)), CHANNELS, NOW) == {"bo"}
    assert eligible(PEOPLE, Program(enrolment="opt-in"), CHANNELS, NOW) == {"ana"}


def test_out_of_office_and_idle_pause_skip_a_person() -> None:
    assert not PEOPLE["cy"].available(NOW)
    assert PEOPLE["cy"].available(NOW + timedelta(days=4))
    assert not PEOPLE["di"].available(NOW + timedelta(days=400))


def test_new_settings_round_trip_and_are_checked() -> None:
    program = program_from_dict({"name": "x", "scope": "#coffee, #random", "offices": ["Lisbon"],
                                 "enrolment": "opt-in", "tone": "brief"})
    assert program.scope == ("#coffee", "#random")
    assert program_from_dict(program_to_dict(program)) == program
    with pytest.raises(ProgramError, match="enrolment"):
        program_from_dict({"enrolment": "sometimes"})
    with pytest.raises(ProgramError, match="tone"):
        program_from_dict({"tone": "grumpy"})
    with pytest.raises(ProgramError, match="scope"):
        program_from_dict({"scope": [1, 2]})


def test_people_of_other_organisations_take_part_only_where_a_program_includes_guests() -> None:
    people = {"ana": Person("ana"), "zed": Person("zed", external=True)}
    assert eligible(people, Program(), {}, NOW) == {"ana"}
    assert eligible(people, Program(include_guests=True), {}, NOW) == {"ana", "zed"}
    assert program_from_dict(program_to_dict(Program(include_guests=True))).include_guests
    with pytest.raises(ProgramError, match="include_guests"):
        program_from_dict({"include_guests": "yes"})
