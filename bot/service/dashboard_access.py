"""Who may open the web dashboard: a manager asks in chat (`admin dashboard`) and gets a link
that works once, for ten minutes, and only for them; following it opens a session for a working
day. Every page asks the manager gate again, exactly as chat does, so a manager whose grant is
revoked is out at their next click. Tokens are random; the store keeps only their digests.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from bot.service.language import ENGLISH, Texts, choose, texts
from bot.service.web_pages import Refused
from bot.store import Store
from bot.store.dashboard import Visitor
from bot.store.keys import token_digest

EN = texts(ENGLISH)
LINK_LIFETIME = timedelta(minutes=10)
SESSION_LIFETIME = timedelta(hours=9)  # a working day
# A session opened on the platform's word alone (a Slack workspace admin, who is asked again at
# every chat command but cannot be asked from a web page) lasts an hour; saying anything to the
# bot after being demoted ends it at once (bot/service/admin.py).
PLATFORM_SESSION = timedelta(hours=1)
SIGN_IN_PATH = "/admin/signin/"
LOCAL_URL = "http://127.0.0.1:3000"  # `weaktie serve` without WEAKTIE_PUBLIC_URL


EXPIRED_LINK = Refused("This sign-in link has expired or was used already: each link works once, "
                       "for 10 minutes. Ask the bot for a new one: say `admin dashboard` in chat.")
NO_SESSION = Refused("You are not signed in, or your session has ended (it lasts a working day). "
                     "Say `admin dashboard` to the bot in chat for a new sign-in link.")


def _not_manager(says: Texts) -> Refused:
    """A link or session of someone the gate no longer lets in: they are known, so the refusal
    is in their language (a link or session that matches nothing is in English)."""
    return Refused(says.gettext(
        "Only community managers can see the dashboard. If you think you should, ask a manager "
        "to `admin grant` you, then say `admin dashboard` in chat."), says.language)


def csrf_token(session: str) -> str:
    """The token every form of a session carries: derived from the session's own secret (an
    HttpOnly cookie another site cannot read), so it needs no row of its own."""
    return hashlib.sha256(b"weaktie-csrf:" + session.encode("utf-8", "surrogatepass")).hexdigest()


def link_reply(store: Store, visitor: Visitor, now: datetime, public_url: str | None,
               says: Texts = EN) -> str:
    """The chat answer to `admin dashboard` (the gate has let the asker through)."""
    if not store.has_tenant(visitor.tenant):
        return says.gettext("There is nothing to show yet: the dashboard opens once this "
                            "workspace has activity.")
    token = secrets.token_urlsafe(32)
    store.add_dashboard_link(token_digest(token), visitor, now + LINK_LIFETIME)
    link = (public_url or LOCAL_URL).rstrip("/") + SIGN_IN_PATH + token
    if public_url:
        return says.gettext(
            "Your dashboard: {link}\nIt is for you only, works once, for the next 10 minutes, "
            "and opens a session for a working day. It shows aggregates over at least 10 "
            "people, never a name.", link=link)
    return says.gettext(
        "Your dashboard: {link} (this install has no WEAKTIE_PUBLIC_URL, so the link assumes "
        "`weaktie serve` on this machine)\nIt is for you only, works once, for the next 10 "
        "minutes, and opens a session for a working day. It shows aggregates over at least 10 "
        "people, never a name.", link=link)


def sign_in_page(store: Store, token: str, now: datetime, allows) -> Visitor | Refused:
    """Whether a link would sign in (showing its page spends nothing: a chat app's link preview
    fetches it, and must not use it up)."""
    found = store.dashboard_link(token_digest(token), now)
    return _gated(store, found, allows, EXPIRED_LINK)


def sign_in(store: Store, token: str, now: datetime, allows) -> str | Refused:
    """Spend the link: the new session's token. A link of someone who is no longer a manager
    opens nothing (and stays unspent: it expires)."""
    refused = sign_in_page(store, token, now, allows)
    if isinstance(refused, Refused):
        return refused
    lasts = SESSION_LIFETIME if allows(store, refused.tenant, refused.person, False) \
        else PLATFORM_SESSION
    session = secrets.token_urlsafe(32)
    found = store.use_dashboard_link(token_digest(token), token_digest(session), now + lasts, now)
    return EXPIRED_LINK if found is None else session


def signed_in(store: Store, session: str, now: datetime, allows) -> Visitor | Refused:
    """The manager behind a session cookie, asked through the gate (`allows`) on every page."""
    found = store.dashboard_session(token_digest(session), now) if session else None
    return _gated(store, found, allows, NO_SESSION)


def _gated(store: Store, found: Visitor | None, allows, missing: Refused) -> Visitor | Refused:
    if found is None:
        return missing
    if not allows(store, found.tenant, found.person, found.platform_admin):
        return _not_manager(texts(language_of(store, found)))
    return found


def language_of(store: Store, visitor: Visitor) -> str:
    """The manager's language, as for a chat reply (docs/languages.md: what they chose, their
    platform's locale, the organisation's default, English)."""
    spoken = store.spoken(visitor.tenant, visitor.person)
    return choose(spoken.chosen, spoken.locale, spoken.tenant_default)


def sign_out(store: Store, session: str, now: datetime) -> str:
    """End the session; the language of its manager (English for no session)."""
    found = store.dashboard_session(token_digest(session), now) if session else None
    if session:
        store.end_dashboard_session(token_digest(session))
    return ENGLISH if found is None else language_of(store, found)
