"""Whose language a reply is in, and the words that set it: `language fr` (a person's own
choice, which wins) and `admin language fr` (a manager's default for the organisation).
The order is bot/service/language.py's `choose`; docs/languages.md says why."""

from __future__ import annotations

from bot.service.admin import Gate, refusal
from bot.service.language import ENGLISH, LANGUAGES, Texts, choose, folded, named, texts
from bot.store import Store

# what follows `admin language` (folded): the organisation's default, or none
TENANT_WORDS = {"fr": "fr", "francais": "fr", "french": "fr", "en": "en", "anglais": "en",
                "english": "en", "none": None, "off": None, "aucune": None, "aucun": None}
EN = texts(ENGLISH)


def reader(store: Store, tenant: str, person: str, locale: str) -> Texts:
    """The lookups of the person's language; the platform's `locale` ("fr-FR") is kept on
    their row when it changed (a stranger's row is not made for it)."""
    known = store.spoken(tenant, person)
    locale = locale[:35] if isinstance(locale, str) else ""
    if known.known and locale and locale != known.locale:
        store.note_locale(tenant, person, locale)
    return texts(choose(known.chosen, locale or known.locale, known.tenant_default))


def reader_of(store: Store, asker) -> Texts:
    """`reader` for an Asker (bot/service/inbound.py): who opened a form or sent it."""
    return reader(store, asker.tenant, asker.user, asker.locale)


def set_language(store: Store, tenant: str, person: str, platform: str, value: str | None,
                 locale: str, says: Texts) -> str:
    """`language` (what I write in), `language fr|en`, `language auto` (follow the platform)."""
    if value is None:
        return says.gettext("I write to you in {language}. Say `language fr` or `language en` "
                            "to change it, or `language auto` to follow your chat platform.",
                            language=named(says.language))
    chosen = value if value in LANGUAGES else None
    store.update_person(tenant, person, platform, language=chosen,
                        **({"locale": locale[:35]} if locale else {}))
    now_says = texts(chosen) if chosen else reader(store, tenant, person, locale)
    if chosen is None:
        return now_says.gettext("Done: I follow your chat platform's language again "
                                "({language}).", language=named(now_says.language))
    return now_says.gettext("Done: I'll write to you in {language} from now on.",
                            language=named(now_says.language))


def admin_language(store: Store, tenant: str, person: str, text: str, platform: str,
                   gate: Gate, platform_admin: bool, says: Texts = EN) -> str | None:
    """The reply to `admin language [fr|en|none]` (`admin langue francais`...) in the manager's
    language, or None for other `admin` words."""
    words = folded(text.strip()).split()
    if words[1:2] not in (["language"], ["langue"]):
        return None
    if not gate.allows(store, tenant, person, platform_admin):
        return refusal(says)
    if len(words) == 2:
        default = store.spoken(tenant, person).tenant_default
        if default is None:
            return says.gettext(
                "The organisation has no language set: people who did not choose one and whose "
                "chat platform says nothing we speak read English. Set it with `admin language "
                "fr` or `admin language en`; `admin language none` clears it.")
        return says.gettext(
            "The organisation's language is {language}: it is used for people who did not "
            "choose one and whose chat platform says nothing we speak. Set it with `admin "
            "language fr` or `admin language en`; `admin language none` clears it.",
            language=named(default, says.language))
    if len(words) != 3 or words[2] not in TENANT_WORDS:
        return says.gettext("Usage: `admin language fr`, `admin language en` or `admin language "
                            "none`")
    chosen = TENANT_WORDS[words[2]]
    store.set_tenant_language(tenant, platform, chosen)
    if chosen is None:
        return says.gettext("Done: no default language; people with no choice and no platform "
                            "hint read English.")
    return says.gettext(
        "Done: people who did not choose a language and whose chat platform says nothing we "
        "speak now read {language}. Anyone can still say `language en` or `language fr`.",
        language=named(chosen, says.language))
