"""The shared-working-hours setting (overlap_minutes) wherever a manager can give it: the chat's
words, the program form, a YAML file; checked by the core, and old stored programs still load."""

from __future__ import annotations

import textwrap

import pytest

from bot.core.programs import Program, ProgramError, program_from_dict, program_to_dict
from bot.service.admin_help import ADMIN_HELP
from bot.service.admin_words import AdminCommand, form_values, parse_admin, settings_from_form
from bot.service.program_file import ProgramFileError, load_programs, read


def test_the_default_is_an_hour_and_old_stored_programs_get_it():
    assert Program().overlap_minutes == 60
    stored = program_to_dict(Program(name="coffee", overlap_minutes=90))
    assert program_from_dict(stored).overlap_minutes == 90
    del stored["overlap_minutes"]  # a program stored before the setting existed
    assert program_from_dict(stored).overlap_minutes == 60


@pytest.mark.parametrize("value", [-1, 481, 1.5, True, "60", None])
def test_the_core_refuses_an_overlap_out_of_range(value):
    with pytest.raises(ProgramError, match="overlap_minutes: expected 0 to 480 minutes"):
        program_from_dict({"overlap_minutes": value})


@pytest.mark.parametrize("value", [0, 1, 480])
def test_the_core_takes_zero_to_eight_hours(value):
    assert program_from_dict({"overlap_minutes": value}).overlap_minutes == value


def test_admin_create_and_edit_take_overlap():
    assert parse_admin("admin create coffee overlap=90") == \
        AdminCommand("create", "coffee", {"overlap_minutes": 90})
    assert parse_admin("admin edit coffee overlap_minutes=0 size=3") == \
        AdminCommand("edit", "coffee", {"overlap_minutes": 0, "group_size": 3})
    refused = parse_admin("admin edit coffee overlap=an-hour")
    assert not isinstance(refused, AdminCommand) and "a whole number" in refused.text
    assert "`overlap=60`" in ADMIN_HELP


def test_the_program_form_shows_and_takes_overlap():
    assert form_values(Program(name="coffee", overlap_minutes=45))["overlap"] == "45"
    settings, errors = settings_from_form({"name": "coffee", "overlap": "120"})
    assert settings["overlap_minutes"] == 120 and not errors
    settings, errors = settings_from_form({"name": "coffee", "overlap": "soon"})
    assert set(errors) == {"overlap"} and "overlap_minutes" not in settings


def write(tmp_path, text: str) -> str:
    path = tmp_path / "programs.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def test_a_yaml_program_takes_overlap_minutes(tmp_path):
    [(tenant, program)] = load_programs(write(tmp_path, """\
        tenant: T1
        programs:
          - name: remote
            overlap_minutes: 120
        """))
    assert (tenant, program.name, program.overlap_minutes) == ("T1", "remote", 120)
    [(_, default)] = load_programs(write(tmp_path, "tenant: T1\nprograms:\n  - name: plain\n"))
    assert default.overlap_minutes == 60


def test_a_yaml_overlap_out_of_range_names_its_line(tmp_path):
    path = write(tmp_path, """\
        tenant: T1
        programs:
          - name: remote
            overlap_minutes: 600
        """)
    with pytest.raises(ProgramFileError) as refused:
        read(path)
    [problem] = refused.value.problems
    assert problem.startswith(f"{path}:4: programs[0].overlap_minutes: expected 0 to 480")
