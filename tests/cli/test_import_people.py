"""`weaktie import people FILE`: teams, offices, time zones and hours from an HR export,
without interactions, then a round that crosses the teams it gave."""

from __future__ import annotations

import pytest

from bot.store import Store
from tests.helpers.cli import run

INTERACTIONS = "timestamp,actor,target,kind,channel\n" + "".join(
    f"2026-05-{day:02d}T10:00:00Z,{a},{b},reply,#team\n"
    for day in range(4, 25) for a, b in (("ana", "bea"), ("bea", "cai"), ("cai", "dan"),
                                         ("dan", "ana")))


@pytest.fixture
def db(capsys, tmp_path) -> str:
    path = tmp_path / "interactions.csv"
    path.write_text(INTERACTIONS)
    db = str(tmp_path / "cli.db")
    assert run(capsys, "import", "csv", str(path), "--tenant", "acme", "--db", db)[0] == 0
    return db


def test_an_hr_export_sets_teams_offices_zones_and_hours_and_leaves_empty_cells(
        capsys, tmp_path, db):
    store = Store.open(f"sqlite:///{db}")
    store.update_person("acme", "dan", "import", timezone="America/New_York")
    store.update_person("acme", "cai", "import", sign_in="Cai@Acme.example")
    export = tmp_path / "hr.csv"
    # an HR export has columns weaktie never reads (a title, a salary band)
    export.write_text("id,email,team,office,timezone,hours,title,band\n"
                      "ana,,payments,Lisbon,Europe/Lisbon,8:30-16:30,Engineer,L4\n"
                      "bea,,research,Lisbon,,,Scientist,L5\n"
                      ",cai@acme.example,payments,,,,Analyst,L3\n"
                      "dan,,research,,,,Manager,L6\n"
                      ",zoe@acme.example,sales,,,,Seller,L2\n"
                      "eve,,sales,Berlin,Europe/Berlin,,Seller,L2\n")
    code, out, _ = run(capsys, "import", "people", str(export), "--tenant", "acme", "--db", db)
    assert code == 0
    assert "updated 4 people and added 1" in out and "1 emails matched nobody" in out
    people = store.people("acme")
    assert (people["ana"].team, people["ana"].office, people["ana"].timezone,
            people["ana"].work_start, people["ana"].work_end) == \
        ("payments", "Lisbon", "Europe/Lisbon", 510, 990)
    assert people["cai"].team == "payments"  # found by the sign-in name, ignoring case
    assert people["dan"].timezone == "America/New_York"  # an empty cell keeps what is stored
    assert people["eve"].office == "Berlin"
    export_text = str(store.export_person("acme", "ana"))
    assert "Engineer" not in export_text and "L4" not in export_text
    # the round crosses the teams: the default takes teams when most people have one
    code, out, _ = run(capsys, "round", "--tenant", "acme", "--now", "2026-06-01T08:00:00Z",
                       "--dry-run", "--db", db)
    assert code == 0 and "You work in" in out


@pytest.mark.parametrize("rows, problem", [
    ("team\npayments\n", "line 1: expected a header with an 'id' or an 'email' column"),
    ("id,timezone\nana,Mars/Base\n", "line 2: unknown time zone 'Mars/Base'"),
    ("id,hours\nana,9-17\nbea,17-9\n", "line 3: hours '17-9'"),
    ("id,team\nana,a\nANA,b\nana,c\n", "line 4: ana is listed twice"),
    ("email,team\nnot-an-address,a\n", "line 2: email 'not-an-address' is not one"),
])
def test_a_bad_row_names_its_line_and_writes_nothing(capsys, tmp_path, db, rows, problem):
    export = tmp_path / "hr.csv"
    export.write_text(rows)
    before = Store.open(f"sqlite:///{db}").people("acme")
    code, out, err = run(capsys, "import", "people", str(export), "--tenant", "acme", "--db", db)
    assert code == 1 and out == "" and problem in err and "nothing was imported" in err
    assert Store.open(f"sqlite:///{db}").people("acme") == before


def test_importing_a_people_csv_again_keeps_the_time_zone_someone_set_in_chat(capsys, tmp_path, db):
    people = tmp_path / "people.csv"
    people.write_text("id,team,name\nana,payments,Ana Ruiz\n")
    interactions = tmp_path / "interactions.csv"
    interactions.write_text(INTERACTIONS)
    args = ("import", "csv", str(interactions), "--people", str(people), "--tenant", "acme",
            "--db", db)
    assert run(capsys, *args)[0] == 0
    store = Store.open(f"sqlite:///{db}")
    store.update_person("acme", "ana", "slack", timezone="Europe/Lisbon")  # `tz` in chat
    assert run(capsys, *args)[0] == 0
    ana = store.people("acme")["ana"]
    assert (ana.timezone, ana.team, ana.name) == ("Europe/Lisbon", "payments", "Ana Ruiz")
