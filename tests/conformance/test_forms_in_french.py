"""The Home tab, the profile form and the program form in both languages pass what Slack and
Teams accept: Block Kit's limits through slack_sdk (a view's title, submit and close at most
24 characters, which French, longer, must fit too without being cut), and the official
Adaptive Card schema; every Teams input has a label and every card a fallbackText."""

from __future__ import annotations

import pytest

from adapters.slack.home import home_view, profile_modal
from adapters.slack.program_form import program_modal
from adapters.teams.profile_card import profile_card
from adapters.teams.program_card import program_card
from bot.core.programs import Program
from bot.service.admin_words import form_values
from bot.service.outbound import Home
from bot.store.values import StoredNudge
from tests.helpers.form_checks import assert_valid_view, card_problems, text_objects

VIEW_TEXT = 24
SUGGESTION = StoredNudge(id=7, round=1, members=("U1", "U2", "U3"), reasons=("Vous…",), slots=())


def homes(language: str) -> dict[str, Home]:
    return {
        "never seen": Home("U1", False, None, None, "UTC", "09:00-17:00", (), None,
                           language=language),
        "paused": Home("U1", True, "mar. 1 déc.", "Paris", "Europe/Paris", "08:30-16:30",
                       ("U2",), SUGGESTION, "", language),
        "in the round": Home("U1", True, None, "Lyon", "Europe/Paris", "09:00-17:00", (),
                             SUGGESTION, "Google Calendar", language),
    }


PROGRAMS = [Program(name="cafe", cadence="weekly mon 10:00"),
            Program(name="a-very-long-program-name_2026", tone="playful", in_person=True)]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("state", ["never seen", "paused", "in the round"])
def test_the_home_tab_and_the_profile_modal_pass_slacks_limits(language, state):
    home = homes(language)[state]
    assert_valid_view(home_view(home))
    modal = profile_modal(home)
    assert_valid_view(modal)
    for part in ("title", "submit", "close"):  # not cut: the whole word fits
        assert len(modal[part]["text"]) <= VIEW_TEXT and "…" not in modal[part]["text"]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.name[:12])
def test_the_program_modal_passes_slacks_limits_in_both_languages(language, program):
    modal = program_modal({**form_values(program), "language": language})
    assert_valid_view(modal)
    for part in ("submit", "close"):
        assert "…" not in modal[part]["text"]
    new = program_modal({"language": language})
    assert_valid_view(new)
    assert "…" not in new["title"]["text"]  # "Nouveau programme café" is 22 characters


def test_the_french_forms_are_french_and_their_values_stay_the_programs():
    home = homes("fr")["in the round"]
    shown = " ".join(text_objects(home_view(home)))
    assert "Vous êtes *dans le prochain tour*." in shown and "<@U2> et <@U3>" in shown
    assert "*Calendrier :* Google Calendar".replace(" :", "\u00a0:") in shown
    modal = program_modal({**form_values(PROGRAMS[1]), "language": "fr"})
    tone = next(b for b in modal["blocks"] if b["block_id"] == "tone")["element"]
    assert tone["initial_option"] == {"text": {"type": "plain_text", "text": "Ludique"},
                                      "value": "playful"}
    english = program_modal({**form_values(PROGRAMS[1]), "language": "en"})
    assert [b["block_id"] for b in english["blocks"]] == [b["block_id"] for b in modal["blocks"]]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_teams_cards_pass_the_schema_label_every_input_and_say_themselves(language):
    cards = [profile_card(home, [("U2", "Bea"), ("U3", None)])
             for home in homes(language).values()]
    cards += [program_card({**form_values(p), "language": language}) for p in PROGRAMS]
    cards.append(program_card({"language": language}))
    for card in cards:
        assert card_problems(card) == []
        inputs = [e for e in card["body"] if e["type"].startswith("Input.")]
        assert inputs and all(e.get("label") for e in inputs)
        assert card["fallbackText"] and card["speak"] and card["lang"] == language
    french = [c for c in cards if language == "fr"]
    assert all("Enregistrer" in c["actions"][0]["title"] for c in french)
