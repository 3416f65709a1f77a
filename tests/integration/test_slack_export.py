"""A Slack workspace export imported into the store: the same interactions as live events."""

from __future__ import annotations

import json
import zipfile

import pytest

from adapters.slack.events import to_observed
from adapters.slack.export import ExportError, SlackExport
from entrypoints.cli import main

CANARY = "CANARY-export-text-never-stored"


def make_export(path, users=None, channels=None, days=None, extra=None):
    with zipfile.ZipFile(path, "w") as archive:
        if users is not False:
            archive.writestr("users.json", json.dumps(users if users is not None else [
                {"id": "UANA", "team_id": "T1", "real_name": "Ana Ruiz", "tz": "Europe/Lisbon"},
                {"id": "UBEA", "team_id": "T1", "profile": {"real_name": "Bea Lind"}},
                {"id": "UBOT", "team_id": "T1", "is_bot": True}]))
        archive.writestr("channels.json", json.dumps(channels or [{"id": "C1", "name": "general"}]))
        for name, messages in (days or {"general/2026-05-04.json": [
            {"type": "message", "user": "UANA", "text": f"{CANARY} <@UBEA>", "ts": "1777900000.000100",
             "reactions": [{"name": "tada", "users": ["UBEA"], "count": 1}]},
            {"type": "message", "user": "UBEA", "text": CANARY, "ts": "1777900100.000100",
             "thread_ts": "1777900000.000100", "parent_user_id": "UANA"},
            {"type": "message", "subtype": "bot_message", "bot_id": "B1", "text": "beep",
             "ts": "1777900200.000100"},
            {"type": "message", "subtype": "channel_join", "user": "UBEA",
             "ts": "1777900300.000100"}]}).items():
            archive.writestr(name, json.dumps(messages))
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_an_export_becomes_people_and_interactions_without_text(capsys, tmp_path):
    archive = make_export(tmp_path / "export.zip")
    db = tmp_path / "x.db"
    code, out, _ = run(capsys, "import", "slack-export", str(archive), "--db", str(db))
    assert code == 0 and "imported 4 new interactions" in out and "'T1'" in out
    from bot.store import Store
    store = Store.open(f"sqlite:///{db}")
    got = [(i.actor, i.target, i.kind, i.channel) for i in store.interactions("T1")]
    assert got == [("UANA", None, "message", "C1"), ("UANA", "UBEA", "mention", "C1"),
                   ("UBEA", "UANA", "reaction", "C1"), ("UBEA", "UANA", "reply", "C1")]
    assert store.person("T1", "UANA").name == "Ana Ruiz"
    assert store.person("T1", "UBOT") is None
    assert CANARY.encode() not in db.read_bytes()
    code, out, _ = run(capsys, "import", "slack-export", str(archive), "--db", str(db))
    assert "imported 0 new interactions" in out


def test_a_message_seen_live_and_in_the_export_is_stored_once(tmp_path):
    archive = SlackExport(make_export(tmp_path / "export.zip"))
    live = to_observed({"type": "event_callback", "team_id": "T1", "event_id": "Ev1",
                        "event": {"type": "message", "user": "UANA", "channel": "C1",
                                  "channel_type": "channel", "text": "<@UBEA>",
                                  "ts": "1777900000.000100"}})
    exported = dict(archive)
    assert {source for source, _ in live} <= set(exported)


@pytest.mark.parametrize("build, problem", [
    (lambda p: p.write_text("not a zip"), "not a readable zip"),
    (lambda p: make_export(p, users=False), "users.json is missing"),
    (lambda p: make_export(p, users=False, extra={"users.json": "{oops"}),
     "users.json is not valid JSON"),
])
def test_a_broken_export_is_a_clear_error_and_writes_nothing(capsys, tmp_path, build, problem):
    path = tmp_path / "export.zip"
    build(path)
    db = tmp_path / "x.db"
    code, _, err = run(capsys, "import", "slack-export", str(path), "--db", str(db))
    assert code == 1 and problem in err
    assert not db.exists()  # refused before the database was even opened


def test_a_broken_day_file_aborts_the_whole_import(capsys, tmp_path):
    path = make_export(tmp_path / "export.zip", days={"general/2026-05-04.json": [
        {"type": "message", "user": "UANA", "text": "hi", "ts": "1777900000.000100"}]},
        extra={"general/2026-05-05.json": "[{broken"})
    code, _, err = run(capsys, "import", "slack-export", str(path), "--db", str(tmp_path / "x.db"))
    assert code == 1 and "2026-05-05.json is not valid JSON" in err
    from bot.store import Store
    assert Store.open(f"sqlite:///{tmp_path / 'x.db'}").tenant_names() == []  # rolled back whole
    with pytest.raises(ExportError):
        list(SlackExport(path))


def test_an_exports_channel_names_are_kept_and_name_the_shared_channel_in_reasons(capsys, tmp_path):
    archive = make_export(tmp_path / "export.zip")
    db = tmp_path / "x.db"
    assert run(capsys, "import", "slack-export", str(archive), "--db", str(db))[0] == 0
    from bot.store import Store
    store = Store.open(f"sqlite:///{db}")
    assert store.channel_names("T1") == {"C1": "general"}  # before: "C1", the id
    assert [i.channel for i in store.interactions("T1")][:1] == ["C1"]  # ids stay the key
