"""Program settings: defaults, validation that names the field, and a lossless round trip."""

from __future__ import annotations

import pytest

from bot.core.programs import Program, ProgramError, Weights, program_from_dict, program_to_dict


def test_the_default_program_pairs_everyone_remotely():
    program = program_from_dict({})
    assert program == Program()
    assert (program.group_size, program.in_person) == (2, False)


def test_settings_round_trip_through_plain_data():
    program = program_from_dict({"name": "coffee", "group_size": 4, "in_person": True,
                                 "weights": {"bridge": 2}, "venues": {"Lisbon": ["Café Tati"]}})
    assert program.weights == Weights(bridge=2.0)
    assert program.venues == {"Lisbon": ("Café Tati",)}
    assert program_from_dict(program_to_dict(program)) == program


@pytest.mark.parametrize("settings, field", [
    ({"group_size": 5}, "group_size"),
    ({"group_size": True}, "group_size"),
    ({"cooldown_weeks": -1}, "cooldown_weeks"),
    ({"name": " "}, "name"),
    ({"in_person": "yes"}, "in_person"),
    ({"weights": {"bridge": -1}}, "weights.bridge"),
    ({"weights": {"gossip": 1}}, "weights.gossip"),
    ({"venues": {"Lisbon": "Café"}}, "venues.Lisbon"),
    ({"colour": "blue"}, "colour"),
])
def test_a_bad_setting_is_refused_naming_the_field(settings, field):
    with pytest.raises(ProgramError, match=field):
        program_from_dict(settings)
