"""`weaktie programs check|load FILE` and WEAKTIE_PROGRAMS at start, end to end on SQLite and
PostgreSQL: the file's programs reach the store in one go, or nothing does."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime

from sqlalchemy import select

from bot.core.model import Person
from bot.service.program_file import read, sync
from bot.store import Store
from bot.store.schema import programs
from tests.helpers.cli import run

FILE = """\
tenant: T0123456
platform: slack
programs:
  - name: lisbon-coffee
    cadence: every other week mon 10:00
    timezone: Europe/Lisbon
    in_person: true
    offices: [Lisbon]
    venues: {Lisbon: ["Kitchen, 3rd floor", "Café Lumen"]}
    state: active
  - name: all-hands
    cadence: "0 12 * * fri"
    timezone: Europe/Berlin
    group_size: 4
"""


def write(tmp_path, text: str, name: str = "programs.yaml") -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def states(store: Store) -> dict[str, str]:
    with store.engine.connect() as conn:
        return dict(conn.execute(select(programs.c.name, programs.c.state)).all())


def test_check_prints_each_program_with_its_cadence_in_words(capsys, tmp_path):
    path = write(tmp_path, FILE)
    code, out, _ = run(capsys, "programs", "check", path)
    assert code == 0
    assert out.splitlines() == [
        f"{path}: 2 programs for 1 tenant(s), all valid",
        "  T0123456 lisbon-coffee: every other Monday at 10:00 (Europe/Lisbon); groups of 2, "
        "in person, opt-out, active",
        "  T0123456 all-hands: every Friday at 12:00 (Europe/Berlin); groups of 4, in person or "
        "remote, opt-out"]


def test_check_of_a_bad_file_exits_1_with_file_line_and_field(capsys, tmp_path):
    path = write(tmp_path, FILE.replace("group_size: 4", "group_size: 7"))
    code, out, err = run(capsys, "programs", "check", path)
    assert (code, out) == (1, "")
    assert err == f"weaktie: error: {path}:14: programs[1].group_size: expected 2, 3 or 4\n"


def test_load_saves_the_programs_and_a_second_load_changes_nothing(capsys, tmp_path, store_url):
    path = write(tmp_path, FILE)
    code, out, _ = run(capsys, "programs", "load", path, "--db", store_url)
    assert code == 0
    assert [line.split()[:3] for line in out.splitlines()] == [
        ["created", "T0123456", "lisbon-coffee:"], ["created", "T0123456", "all-hands:"]]
    store = Store.open(store_url)
    try:
        coffee = store.program("T0123456", "lisbon-coffee")
        assert (coffee.cadence, coffee.timezone, coffee.venues) == (
            "every other week mon 10:00", "Europe/Lisbon",
            {"Lisbon": ("Kitchen, 3rd floor", "Café Lumen")})
        assert store.program("T0123456", "all-hands").group_size == 4
        code, out, _ = run(capsys, "programs", "load", path, "--db", store_url)
        assert code == 0 and [line.split()[0] for line in out.splitlines()] == ["unchanged"] * 2
        write(tmp_path, FILE.replace("group_size: 4", "group_size: 3"))
        code, out, _ = run(capsys, "programs", "load", path, "--db", store_url)
        assert [line.split()[0] for line in out.splitlines()] == ["unchanged", "updated"]
        assert store.program("T0123456", "all-hands").group_size == 3
    finally:
        store.close()


def test_a_file_with_any_error_writes_nothing(capsys, tmp_path, store_url):
    path = write(tmp_path, FILE.replace("timezone: Europe/Berlin", "timezone: Europe/Berln"))
    code, _, err = run(capsys, "programs", "load", path, "--db", store_url)
    assert code == 1 and f"{path}:13: programs[1].timezone: unknown time zone" in err
    store = Store.open(store_url)
    try:
        assert store.tenant_names() == []
    finally:
        store.close()


def test_an_unknown_tenant_without_a_platform_is_refused_at_its_line_and_nothing_is_written(
        capsys, tmp_path, store_url):
    store = Store.open(store_url)
    try:
        store.import_interactions("T1", [Person("ana")], [])
        path = write(tmp_path, """\
            - tenant: T1
              programs: [{name: coffee, cadence: weekly mon 10:00}]
            - tenant: T2
              programs: [{name: coffee, cadence: weekly mon 10:00}]
            """)
        code, _, err = run(capsys, "programs", "load", path, "--db", store_url)
        assert code == 1
        assert err.startswith(f"weaktie: error: {path}:3: tenant 'T2' is not in the database yet")
        assert store.program("T1", "coffee") is None  # T1 was fine, but it is all or nothing
    finally:
        store.close()


def test_programs_not_in_the_file_are_left_alone(capsys, tmp_path, store):
    from bot.core.programs import Program
    store.import_interactions("T0123456", [Person("ana")], [])
    store.save_program("T0123456", Program(name="by-chat", cadence="weekly tue 9:00"),
                       datetime(2026, 1, 1, tzinfo=UTC))
    sync(store, read(write(tmp_path, FILE)), datetime(2026, 2, 1, tzinfo=UTC))
    assert store.program("T0123456", "by-chat").cadence == "weekly tue 9:00"


def test_a_reload_keeps_a_pause_said_in_chat_and_the_schedule_of_an_unchanged_program(
        tmp_path, store):
    without_state = FILE.replace("    state: active\n", "")
    first, later = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC)
    sync(store, read(write(tmp_path, without_state)), first)
    with store.engine.begin() as conn:  # as `/coffee admin pause all-hands` does
        conn.execute(programs.update().where(programs.c.name == "all-hands").values(state="paused"))
    sync(store, read(write(tmp_path, without_state)), later)
    assert states(store) == {"lisbon-coffee": "active", "all-hands": "paused"}
    # Re-reading at a restart must not move the schedule on: a round missed while down stays due.
    assert [created for _, _, created in store.scheduled_programs()] == [first]
    outcomes = sync(store, read(write(tmp_path, FILE.replace("state: active", "state: paused"))),
                    later)
    assert [o for _, o in outcomes] == ["updated", "unchanged"]
    assert states(store) == {"lisbon-coffee": "paused", "all-hands": "paused"}


def test_a_new_cadence_in_the_file_restarts_the_schedule_from_the_load(tmp_path, store):
    first, later = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC)
    sync(store, read(write(tmp_path, FILE)), first)
    sync(store, read(write(tmp_path, FILE.replace("mon 10:00", "tue 10:00"))), later)
    created = {p.name: at for _, p, at in store.scheduled_programs()}
    assert created == {"lisbon-coffee": later, "all-hands": first}


def test_serve_and_clock_stop_at_start_on_a_bad_programs_file(capsys, tmp_path, monkeypatch):
    path = write(tmp_path, FILE.replace("every other week mon 10:00", "sometimes"))
    monkeypatch.setenv("WEAKTIE_PROGRAMS", path)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    for command in ("serve", "clock"):
        code, _, err = run(capsys, command, "--db", str(tmp_path / "w.db"))
        assert code == 1
        assert err.startswith(f"weaktie: error: {path}:5: programs[0].cadence: did not understand "
                              "'sometimes'")


def test_the_clock_loads_weaktie_programs_at_start(tmp_path):
    db = f"sqlite:///{tmp_path / 'clock.db'}"
    env = {**os.environ, "DATABASE_URL": db, "WEAKTIE_PROGRAMS": write(tmp_path, FILE),
           "PYTHONUNBUFFERED": "1"}
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "MICROSOFT_APP_ID", "WEAKTIE_DEV"):
        env.pop(name, None)
    clock = subprocess.Popen([sys.executable, "-m", "entrypoints.cli", "clock", "--heartbeat", "1"],
                             env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        first, second = clock.stdout.readline(), clock.stdout.readline()
    finally:
        clock.terminate()
        clock.wait(timeout=10)
    assert first == f"weaktie: programs from {env['WEAKTIE_PROGRAMS']}: 2 created, 0 updated, 0 unchanged\n"
    assert second.startswith("weaktie: clock running")
    store = Store.open(db)
    try:
        assert store.program("T0123456", "lisbon-coffee").cadence == "every other week mon 10:00"
    finally:
        store.close()
