"""Managers' words in French: each French `admin` command parses as its English twin, accents
and capitals optional; tone, mode and other values typed in French read as the program's
English values; `admin aide` lists the French words; figures are written as French writes
them; the parser never raises, whatever is typed in either language."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.service.admin_french import ACTIONS as FRENCH_ACTIONS
from bot.service.admin_help import admin_help
from bot.service.admin_words import ACTIONS, AdminCommand, parse_admin, takes_a_while
from bot.service.commands import Reply
from bot.service.language import folded, percent, texts
from bot.service.team_field import admin_words as team_words
from bot.service.trends import trend

FR, EN = texts("fr"), texts("en")

# (French, English): every manager command has its natural French twin
PAIRS = [
    ("admin programmes", "admin programs"), ("admin voir cafe", "admin show cafe"),
    ("admin afficher cafe", "admin show cafe"),
    ("admin créer cafe taille=3", "admin create cafe size=3"),
    ("admin creer cafe", "admin create cafe"),
    ("admin modifier cafe ton=chaleureux", "admin edit cafe tone=warm"),
    ("admin modifier cafe ton=Ludique", "admin edit cafe tone=playful"),
    ("admin modifier cafe ton=bref", "admin edit cafe tone=brief"),
    ("admin modifier cafe mode=présentiel", "admin edit cafe mode=in-person"),
    ("admin modifier cafe mode=hybride fuseau=Europe/Paris",
     "admin edit cafe mode=hybrid tz=Europe/Paris"),
    ("admin modifier cafe bureaux=Paris,Lyon repos=6", "admin edit cafe offices=Paris,Lyon cooldown=6"),
    ('admin modifier cafe lieux="Paris: Cuisine"', 'admin edit cafe venues="Paris: Cuisine"'),
    ("admin modifier cafe inscription=opt-in perimetre=tous",
     "admin edit cafe enrolment=opt-in scope=everyone"),
    ("admin modifier cafe croiser=équipes chevauchement=30",
     "admin edit cafe cross=teams overlap=30"),
    ("admin modifier cafe invites=oui", "admin edit cafe guests=yes"),
    ("admin formulaire cafe", "admin form cafe"), ("admin formulaire", "admin form"),
    ("admin pause cafe", "admin pause cafe"), ("admin reprendre cafe", "admin resume cafe"),
    ("admin supprimer cafe", "admin delete cafe"),
    ("admin supprimer cafe maintenant", "admin delete cafe now"),
    ("admin aperçu", "admin preview"), ("admin apercu cafe", "admin preview cafe"),
    ("admin lancer cafe", "admin run cafe"),
    ("admin statistiques cafe tours=6", "admin stats cafe rounds=6"),
    ("admin résultats", "admin outcomes"), ("admin RESULTATS cafe tours=2", "admin outcomes cafe rounds=2"),
    ("admin santé", "admin health"), ("admin sante", "admin health"),
    ("admin brouillon 2", "admin draft 2"),
    ("admin tableau", "admin dashboard"), ("admin tableau de bord", "admin dashboard"),
    ("admin gestionnaires", "admin managers"),
    ("admin nommer @U08", "admin grant @U08"), ("admin retirer U08", "admin revoke U08"),
    ("admin invités", "admin guests"), ("admin invites inclure", "admin guests include"),
    ("admin invités exclure", "admin guests exclude"),
    ("admin envois", "admin deliveries"), ("admin reçu n12-2", "admin delivered n12-2"),
    ("admin renvoyer n12-2", "admin resend n12-2"),
    ("admin calendrier", "admin calendar"),
    ("admin calendrier connecter", "admin calendar connect"),
    ("admin calendrier déconnecter", "admin calendar disconnect"),
]


@pytest.mark.parametrize("french, english", PAIRS)
def test_each_french_admin_command_parses_as_its_english_twin(french, english):
    assert parse_admin(french, FR) == parse_admin(english, FR) == parse_admin(french, EN)
    assert isinstance(parse_admin(french), AdminCommand)


def test_the_pairs_cover_every_manager_command_and_every_french_action_word():
    english = {parse_admin(en).action for _, en in PAIRS}
    assert english == set(ACTIONS)
    covered = {folded(fr.split()[1]) for fr, _ in PAIRS}
    assert set(FRENCH_ACTIONS) - covered == {"aide", "langue", "equipe"}  # tested below


def test_aide_lists_the_french_words_and_help_the_english_ones():
    helped = parse_admin("admin aide", FR)
    assert isinstance(helped, Reply) and helped.text == admin_help(FR)
    assert "`admin programmes`" in helped.text and "`admin santé`" in helped.text
    assert "`ton=chaleureux|bref|ludique`" in helped.text
    assert parse_admin("admin aide", EN).text == parse_admin("admin help", EN).text
    assert "`admin programs`" in parse_admin("admin help", EN).text


def test_the_team_field_words_have_their_french_twin():
    assert team_words("admin équipe champ Département") == "champ Département"
    assert team_words("admin equipe") == team_words("admin team") == ""
    assert team_words("admin programmes") is None


def test_slow_french_words_are_acknowledged_at_once_as_the_english_ones_are():
    for words in ("admin santé", "admin aperçu", "admin lancer", "admin résultats",
                  "admin statistiques", "admin brouillon 1"):
        assert takes_a_while(words), words
    assert not takes_a_while("admin programmes")


def test_mistakes_are_told_in_the_managers_language():
    assert parse_admin("admin danser", FR).text.startswith("Désolé, `admin danser`")
    assert parse_admin("admin voir", FR).text.startswith("Quel programme ?".replace(" ?", "\u00a0?"))
    assert "fuseau horaire `Mars/Olympus`" in parse_admin("admin créer x fuseau=Mars/Olympus", FR).text
    assert parse_admin("admin modifier x taille=deux", FR).text == \
        "`size`\u00a0: un nombre entier, pas `deux`."
    assert parse_admin("admin voir", EN).text.startswith("Which program?")


@pytest.mark.parametrize("value, language, shown", [
    (93.1, "fr", "93,1\u00a0%"), (93.1, "en", "93.1%"), (8.333, "fr", "8,3\u00a0%"),
    (100.0, "fr", "100\u00a0%"), (0, "en", "0%"), (50.0, "en", "50%"),
])
def test_shares_are_written_as_each_language_writes_them(value, language, shown):
    assert percent(value, language) == shown


def test_a_trend_reads_in_french_with_french_numbers():
    assert trend(41.0, 33.5, FR) == \
        "41\u00a0%, en hausse par rapport à 33,5\u00a0% le trimestre précédent"
    assert trend(None, 33.0, FR) == "non montré"
    assert trend(40.0, 39.0, EN, quarter_ago=True) == "40%, about the same as a quarter ago (39%)"


@given(st.lists(st.sampled_from(["admin", *FRENCH_ACTIONS, *ACTIONS, "cafe", "taille=3",
                                 "ton=ludique", "maintenant", "inclure", "é", "=", '"', "\u00a0"]),
                max_size=6), st.text(max_size=30))
def test_the_parser_never_raises_in_either_language(words, tail):
    for says in (FR, EN):
        found = parse_admin(" ".join(["admin", *words, tail]), says)
        assert isinstance(found, (AdminCommand, Reply))


def test_an_employees_own_outcomes_read_in_french_with_the_languages_plurals():
    from bot.core.own_outcomes import Own
    from bot.service.own_outcomes import nothing, words

    said = words(Own(meetups=3, pending=1, people=4, still_talk=2, within=1), FR)
    assert said.startswith("Ces 91 derniers jours, vous avez rencontré 4 personnes "
                           "(3 rencontres)\u00a0; vous parlez encore avec 2 d'entre elles.")
    assert "1 rencontre est encore dans ses huit semaines." in said
    assert words(Own(1, 1, 1, 0, 1), FR).endswith("trop tôt pour dire si vous vous parlez encore.")
    assert nothing(FR) == ("Vous n'avez confirmé aucune rencontre ces 91 derniers jours. Dites "
                           "`rejoindre` pour participer.")
    assert words(Own(1, 0, 1, 1, 0), EN).startswith("In the last 91 days you met 1 person (1 meetup)")


def test_the_health_ideas_read_in_french_with_the_figures_the_core_found():
    from bot.core.health import Suggestion
    from bot.service.network_health import idea_text

    bridge = Suggestion("bridge", "Lisbon and Paris share 1 tie among 24 people",
                        offices=("Lisbon", "Paris"), ties=1, people=24)
    inward = Suggestion("inward", "7.1% of the it team has no tie outside it", teams=("it",),
                        share=7.1)
    assert idea_text(bridge, FR) == "Lisbon et Paris partagent 1 lien pour 24 personnes"
    assert idea_text(inward, FR) == "7,1\u00a0% de l'équipe it n'a aucun lien hors de cette équipe"
    assert idea_text(bridge, EN) == bridge.text  # the core's own English
