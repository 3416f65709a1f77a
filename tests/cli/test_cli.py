"""The `weaktie` command end to end on a temporary database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store import Store
from tests.helpers.cli import run
from tests.standins.loopback import free_port

DATA = Path(__file__).parents[2].parent / "shared" / "data"
HEADER = "timestamp,actor,target,kind,channel\n"


def small_dataset(folder: Path) -> Path:
    """Two friendly clusters joined by a couple of people, over a few weeks, with channels."""
    rows = []
    clusters = [["ana", "bea", "cai", "dan"], ["eve", "fay", "gus", "hal"]]
    for week in range(4):
        for cluster in clusters:
            for i, a in enumerate(cluster):
                b = cluster[(i + 1) % len(cluster)]
                rows.append(f"2026-05-{4 + week * 7:02d}T10:{i:02d}:00Z,{a},{b},reply,#team")
        rows.append(f"2026-05-{5 + week * 7:02d}T11:00:00Z,dan,eve,mention,#random")
        rows.append(f"2026-05-{5 + week * 7:02d}T11:05:00Z,ivy,,message,#random")
        rows.append(f"2026-05-{5 + week * 7:02d}T11:06:00Z,ana,,message,#random")
    path = folder / "interactions.csv"
    path.write_text(HEADER + "\n".join(sorted(rows)) + "\n")
    (folder / "people.csv").write_text("id,team,name\nana,A,Ana Ruiz\nbea,A,Bea Lind\n")
    return path


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "cli.db")


def test_import_then_round_json_places_everyone_once(capsys, tmp_path, db):
    path = small_dataset(tmp_path)
    code, out, _ = run(capsys, "import", "csv", str(path), "--people", str(tmp_path / "people.csv"),
                       "--tenant", "acme", "--db", db)
    assert code == 0 and "imported 44 new interactions" in out
    code, out, _ = run(capsys, "round", "--tenant", "acme", "--json", "--now",
                       "2026-06-01T08:00:00Z", "--db", db)
    assert code == 0
    plan = json.loads(out)
    placed = [m for g in plan["groups"] for m in g["members"]]
    assert len(placed) == len(set(placed))
    assert set(placed) | set(plan["unmatched"]) == {"ana", "bea", "cai", "dan", "eve", "fay",
                                                    "gus", "hal", "ivy"}
    group = plan["groups"][0]
    assert set(group) == {"members", "score", "reasons", "slots", "place"}
    assert group["reasons"] and len(group["slots"]) >= 2


def test_importing_the_same_file_twice_adds_nothing(capsys, tmp_path, db):
    path = small_dataset(tmp_path)
    run(capsys, "import", "csv", str(path), "--db", db)
    code, out, _ = run(capsys, "import", "csv", str(path), "--db", db)
    assert code == 0 and "imported 0 new interactions of 44 read (44 already stored)" in out


def test_a_round_is_stored_once_and_a_dry_run_stores_nothing(capsys, tmp_path, db):
    run(capsys, "import", "csv", str(small_dataset(tmp_path)), "--db", db)
    when = ("--now", "2026-06-01T08:00:00Z", "--db", db)
    code, out, _ = run(capsys, "round", "--dry-run", *when)
    assert code == 0 and "dry run, nothing stored" in out
    assert Store.open(f"sqlite:///{db}").nudges("default") == []
    code, out, _ = run(capsys, "round", *when)
    assert code == 0 and "(round 1)" in out
    code, _, err = run(capsys, "round", *when)
    assert code == 1 and "already has a round due at" in err


def test_a_bad_file_gives_one_line_naming_the_line_and_writes_nothing(capsys, tmp_path, db):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "2026-05-01T10:00:00Z,ana,bea,reply,\n2026-05-01,ana,bea,hug,\n")
    code, out, err = run(capsys, "import", "csv", str(path), "--db", db)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "line 3: unknown kind 'hug'" in err
    assert Store.open(f"sqlite:///{db}").tenant_names() == []


@pytest.mark.parametrize("argv, message", [
    (["round", "--tenant", "nobody"], "unknown tenant 'nobody'"),
    (["round", "--program", "weekly"], "has no program 'weekly'"),
    (["forget", "zed"], "nobody with id 'zed'"),
])
def test_unknown_names_are_clear_errors(capsys, tmp_path, db, argv, message):
    run(capsys, "import", "csv", str(small_dataset(tmp_path)), "--db", db)
    code, _, err = run(capsys, *argv, "--db", db)
    assert code == 1 and message in err


def test_an_unreachable_database_is_one_clear_line(capsys):
    code, _, err = run(capsys, "round", "--db", "postgresql://postgres@127.0.0.1:1/none")
    assert code == 1 and err.startswith("weaktie: error: cannot reach database")
    assert err.count("\n") == 1


def test_forget_erases_a_person(capsys, tmp_path, db):
    run(capsys, "import", "csv", str(small_dataset(tmp_path)), "--db", db)
    code, out, _ = run(capsys, "forget", "ana", "--db", db)
    assert code == 0 and "erased ana" in out
    assert "ana" not in Store.open(f"sqlite:///{db}").people("default")


def test_demo_runs_on_a_generated_organisation(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "demo", "--people", "60", "--show", "3")
    assert code == 0
    assert "groups" in out and "why" in out and "when" in out and "where" in out
    assert "random pairing" in out and "coverage" in out
    assert (tmp_path / "weaktie-demo.db").is_file()


def test_the_demos_past_rounds_give_the_outcomes_a_story(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "demo")
    hint = "`weaktie outcomes --tenant demo --program coffee --db weaktie-demo.db`"
    assert code == 0 and "an earlier round was simulated" in out and hint in out
    code, out, _ = run(capsys, "outcomes", "--tenant", "demo", "--program", "coffee",
                       "--db", "weaktie-demo.db", "--json")
    found = json.loads(out)
    # the groups that met kept talking more than those that did not, and than random groups
    assert code == 0 and found["met"] > found["not_met"] > found["base"]
    assert [r["final"] for r in found["kept"]] == [True]  # kept by the weekly job


def test_demo_on_a_real_dataset(capsys, tmp_path, monkeypatch):
    folder = DATA / "sociopatterns-workplace-2015"
    if not folder.is_dir():
        pytest.skip(f"shared data not found at {folder}")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "demo", "--data", str(folder), "--show", "2")
    assert code == 0 and "vs departments" in out


def test_demo_with_a_folder_without_data_is_a_clear_error(capsys, tmp_path):
    code, _, err = run(capsys, "demo", "--data", str(tmp_path))
    assert code == 1 and "expected interactions.csv.gz" in err


def test_the_installed_command_runs_as_a_process(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"}
    done = subprocess.run([sys.executable, "-m", "entrypoints.cli", "round"], capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 1
    assert "unknown tenant 'default'" in done.stderr and "Traceback" not in done.stderr


def test_serve_refuses_to_start_without_slack_settings(capsys, monkeypatch, db):
    monkeypatch.delenv("SLACK_SIGNING_SECRET", raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    code, _, err = run(capsys, "serve", "--db", db)
    assert code == 1 and "SLACK_SIGNING_SECRET is missing" in err


def test_serve_runs_as_a_process_and_answers_health(tmp_path):
    import time
    import urllib.request

    port = free_port()
    env = {**os.environ, "SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-test",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}
    server = subprocess.Popen([sys.executable, "-m", "entrypoints.cli", "serve", "--port", str(port)],
                              env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline, answer = time.monotonic() + 30, None
        while answer is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    answer = (r.status, r.read())
            except OSError:
                time.sleep(0.2)
        assert answer == (200, b'{"ok": true}')
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_send_without_any_platform_is_one_clear_line_and_the_round_stays_stored(
        capsys, tmp_path, db, monkeypatch):
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "MICROSOFT_APP_ID",
                 "WEAKTIE_DEV"):
        monkeypatch.delenv(name, raising=False)
    run(capsys, "import", "csv", str(small_dataset(tmp_path)), "--db", db)
    code, _, err = run(capsys, "round", "--send", "--now", "2026-06-01T08:00:00Z", "--db", db)
    assert code == 1 and "--send needs a platform" in err
    assert Store.open(f"sqlite:///{db}").nudges("default") != []


def test_teams_package_holds_a_manifest_with_channel_consent_and_both_icons(capsys, tmp_path,
                                                                            monkeypatch):
    import struct
    import zipfile
    monkeypatch.setenv("WEAKTIE_PUBLIC_URL", "https://coffee.example.org")
    out = tmp_path / "teams.zip"
    code, text, _ = run(capsys, "teams-package", "--app-id", "11111111-2222-3333-4444-555555555555",
                        "--out", str(out))
    assert code == 0 and "Upload an app" in text
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        sizes = {name: struct.unpack(">II", archive.read(name)[16:24])
                 for name in ("color.png", "outline.png")}
    assert manifest["id"] == manifest["bots"][0]["botId"] == "11111111-2222-3333-4444-555555555555"
    consent = {p["name"] for p in manifest["authorization"]["permissions"]["resourceSpecific"]}
    assert "ChannelMessage.Read.Group" in consent
    assert manifest["validDomains"] == ["coffee.example.org"]
    assert sizes == {"color.png": (192, 192), "outline.png": (32, 32)}


def test_teams_package_without_an_app_id_says_what_to_set(capsys, monkeypatch):
    monkeypatch.delenv("MICROSOFT_APP_ID", raising=False)
    code, _, err = run(capsys, "teams-package")
    assert code == 1 and "MICROSOFT_APP_ID" in err
