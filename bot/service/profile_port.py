"""The profile boundary (issue 15): what the service asks of a chat platform's people directory
to keep teams from a custom profile field a manager named (`admin team field Department`), in
no platform's words. adapters/slack/profiles.py implements it over Slack's Web API
(team.profile.get, users.profile.get); tests/standins/slack.py answers it on loopback.

Only the named field's value crosses, one person at a time: never the rest of a profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class ProfilesRefused(Exception):
    """The platform refused the read (a permission the install lacks, such as Slack's
    users.profile:read for a workspace installed before weaktie asked for it; a revoked token)."""


class ProfilesUnavailable(Exception):
    """The platform did not answer (5xx, a dropped connection): nothing is known; tried later."""


class ProfilesThrottled(ProfilesUnavailable):
    """Rate-limited (Slack's 429): no read of this workspace before `retry_after` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate-limited for {retry_after:g}s")
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class ProfileField:
    """One custom profile field of a workspace: the platform's id and the label people see."""

    id: str
    label: str


class ProfileDirectory(Protocol):
    """A workspace's custom profile fields, and one person's value of one of them."""

    async def fields(self, tenant: str) -> list[ProfileField]:
        """The workspace's custom fields, in the platform's order."""

    async def value(self, tenant: str, person: str, field: str) -> str | None:
        """The person's value of `field` ("" when they left it empty); None when the platform
        knows no such person (then their team is left as it is)."""
