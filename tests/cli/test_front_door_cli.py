"""The front door: what `weaktie` leaves behind, says about itself, and takes on its command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main

DB_FILES = ("weaktie.db", "weaktie.db-wal", "weaktie.db-shm", "weaktie.db.clock")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def fresh(tmp_path, monkeypatch) -> Path:
    """An empty folder as the working directory, with no database configured."""
    monkeypatch.chdir(tmp_path)
    for name in ("DATABASE_URL", "SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_CLIENT_ID",
                 "SLACK_CLIENT_SECRET", "SLACK_APP_TOKEN", "MICROSOFT_APP_ID",
                 "MICROSOFT_APP_PASSWORD", "WEAKTIE_DEV", "WEAKTIE_PROGRAMS", "HOST", "PORT"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("weaktie.db"))


@pytest.mark.parametrize("argv", [
    ["round", "--tenant", "nope"],
    ["round", "--tenant", "nope", "--dry-run", "--json"],
    ["forget", "X"],
    ["forget", "X", "--tenant", "acme"],
])
def test_a_failed_command_in_a_fresh_folder_leaves_no_database(capsys, fresh, argv):
    code, _, err = run(capsys, *argv)
    assert code == 1 and err.startswith("weaktie: error:")
    assert leftovers(fresh) == []


def test_a_failed_import_leaves_no_database(capsys, fresh):
    (fresh / "bad.csv").write_text("not,the,header\n1,2,3\n")
    code, _, err = run(capsys, "import", "csv", "bad.csv")
    assert code == 1 and "nothing was imported" in err
    assert leftovers(fresh) == []


def test_a_failed_command_leaves_no_database_at_its_db_path_either(capsys, fresh):
    code, _, _ = run(capsys, "forget", "X", "--db", str(fresh / "elsewhere.db"))
    assert code == 1
    assert sorted(p.name for p in fresh.iterdir()) == []


def test_serve_refused_for_want_of_settings_leaves_no_database(capsys, fresh):
    code, _, err = run(capsys, "serve")
    assert code == 1 and "no platform is configured" in err
    assert leftovers(fresh) == []


def test_a_successful_command_keeps_its_database(capsys, fresh):
    (fresh / "ok.csv").write_text("timestamp,actor,target,kind,channel\n"
                                  "2026-05-04T10:00:00Z,ana,bea,reply,#team\n")
    code, _, _ = run(capsys, "import", "csv", "ok.csv")
    assert code == 0 and "weaktie.db" in leftovers(fresh)


def test_a_failed_command_on_an_existing_database_keeps_it(capsys, fresh):
    (fresh / "ok.csv").write_text("timestamp,actor,target,kind,channel\n"
                                  "2026-05-04T10:00:00Z,ana,bea,reply,#team\n")
    assert run(capsys, "import", "csv", "ok.csv")[0] == 0
    code, _, _ = run(capsys, "forget", "nobody")
    assert code == 1
    assert "weaktie.db" in leftovers(fresh)
    code, out, _ = run(capsys, "round", "--dry-run", "--json", "--now", "2026-06-01T08:00:00Z")
    assert code == 0 and '"groups"' in out  # the data is still there
