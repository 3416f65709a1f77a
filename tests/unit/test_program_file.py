"""Programs from a YAML file: a good file gives checked programs; every problem names the file,
the line and the field, and a file with any problem gives no programs at all."""

from __future__ import annotations

import textwrap

import pytest

from bot.core.programs import Program, Weights
from bot.errors import WeaktieError
from bot.service.program_file import ProgramFileError, load_programs, read

GOOD = """\
# tenant: the Slack team id (T...) or Teams tenant id the programs belong to
tenant: T0123456
programs:
  - name: lisbon-coffee
    cadence: every other week mon 10:00
    timezone: Europe/Lisbon
    group_size: 2
    in_person: true
    offices: [Lisbon]
    venues: {Lisbon: ["Kitchen, 3rd floor", "Café Lumen"]}
    scope: ["#general"]
    cooldown_weeks: 8
    enrolment: opt-out
    weights: {dormant: 1, friend_of_friend: 1.5, bridge: 2, fill: 0.2}
    tone: warm
    state: active   # or paused
  - name: berlin-lunch
    cadence: "0 12 * * fri"
    timezone: Europe/Berlin
"""


def write(tmp_path, text: str) -> str:
    path = tmp_path / "programs.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def problems(tmp_path, text: str) -> list[str]:
    path = write(tmp_path, text)
    with pytest.raises(ProgramFileError) as refused:
        read(path)
    prefix = f"{path}:"
    assert all(p.startswith(prefix) for p in refused.value.problems)
    return [p[len(prefix):] for p in refused.value.problems]


def test_a_good_file_gives_each_tenant_its_checked_programs(tmp_path):
    loaded = load_programs(write(tmp_path, GOOD))
    assert [(tenant, program.name) for tenant, program in loaded] == [
        ("T0123456", "lisbon-coffee"), ("T0123456", "berlin-lunch")]
    coffee = loaded[0][1]
    assert coffee == Program(name="lisbon-coffee", cadence="every other week mon 10:00",
                             timezone="Europe/Lisbon", in_person=True, offices=("Lisbon",),
                             venues={"Lisbon": ("Kitchen, 3rd floor", "Café Lumen")},
                             scope=("#general",), cooldown_weeks=8,
                             weights=Weights(dormant=1, friend_of_friend=1.5, bridge=2, fill=0.2))
    assert [(p.state, p.line) for p in read(write(tmp_path, GOOD)).programs] == [("active", 4),
                                                                               (None, 17)]


def test_several_tenants_in_one_file_as_a_list(tmp_path):
    parsed = read(write(tmp_path, """\
        - tenant: T1
          platform: slack
          programs: [{name: coffee, cadence: weekly mon 10:00}]
        - tenant: 3f2a1b4c-0000-4000-8000-000000000001
          platform: teams
          programs: [{name: coffee, cadence: monthly first tue 9:30}]
        """))
    assert [(p.tenant, p.program.name) for p in parsed.programs] == [
        ("T1", "coffee"), ("3f2a1b4c-0000-4000-8000-000000000001", "coffee")]
    assert parsed.platforms == {"T1": "slack", "3f2a1b4c-0000-4000-8000-000000000001": "teams"}


def test_a_bad_setting_names_its_field_and_its_line(tmp_path):
    found = problems(tmp_path, """\
        tenant: T1
        programs:
          - name: a
          - name: b
          - name: c
            group_size: 7
        """)
    assert found == ["6: programs[2].group_size: expected 2, 3 or 4"]


def test_every_problem_is_listed_in_line_order_each_with_its_own_line(tmp_path):
    found = problems(tmp_path, """\
        tenant: T1
        programs:
          - name: coffee
            cadence: weekly 10:00
            timezone: Europe/Lisbn
            weights:
              dormant: 1
              bridge: -2
          - name: coffee
            colour: blue
            state: sleeping
          - group_size: 3
            cooldown_weeks: 2
            cooldown_weeks: 3
        """)
    assert found[0] == ("4: programs[0].cadence: which day of the week? e.g. 'weekly mon 10:00' "
                        "or 'every other week tue 9:30'")
    assert found[1] == ("5: programs[0].timezone: unknown time zone 'Europe/Lisbn' (an IANA name "
                        "such as Europe/Lisbon)")
    assert found[2] == "8: programs[0].weights.bridge: expected a number >= 0, got -2"
    assert found[3] == "9: programs[1].name: 'coffee' is already the name of the program on line 3"
    assert found[4].startswith("10: programs[1].colour: unknown setting (known: cadence, ")
    assert found[5:] == ["11: programs[1].state: expected active or paused",
                         "12: programs[2].name: missing (every program needs a name)",
                         "14: programs[2].cooldown_weeks: given twice (first on line 13)"]


def test_the_file_level_keys_are_checked_too(tmp_path):
    found = problems(tmp_path, """\
        tennant: T1
        platform: slak
        programs:
          name: coffee
        """)
    assert found == ["1: tennant: unknown key (expected tenant, platform, programs)",
                     "1: tenant: missing (the Slack team id (T...) or Teams tenant id the "
                     "programs belong to)",
                     "2: platform: expected slack or teams",
                     "3: programs: expected a list of programs ('- name: ...')"]


def test_a_tenant_listed_twice_is_refused(tmp_path):
    found = problems(tmp_path, """\
        - {tenant: T1, programs: [{name: a}]}
        - {tenant: T1, programs: [{name: b}]}
        """)
    assert found == ["2: [1].tenant: 'T1' is already on line 1; list its programs once"]


def test_yaml_syntax_errors_give_the_line(tmp_path):
    found = problems(tmp_path, "tenant: T1\nprograms:\n  - name: coffee\n   cadence: x\n")
    assert found[0].startswith("4: not valid YAML: ")


def test_nothing_but_plain_data_is_built(tmp_path):
    found = problems(tmp_path, """\
        tenant: T1
        programs:
          - name: coffee
            seed: !!python/object/apply:os.system ["echo owned"]
        """)
    assert found[0].startswith("4: not valid YAML: could not determine a constructor")


def test_shared_settings_by_yaml_anchor_and_merge(tmp_path):
    loaded = load_programs(write(tmp_path, """\
        tenant: T1
        programs:
          - &base {name: lisbon, cadence: weekly mon 10:00, timezone: Europe/Lisbon, group_size: 3}
          - <<: *base
            name: porto
        """))
    assert [(p.name, p.group_size, p.timezone) for _, p in loaded] == [
        ("lisbon", 3, "Europe/Lisbon"), ("porto", 3, "Europe/Lisbon")]


@pytest.mark.parametrize("text, expected", [
    ("", "1: expected 'tenant:' and 'programs:' (or a list of them, one per tenant)"),
    ("tenant: T1\nprograms: []\nprograms: []\n", "3: programs: given twice (first on line 2)"),
    ("tenant: [T1]\nprograms: []\n", "1: tenant: expected text (the Slack team id"),
])
def test_an_empty_or_odd_file_is_refused_with_a_line(tmp_path, text, expected):
    assert problems(tmp_path, text)[0].startswith(expected)


def test_an_unreadable_file_is_a_weaktie_error(tmp_path):
    with pytest.raises(WeaktieError, match="cannot read the file"):
        read(str(tmp_path / "missing.yaml"))
