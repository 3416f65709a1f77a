"""Who is asking, as Slack knows them: one users.info call, made only for the words that need
it (`admin ...`: is this a workspace admin; `calendar connect`: the address they sign in with,
so a connect link forwarded to someone else connects nothing). Other words cost no API call."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.service.inbound import Asker, connects_calendar, is_admin

LOG = logging.getLogger("weaktie.slack")
ADMIN_FLAGS = ("is_admin", "is_owner", "is_primary_owner")


async def user_info(client, team: str, user: str) -> dict:
    """users.info's `user` (https://api.slack.com/methods/users.info); {} on any failure (a
    missing scope, Slack down, a deleted user): nothing is granted on a failure."""
    try:
        found = (await client.users_info(user=user)).get("user")
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


async def asking(client, team: str, user: str, text: str) -> Asker:
    """The Asker for `text` said by `user`."""
    if not (is_admin(text) or connects_calendar(text)):
        return Asker(team, "slack", user)
    found = await user_info(client, team, user)
    return Asker(team, "slack", user, platform_admin=is_admin(text) and admin_of(found),
                 address=address_of(found) if connects_calendar(text) else "")
