"""The ProfileDirectory for Slack (bot/service/profile_port.py): a workspace's custom profile
fields (team.profile.get) and one person's value of one of them (users.profile.get), both with
the users.profile:read scope. `include_labels` is never asked for (Slack limits it heavily):
the label is resolved once, from the field list.

The clients are the senders' (adapters/slack/send.py nudge_client), which retry nothing: a
429 goes back to the service at once with Slack's Retry-After (ProfilesThrottled), which keeps
it in the database and reads nothing of that workspace before then, rather than sleeping in
the clock's tick.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.profile_fields import field_list, field_values
from adapters.slack.send import _retry_after
from bot.service.profile_port import (
    ProfileField,
    ProfilesRefused,
    ProfilesThrottled,
    ProfilesUnavailable,
)

# Errors that mean the install may not read profiles (https://api.slack.com/methods/
# users.profile.get#errors): a scope it lacks, a token gone; no retry helps until it changes.
REFUSED = {"missing_scope", "not_authed", "invalid_auth", "account_inactive", "token_revoked",
           "token_expired", "no_permission", "not_allowed_token_type", "team_access_not_granted"}
NO_SUCH_PERSON = {"user_not_found", "user_not_visible"}


class SlackProfiles:
    def __init__(self, client_of: Callable[[str], Awaitable[AsyncWebClient]]) -> None:
        """`client_of(team)`: the Web API client of one workspace (SlackNudges.client_of)."""
        self.client_of = client_of

    async def fields(self, tenant: str) -> list[ProfileField]:
        client = await self._client(tenant)
        try:
            return field_list((await client.team_profile_get()).data)
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
            raise _failure(exc) from exc

    async def value(self, tenant: str, person: str, field: str) -> str | None:
        client = await self._client(tenant)
        try:
            answer = await client.users_profile_get(user=person)
        except SlackApiError as exc:
            if exc.response.get("error") in NO_SUCH_PERSON:
                return None
            raise _failure(exc) from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise _failure(exc) from exc
        return field_values(answer.get("profile")).get(field, "")

    async def _client(self, tenant: str) -> AsyncWebClient:
        try:
            return await self.client_of(tenant)
        except LookupError as exc:  # the workspace is not installed (any more)
            raise ProfilesRefused(str(exc)) from exc


def _failure(exc: Exception) -> Exception:
    if not isinstance(exc, SlackApiError):
        return ProfilesUnavailable(type(exc).__name__)
    if exc.response.status_code == 429:
        return ProfilesThrottled(_retry_after(exc))
    error = exc.response.get("error")
    if error in REFUSED:
        return ProfilesRefused(str(error))
    return ProfilesUnavailable(str(error))
