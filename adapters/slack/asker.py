"""Who is asking, as Slack knows them: users.info (https://api.slack.com/methods/users.info),
asked afresh for the words that need it (`admin ...`: is this a workspace admin; `calendar
connect`: the address they sign in with, so a connect link forwarded to someone else connects
nothing), and with `include_locale` for the language their Slack is in ("fr-FR"), which each
app keeps an hour per person: other words cost at most one call per person per hour."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict

from slack_sdk.errors import SlackApiError

from bot.service.inbound import Asker, connects_calendar, is_admin

LOG = logging.getLogger("weaktie.slack")
ADMIN_FLAGS = ("is_admin", "is_owner", "is_primary_owner")
LOCALE_KEPT = 3600.0  # seconds a person's Slack locale is trusted before it is asked again
LOCALES_KEPT = 10_000  # people whose locale one process keeps (the oldest go first)


async def user_info(client, team: str, user: str) -> dict:
    """users.info's `user` (https://api.slack.com/methods/users.info); {} on any failure (a
    missing scope, Slack down, a deleted user): nothing is granted on a failure."""
    try:
        found = (await client.users_info(user=user, include_locale=True)).get("user")
    except SlackApiError as exc:
        LOG.warning("users.info failed for %s in %s: %s", user, team, exc.response.get("error"))
        return {}
    except Exception as exc:  # noqa: BLE001 - a network failure must not open the gate either
        LOG.warning("users.info failed for %s in %s: %s", user, team, type(exc).__name__)
        return {}
    return found if isinstance(found, dict) else {}


def admin_of(found: dict) -> bool:
    return any(found.get(flag) is True for flag in ADMIN_FLAGS)


def address_of(found: dict) -> str:
    """profile.email: Slack gives it only with the users:read.email scope
    (https://api.slack.com/scopes/users:read.email); bots and guests may have none."""
    profile = found.get("profile")
    email = profile.get("email") if isinstance(profile, dict) else None
    return email[:320] if isinstance(email, str) and "@" in email and email.isprintable() else ""


def locale_of(found: dict) -> str:
    """user.locale ("fr-FR"), given with include_locale=true; "" when absent or odd."""
    locale = found.get("locale")
    return locale if isinstance(locale, str) and 0 < len(locale) <= 35 and \
        locale.replace("-", "").replace("_", "").isalnum() else ""


class Askers:
    """Builds the Asker for each message; one per bolt app, holding the locales it read."""

    def __init__(self, clock=time.monotonic) -> None:
        self._clock = clock
        self._locales: OrderedDict[tuple[str, str], tuple[str, float]] = OrderedDict()

    async def __call__(self, client, team: str, user: str, text: str) -> Asker:
        """The Asker for `text` said by `user`."""
        fresh = is_admin(text) or connects_calendar(text)
        kept = self._locales.get((team, user))
        if not fresh and kept is not None and self._clock() - kept[1] < LOCALE_KEPT:
            return Asker(team, "slack", user, locale=kept[0])
        found = await user_info(client, team, user)
        locale = locale_of(found)
        if found:
            self._keep(team, user, locale)
        return Asker(team, "slack", user, platform_admin=is_admin(text) and admin_of(found),
                     address=address_of(found) if connects_calendar(text) else "",
                     locale=locale)

    def kept_locale(self, team: str, user: str) -> str:
        """The locale users.info gave for `user` within the hour, "" when none is kept: read
        with no call to Slack, for an answer that cannot wait for one."""
        kept = self._locales.get((team, user))
        return kept[0] if kept is not None and self._clock() - kept[1] < LOCALE_KEPT else ""

    def _keep(self, team: str, user: str, locale: str) -> None:
        self._locales[(team, user)] = (locale, self._clock())
        self._locales.move_to_end((team, user))
        while len(self._locales) > LOCALES_KEPT:
            self._locales.popitem(last=False)
