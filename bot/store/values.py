"""What the store hands back beyond the core's own values: frozen, typed, read by attribute.

Each is built from rows in one place (the aggregate that reads it), so a caller never
re-parses a row or guesses a key. Times are aware (UTC); ids are external ids, never row ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class SlackInstall:
    """A Slack installation as slack_sdk's stores keep it; the bot token still sealed."""

    install_key: str
    tenant: str
    enterprise_id: str | None
    team_id: str | None
    is_enterprise_install: bool
    app_id: str | None
    bot_id: str | None
    bot_user_id: str | None
    bot_scopes: str | None
    installer_user_id: str | None
    bot_token_encrypted: str
    installed_at: datetime
