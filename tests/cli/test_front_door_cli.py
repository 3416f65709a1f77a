"""The front door: what `weaktie` leaves behind, says about itself, and takes on its command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from entrypoints.cli import main
from tests.helpers.cli import run
from tests.standins.loopback import free_port

DB_FILES = ("weaktie.db", "weaktie.db-wal", "weaktie.db-shm", "weaktie.db.clock")


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


def test_serve_refused_with_a_programs_file_writes_no_programs_first(capsys, fresh, monkeypatch):
    (fresh / "programs.yml").write_text("tenant: T1\nplatform: slack\nprograms:\n"
                                        "  - name: coffee\n    cadence: weekly mon 10:00\n")
    monkeypatch.setenv("WEAKTIE_PROGRAMS", str(fresh / "programs.yml"))
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


def test_the_companions_of_an_existing_database_are_never_counted_as_the_commands(tmp_path):
    """Another process may have the database open (its -wal and -shm appear and go): a failed
    command may remove only files of a database that did not exist when it started."""
    from argparse import Namespace

    from bot.store import Store
    from entrypoints.cli.databases import absent_files as _absent_files
    db = tmp_path / "live.db"
    Store.open(f"sqlite:///{db}").close()
    assert db.exists() and not Path(f"{db}-wal").exists()
    assert _absent_files(Namespace(db=str(db))) == []
    fresh_db = tmp_path / "new.db"
    assert _absent_files(Namespace(db=str(fresh_db)))[0] == fresh_db


# -- what `weaktie` says about itself ------------------------------------------------------------

def command_names() -> dict[str, str]:
    """Every subcommand the parser knows, with its one-line help."""
    from entrypoints.cli.parser import build as _parser
    subparsers = next(a for a in _parser()._actions if a.dest == "==SUPPRESS==" and a.choices)
    return {c.dest: c.help for c in subparsers._choices_actions}


def test_help_lists_every_command_on_a_line_of_its_own(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    names = command_names()
    assert {"backfill", "teams-package", "purge", "serve", "forget"} <= set(names)
    lines = out.splitlines()
    for name, help_text in names.items():
        own = [line for line in lines if line.split()[:1] == [name]]
        assert len(own) == 1 and help_text.split()[0] in own[0], (name, out)


def test_help_names_no_stale_subset_of_the_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    description = capsys.readouterr().out.split("options:")[0]
    assert "forget" not in description  # the description once listed some commands, not all


def test_version_prints_the_installed_package_version(capsys):
    from importlib.metadata import version
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"weaktie {version('weaktie')}"


def test_serve_with_nothing_configured_names_the_teams_settings_too(capsys, fresh):
    code, _, err = run(capsys, "serve")
    assert code == 1
    for setting in ("SLACK_SIGNING_SECRET", "SLACK_CLIENT_ID", "MICROSOFT_APP_ID",
                    "MICROSOFT_APP_PASSWORD", "WEAKTIE_DEV=1"):
        assert setting in err


@pytest.mark.parametrize("host", ["http://0.0.0.0", "0.0.0.0:80", "   ", "two words"])
def test_a_host_that_is_no_address_is_refused_by_name(capsys, fresh, host):
    code, _, err = run(capsys, "serve", "--host", host)
    assert code == 1 and "HOST must be an address" in err
    assert leftovers(fresh) == []


@pytest.mark.parametrize("host", ["http://0.0.0.0", "0.0.0.0:80", "two words"])
def test_a_host_from_the_environment_that_is_no_address_is_refused(monkeypatch, host):
    from entrypoints import config
    monkeypatch.setenv("HOST", host)
    with pytest.raises(config.SettingsError, match="HOST must be an address"):
        config.load("x.db")


def listening_addresses(port: int) -> set[str]:
    """The local IPv4 addresses a socket listens on at `port` (Linux /proc/net/tcp, state 0A)."""
    import socket
    import struct
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, port_hex = local.split(":")
        if state == "0A" and int(port_hex, 16) == port:
            found.add(socket.inet_ntoa(struct.pack("<I", int(address, 16))))
    return found


def serve_process(tmp_path: Path, *extra: str, env_extra: dict | None = None):
    """`weaktie serve` as a process on a free port, until it answers /healthz: (process, port)."""
    import os
    import subprocess
    import sys
    import time
    import urllib.request
    port = free_port()
    env = {**os.environ, "SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-test",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}", **(env_extra or {})}
    env.pop("HOST", None) if "HOST" not in (env_extra or {}) else None
    server = subprocess.Popen([sys.executable, "-m", "entrypoints.cli", "serve", "--no-clock", "--port",
                               str(port), *extra], env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise AssertionError(f"serve did not answer: {server.communicate(timeout=10)}")


def stop(server) -> str:
    server.terminate()
    out, _ = server.communicate(timeout=10)
    return out


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's socket table")
def test_serve_listens_on_loopback_unless_asked(tmp_path):
    server, port = serve_process(tmp_path)
    try:
        assert listening_addresses(port) == {"127.0.0.1"}
    finally:
        out = stop(server)
    assert f"serving on http://127.0.0.1:{port}" in out


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's socket table")
@pytest.mark.parametrize("how", ["flag", "env"])
def test_serve_listens_on_every_interface_when_asked(tmp_path, how):
    extra, env = (("--host", "0.0.0.0"), None) if how == "flag" else ((), {"HOST": "0.0.0.0"})
    server, port = serve_process(tmp_path, *extra, env_extra=env)
    try:
        assert listening_addresses(port) == {"0.0.0.0"}
    finally:
        stop(server)


def test_the_procfile_web_line_binds_every_interface_explicitly():
    procfile = Path(__file__).parents[2] / "Procfile"
    web = [line for line in procfile.read_text().splitlines() if line.startswith("web:")]
    assert len(web) == 1 and "serve" in web[0] and "--host 0.0.0.0" in web[0]


# -- purge as of a moment ------------------------------------------------------------------------

def test_purge_now_checks_retention_without_waiting_30_days(capsys, tmp_path):
    from datetime import UTC, datetime, timedelta

    from bot.store import Store
    db = str(tmp_path / "purge.db")
    (tmp_path / "ok.csv").write_text("timestamp,actor,target,kind,channel\n"
                                     "2026-05-04T10:00:00Z,ana,bea,reply,#team\n")
    assert run(capsys, "import", "csv", str(tmp_path / "ok.csv"), "--tenant", "gone",
               "--db", db)[0] == 0
    removed_at = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    store = Store.open(f"sqlite:///{db}")
    store.mark_uninstalled("gone", removed_at)
    assert store.first_time("slack:Ev1", removed_at)
    store.close()

    day_29 = (removed_at + timedelta(days=29)).isoformat()
    code, out, _ = run(capsys, "purge", "--now", day_29, "--db", db)
    assert code == 0 and "purged 0" in out
    store = Store.open(f"sqlite:///{db}")
    assert store.has_tenant("gone")
    assert store.first_time("slack:Ev1", removed_at)  # a day and more later: forgotten, new again
    store.close()

    day_31 = (removed_at + timedelta(days=31)).isoformat()
    code, out, _ = run(capsys, "purge", "--now", day_31, "--db", db)
    assert code == 0 and "purged 1 uninstalled workspace(s): gone" in out
    store = Store.open(f"sqlite:///{db}")
    assert not store.has_tenant("gone")
    store.close()


def test_purge_now_keeps_answered_event_ids_a_day(capsys, tmp_path):
    from datetime import UTC, datetime, timedelta

    from bot.store import Store
    db = str(tmp_path / "answered.db")
    at = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    store = Store.open(f"sqlite:///{db}")
    assert store.first_time("slack:Ev2", at)
    store.close()
    assert run(capsys, "purge", "--now", (at + timedelta(hours=23)).isoformat(), "--db", db)[0] == 0
    store = Store.open(f"sqlite:///{db}")
    assert not store.first_time("slack:Ev2", at)  # still remembered: a retry is answered once
    store.close()
    assert run(capsys, "purge", "--now", (at + timedelta(hours=25)).isoformat(), "--db", db)[0] == 0
    store = Store.open(f"sqlite:///{db}")
    assert store.first_time("slack:Ev2", at)
    store.close()


def test_purge_now_refuses_what_is_no_time(capsys, tmp_path):
    with pytest.raises(SystemExit) as done:
        main(["purge", "--now", "yesterday", "--db", str(tmp_path / "x.db")])
    assert done.value.code == 2 and "not an ISO time" in capsys.readouterr().err
