"""The French words for employees' commands, read as the English ones they stand for.

Both languages are understood whatever language a person reads (a French speaker typing `join`
is understood, and so is an English speaker typing `rejoindre`); accents and capitals are
optional ("où", "ou", "Résultats", "resultats"). The parser (bot/service/commands.py) reads
English words only: a message's leading French words are swapped for their English twin,
and everything after them is kept as typed (an office name is data, never translated).
"""

from __future__ import annotations

from bot.service.language import folded

# folded French words -> the English words they stand for (docs/commands.md lists both)
FRENCH = {
    "rejoindre": "join", "participer": "join",
    "quitter": "leave",
    "reprendre": "resume",
    "statut": "status",
    "pourquoi": "why",
    "exporter": "export",
    "profil": "profile",
    "resultats": "outcomes", "mes resultats": "my outcomes",
    "oublie-moi": "forget me", "oublie moi": "forget me",
    "oublie-moi maintenant": "forget me now", "oublie moi maintenant": "forget me now",
    "ou": "where", "bureau": "where",
    "fuseau": "tz",
    "heures": "hours",
    "calendrier": "calendar",
    "aide": "help", "bonjour": "hello", "salut": "hi",
    "langue": "language",
}
# what follows `calendar` / `calendrier`, and `language` / `langue`
CALENDAR_FRENCH = {"connecter": "connect", "deconnecter": "disconnect", "statut": "status"}
LANGUAGE_WORDS = {"fr": "fr", "francais": "fr", "french": "fr",
                  "en": "en", "anglais": "en", "english": "en",
                  "auto": "auto", "automatique": "auto"}
# pause units, by the letter the parser reads them with: days, weeks (semaines), months (mois)
UNITS = {"d": 1, "day": 1, "days": 1, "j": 1, "jour": 1, "jours": 1,
         "w": 7, "wk": 7, "week": 7, "weeks": 7, "sem": 7, "semaine": 7, "semaines": 7,
         "m": 30, "month": 30, "months": 30, "mois": 30}


def in_english(words: str) -> str:
    """Lowered, single-spaced `words` with a leading French command swapped for its English
    twin; English words come back as they are."""
    plain = folded(words).split()
    for french in sorted(FRENCH, key=len, reverse=True):  # "mes resultats" before "resultats"
        size = len(french.split())
        if plain[:size] != french.split():
            continue
        rest = words.split()[size:]
        if FRENCH[french] == "calendar" and rest:
            rest[0] = CALENDAR_FRENCH.get(folded(rest[0]), rest[0])
        return " ".join([FRENCH[french], *rest])
    return words
