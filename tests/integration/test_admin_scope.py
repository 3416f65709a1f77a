"""A program's scope names channels people know; one nobody has is refused, and a program that
reaches nobody says so instead of staying silent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.model import Interaction
from bot.service.admin import Gate
from bot.service.conversation import handle_request

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
GATE = Gate(frozenset({"UBOSS"}))


def _workspace(store) -> None:
    rows = [(f"s{i}", Interaction(f"U{i:02d}", f"U{(i + 1) % 12:02d}", "reply",
                                  NOW - timedelta(days=i + 1), "C0GENERAL"))
            for i in range(12)]
    store.record_interactions("T1", rows, "slack")
    store.name_channels("T1", {"C0GENERAL": "general", "C0EMPTY": "coffee"}, "slack")


def say(store, text: str) -> str:
    return handle_request(store, "T1", "UBOSS", text, NOW, "slack", GATE)


def test_a_scope_by_name_is_stored_as_the_channels_id_and_shown_by_its_name(store):
    _workspace(store)
    assert "Created `lunch`" in say(store, "admin create lunch scope=#general")
    assert store.program("T1", "lunch").scope == ("C0GENERAL",)
    assert "scope: #general" in say(store, "admin show lunch")
    store.name_channels("T1", {"C0GENERAL": "all-hands"}, "slack")  # renamed: still the same
    assert "scope: #all-hands" in say(store, "admin show lunch")


def test_a_scope_naming_an_unknown_channel_is_refused_naming_it(store):
    _workspace(store)
    reply = say(store, "admin create lunch scope=#random")
    assert "Not created: scope: no channel #random is known here" in reply and "#general" in reply
    assert store.program("T1", "lunch") is None


def test_a_preview_and_a_round_that_reach_nobody_say_so(store):
    _workspace(store)
    say(store, "admin create lunch scope=#coffee")  # a real channel nobody has posted in
    assert "would reach nobody right now: nobody has been seen in #coffee" in \
        say(store, "admin preview lunch")
    assert "it reached nobody: nobody has been seen in #coffee" in say(store, "admin run lunch")


def test_a_programs_file_scoped_to_an_unknown_channel_is_refused_with_its_line(store, tmp_path):
    from bot.service.program_file import ProgramFileError, read, sync
    _workspace(store)
    path = tmp_path / "programs.yaml"
    path.write_text("tenant: T1\nprograms:\n  - name: lunch\n    scope: ['#general']\n"
                    "  - name: tea\n    scope: ['#random']\n")
    try:
        sync(store, read(str(path)), NOW)
    except ProgramFileError as exc:
        assert exc.problems == [f"{path}:5: programs.tea.scope: no channel #random is known here "
                                "(known: #coffee, #general)"]
    else:
        raise AssertionError("a file naming an unknown channel was loaded")
    assert store.program("T1", "lunch") is None  # all or nothing
    path.write_text("tenant: T1\nprograms:\n  - name: lunch\n    scope: ['#general']\n")
    sync(store, read(str(path)), NOW)
    assert store.program("T1", "lunch").scope == ("C0GENERAL",)


def test_a_program_pairs_people_of_other_organisations_only_when_it_says_guests_yes(store):
    _workspace(store)
    assert "Created `open`" in say(store, "admin create open guests=yes")
    assert store.program("T1", "open").include_guests is True
    assert store.program("T1", "open") != store.program("T1", "closed")
    assert "`guests`: `yes` or `no`" in say(store, "admin create closed guests=perhaps")
