"""Multi-workspace Slack: bolt's OAuth flow on our database, with bot tokens sealed at rest."""

from __future__ import annotations

import asyncio
import logging
import secrets
from datetime import UTC, datetime, timedelta

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from bot.secrets import SecretBox
from bot.store import Store

LOGGER = logging.getLogger(__name__)
STATE_TTL = timedelta(minutes=10)
# Exactly the scopes the code uses (slack-manifest.yml lists the same).
SCOPES = ["channels:history", "groups:history", "reactions:read", "channels:read", "groups:read",
          "im:history", "chat:write", "commands", "users:read", "mpim:write", "mpim:history"]


class DatabaseInstallations(AsyncInstallationStore):
    """One installation per workspace; the bot token is sealed before it reaches the store."""

    def __init__(self, store: Store, box: SecretBox) -> None:
        self.store = store
        self.box = box

    @property
    def logger(self) -> logging.Logger:  # the interface asks for one; we log nothing here
        return LOGGER

    async def async_save(self, installation: Installation) -> None:
        values = {"enterprise_id": installation.enterprise_id, "app_id": installation.app_id,
                  "bot_id": installation.bot_id, "bot_user_id": installation.bot_user_id,
                  "bot_scopes": ",".join(installation.bot_scopes or []),
                  "installer_user_id": installation.user_id,
                  "bot_token_encrypted": self.box.seal(installation.bot_token or "")}
        await asyncio.to_thread(self.store.save_slack_install, installation.team_id, values,
                                datetime.now(UTC))

    async def async_find_bot(self, *, enterprise_id, team_id, is_enterprise_install=False):
        row = await asyncio.to_thread(self.store.slack_install, team_id or "")
        if row is None:
            return None
        return Bot(app_id=row["app_id"], enterprise_id=row["enterprise_id"], team_id=team_id,
                   bot_token=self.box.open(row["bot_token_encrypted"]), bot_id=row["bot_id"],
                   bot_user_id=row["bot_user_id"], bot_scopes=row["bot_scopes"] or "",
                   installed_at=row["installed_at"].timestamp())

    async def async_find_installation(self, *, enterprise_id, team_id, user_id=None,
                                      is_enterprise_install=False):
        row = await asyncio.to_thread(self.store.slack_install, team_id or "")
        if row is None:
            return None
        return Installation(app_id=row["app_id"], enterprise_id=row["enterprise_id"],
                            team_id=team_id, user_id=row["installer_user_id"] or "",
                            bot_token=self.box.open(row["bot_token_encrypted"]),
                            bot_id=row["bot_id"], bot_user_id=row["bot_user_id"],
                            bot_scopes=row["bot_scopes"] or "",
                            installed_at=row["installed_at"].timestamp())

    async def async_delete_bot(self, *, enterprise_id, team_id) -> None:
        await asyncio.to_thread(self.store.remove_slack_install, team_id or "")

    async def async_delete_installation(self, *, enterprise_id, team_id, user_id=None) -> None:
        await asyncio.to_thread(self.store.remove_slack_install, team_id or "")


class DatabaseStates(AsyncOAuthStateStore):
    """OAuth states in the database, so any web process can finish an install another began."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def logger(self) -> logging.Logger:
        return LOGGER

    async def async_issue(self, *args, **kwargs) -> str:
        state = secrets.token_urlsafe(24)
        await asyncio.to_thread(self.store.issue_oauth_state, state,
                                datetime.now(UTC) + STATE_TTL)
        return state

    async def async_consume(self, state: str) -> bool:
        return await asyncio.to_thread(self.store.consume_oauth_state, state, datetime.now(UTC))


def oauth_settings(store: Store, client_id: str | None, client_secret: str | None,
                   box: SecretBox) -> AsyncOAuthSettings:
    """Bolt's OAuth flow on our database, bot tokens sealed with `box`."""
    return AsyncOAuthSettings(client_id=client_id, client_secret=client_secret, scopes=SCOPES,
                              installation_store=DatabaseInstallations(store, box),
                              state_store=DatabaseStates(store))
