"""A program's values in a manager's language, and the French words a manager may type for
them. The values themselves stay English in the store and the programs file (`tone: warm`):
an answer shows them translated ("chaleureux"), and `tone=chaleureux` reads as `tone=warm`."""

from __future__ import annotations

from bot.service.language import Texts, folded

# folded French values -> the program's value, per setting (accents optional)
FRENCH_VALUES = {
    "tone": {"chaleureux": "warm", "chaleureuse": "warm", "bref": "brief", "breve": "brief",
             "ludique": "playful", "joueur": "playful"},
    "mode": {"presentiel": "in-person", "en-personne": "in-person", "hybride": "hybrid",
             "distance": "remote", "a-distance": "remote"},
    "guests": {"oui": "yes", "non": "no", "inclure": "include", "exclure": "exclude"},
    "cross": {"equipes": "teams", "communautes": "communities", "aucun": "off", "rien": "off"},
    "cadence": {"aucune": "none", "manuelle": "manual"},
    "scope": {"tous": "everyone", "tout-le-monde": "everyone"},
    "offices": {"tous": "everyone", "tout-le-monde": "everyone"},
}


def tone_words(tone: str, says: Texts) -> str:
    """The tone of a program's nudges as the manager reads it ("warm" -> "chaleureux")."""
    return {"warm": says.pgettext("tone", "warm"), "brief": says.pgettext("tone", "brief"),
            "playful": says.pgettext("tone", "playful")}.get(tone, tone)


def mode_words(in_person: bool, says: Texts) -> str:
    return says.gettext("in person") if in_person else says.gettext("hybrid")


def english_value(setting: str, raw: str) -> str:
    """A setting's value typed in French as its English value; any other value as typed."""
    return FRENCH_VALUES.get(setting, {}).get(folded(raw).replace(" ", "-"), raw)


def state_word(state: str, says: Texts) -> str:
    """A program's state as a manager reads it (the stored value stays English)."""
    return {"active": says.pgettext("program state", "active"),
            "paused": says.pgettext("program state", "paused")}.get(state, state)
