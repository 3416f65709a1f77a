"""The French words for managers' commands (`admin programmes`, `admin santé`...), read as the
English ones they stand for, as bot/service/command_words.py does for employees' commands.

Accents and capitals are optional ("admin santé", "admin sante", "admin RÉSULTATS"). Only the
command's own words are swapped: a program's name, a person and a setting's value are kept as
typed, except the few values whose French word names an English one (`ton=chaleureux`:
bot/service/program_words.py).
"""

from __future__ import annotations

from bot.service.language import folded
from bot.service.program_words import english_value

# folded French action words -> the English action (docs/managers.md lists both)
ACTIONS = {
    "aide": "help", "programmes": "programs", "voir": "show", "afficher": "show",
    "creer": "create", "modifier": "edit", "formulaire": "form", "reprendre": "resume",
    "supprimer": "delete", "apercu": "preview", "lancer": "run", "statistiques": "stats",
    "resultats": "outcomes", "sante": "health", "brouillon": "draft",
    "tableau": "dashboard", "gestionnaires": "managers", "nommer": "grant",
    "retirer": "revoke", "invites": "guests", "envois": "deliveries", "recu": "delivered",
    "renvoyer": "resend", "calendrier": "calendar", "langue": "language", "equipe": "team",
}
# what may follow an action, by action: `admin supprimer café maintenant`...
FOLLOWING = {
    "delete": {"maintenant": "now"},
    "guests": {"inclure": "include", "exclure": "exclude"},
    "calendar": {"connecter": "connect", "deconnecter": "disconnect"},
    "team": {"champ": "field"},
}
# folded French setting names -> the setting word the parser reads
SETTINGS = {
    "taille": "size", "fuseau": "tz", "ton": "tone", "bureaux": "offices", "lieux": "venues",
    "inscription": "enrolment", "perimetre": "scope", "repos": "cooldown", "invites": "guests",
    "tours": "rounds", "croiser": "cross", "chevauchement": "overlap",
}
# the setting's English word -> the key english_value knows its French values by
VALUE_KEYS = {"tone": "tone", "mode": "mode", "in_person": "mode", "in-person": "mode",
              "guests": "guests", "include_guests": "guests", "cross": "cross",
              "cadence": "cadence", "scope": "scope", "offices": "offices"}


def action_in_english(word: str) -> str:
    """An action word as the parser reads it ("santé" -> "health"; "health" stays)."""
    return ACTIONS.get(folded(word), word.lower())


def words_in_english(words: list[str]) -> list[str]:
    """An `admin` command's words after `admin`, French ones swapped for their English twins."""
    if not words:
        return words
    if [folded(w) for w in words[:3]] == ["tableau", "de", "bord"]:
        words = ["dashboard", *words[3:]]
    action = action_in_english(words[0])
    following = FOLLOWING.get(action, {})
    rest = [following.get(folded(w), w) if i == 0 or action == "delete" else w
            for i, w in enumerate(words[1:])]
    return [action, *[_setting(w) for w in rest]]


def _setting(word: str) -> str:
    key, eq, raw = word.partition("=")
    if not eq:
        return word
    key = SETTINGS.get(folded(key), key)
    return f"{key}={english_value(VALUE_KEYS.get(key.lower(), ''), raw)}"
