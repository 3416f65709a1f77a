"""A French-speaking Slack manager (users.info gives `locale: fr-FR`, as Slack does with
include_locale=true: https://api.slack.com/methods/users.info) reads the program checker's
problems in French, the command named as they typed it, and the at-once "Working on it…" to
slow words in French once their locale is known; an English manager reads them in English."""

from __future__ import annotations

from tests.helpers.admin_chat import managers_told

NBSP = "\u00a0"  # French puts a no-break space before ":" and "?"


def test_a_french_manager_reads_the_checkers_problems_in_french(tmp_path):
    said = managers_told(tmp_path, {
        "UBOSS": ["admin créer cafe taille=9", "admin créer cafe",
                  "admin modifier cafe taille=9", "admin modifier cafe ton=grognon"],
        "UENG": ["admin create tea size=9"]})
    not_created, _created, unchanged, tone = said["UBOSS"]
    assert f"group_size{NBSP}: 2, 3 ou 4 est attendu" in not_created
    assert "expected" not in not_created
    assert unchanged.startswith("Rien n'a changé") and "2, 3 ou 4 est attendu" in unchanged
    assert f"tone{NBSP}: warm, brief ou playful est attendu" in tone
    assert said["UENG"] == ["Not created: group_size: expected 2, 3 or 4."]


def test_an_error_names_the_command_as_the_manager_typed_it(tmp_path):
    said = managers_told(tmp_path, {
        "UBOSS": ["admin nommer", "admin tableau de bord encore", "admin grant"],
        "UENG": ["admin grant"]})
    named, dashboard, english_word = said["UBOSS"]
    assert named == f"Qui{NBSP}? `admin nommer @quelqu'un`"
    assert dashboard == "`admin tableau de bord` ne prend rien de plus."
    assert english_word == f"Qui{NBSP}? `admin grant @quelqu'un`"  # the word they used
    assert said["UENG"] == ["Whom? `admin grant @someone`"]


def test_working_on_it_is_in_the_locale_already_kept_else_english(tmp_path):
    said = managers_told(tmp_path, {
        # the first words are slow: no locale is kept yet, and none is asked before the answer
        "UBOSS": ["admin aperçu", "admin programmes", "admin aperçu"],
        "UENG": ["admin programmes", "admin preview"]})
    first, _programs, again = said["UBOSS"]
    assert first == "Working on it…"
    assert again == "Je m'en occupe…"
    assert said["UENG"][1] == "Working on it…"
