"""Multi-workspace Slack: bolt's OAuth flow on our database, with bot tokens sealed at rest."""

from __future__ import annotations

import asyncio
import logging
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_bolt.error import BoltError
from slack_bolt.oauth.async_callback_options import (
    AsyncCallbackOptions,
    AsyncFailureArgs,
    AsyncSuccessArgs,
)
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from adapters.slack.tenancy import tenant_for
from bot.service.inbound import BadInput

LOGGER = logging.getLogger(__name__)
STATE_TTL = timedelta(minutes=10)
# Exactly the bot scopes the code uses: slack-manifest.yml lists the same, and
# tests/conformance/test_slack_manifest.py derives them from the Web API methods called.
SCOPES = ["channels:history", "groups:history", "reactions:read", "channels:read", "groups:read",
          "im:history", "chat:write", "commands", "users:read", "users:read.email", "mpim:write",
          "mpim:history", "im:write", "users.profile:read"]


class DatabaseInstallations(AsyncInstallationStore):
    """Bot installations in our database, with slack_sdk's AsyncInstallationStore contract
    (slack_sdk/oauth/installation_store/async_installation_store.py, and its SQLAlchemy store
    for the behaviour): keyed by enterprise id + team id, an org-wide install found for any
    workspace of its enterprise. The bot token is sealed before it reaches the store; no user
    token is kept (weaktie asks for no user scopes)."""

    def __init__(self, store: Any, box: Any) -> None:  # the service's store; a SecretBox
        self.store = store
        self.box = box

    @property
    def logger(self) -> logging.Logger:  # the interface asks for one; we log nothing here
        return LOGGER

    async def async_save(self, installation: Installation) -> None:
        """An install or a reinstall: the installation is saved and its tenant installed
        again (a workspace removed less than 30 days ago keeps its data and gets nudges)."""
        org = installation.is_enterprise_install is True
        tenant = tenant_for(installation.enterprise_id, installation.team_id, org)
        values = {"enterprise_id": installation.enterprise_id, "team_id": installation.team_id,
                  "is_enterprise_install": org, "app_id": installation.app_id,
                  "bot_id": installation.bot_id, "bot_user_id": installation.bot_user_id,
                  "bot_scopes": ",".join(installation.bot_scopes or []),
                  "installer_user_id": installation.user_id,
                  "bot_token_encrypted": self.box.seal(installation.bot_token or "")}
        try:
            await asyncio.to_thread(self.store.save_slack_install, tenant or "", values,
                                    datetime.now(UTC))
        except BadInput as refused:  # bolt answers a BoltError with its failure page
            raise BoltError(f"installation refused: {refused}") from refused

    async def async_find_bot(self, *, enterprise_id, team_id, is_enterprise_install=False):
        return self._bot(await asyncio.to_thread(self.store.slack_install, enterprise_id,
                                                 team_id, is_enterprise_install))

    async def async_find_installation(self, *, enterprise_id, team_id, user_id=None,
                                      is_enterprise_install=False):
        row = await asyncio.to_thread(self.store.slack_install, enterprise_id, team_id,
                                      is_enterprise_install)
        # With a user id, slack_sdk answers that user's own installation: here only the
        # installer's is kept (bolt then goes on with the bot token alone).
        if row is None or (user_id is not None and user_id != row.installer_user_id):
            return None
        return Installation(app_id=row.app_id, enterprise_id=row.enterprise_id,
                            team_id=row.team_id, user_id=row.installer_user_id or "",
                            bot_token=self.box.open(row.bot_token_encrypted),
                            bot_id=row.bot_id, bot_user_id=row.bot_user_id,
                            bot_scopes=row.bot_scopes or "",
                            is_enterprise_install=row.is_enterprise_install,
                            installed_at=row.installed_at.timestamp())

    async def async_find_bot_of(self, tenant: str) -> Bot | None:
        """The bot a tenant's nudges go out with (not part of slack_sdk's interface)."""
        return self._bot(await asyncio.to_thread(self.store.slack_install_of, tenant))

    def _bot(self, row: Any) -> Bot | None:  # the store's SlackInstall, or None
        if row is None:
            return None
        return Bot(app_id=row.app_id, enterprise_id=row.enterprise_id,
                   team_id=row.team_id, bot_token=self.box.open(row.bot_token_encrypted),
                   bot_id=row.bot_id, bot_user_id=row.bot_user_id,
                   bot_scopes=row.bot_scopes or "",
                   is_enterprise_install=row.is_enterprise_install,
                   installed_at=row.installed_at.timestamp())

    async def async_delete_bot(self, *, enterprise_id, team_id) -> None:
        await asyncio.to_thread(self.store.remove_slack_install, enterprise_id, team_id)

    async def async_delete_installation(self, *, enterprise_id, team_id, user_id=None) -> None:
        if user_id is not None:
            return  # a person's own installation: none is kept, and the bot's stays
        await asyncio.to_thread(self.store.remove_slack_install, enterprise_id, team_id)


class DatabaseStates(AsyncOAuthStateStore):
    """OAuth states in the database, so any web process can finish an install another began."""

    def __init__(self, store: Any) -> None:
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


async def _succeeded(args: AsyncSuccessArgs):
    return await args.default.success(args)


async def _failed(args: AsyncFailureArgs):
    """bolt's own failure page, with a 400 instead of its 500 when the installation was
    refused as bad input (ids no column can hold, no workspace nor organisation named)."""
    if isinstance(getattr(args.error, "__cause__", None), BadInput):
        args.suggested_status_code = 400
    return await args.default.failure(args)


def oauth_settings(store: Any, client_id: str | None, client_secret: str | None,
                   box: Any) -> AsyncOAuthSettings:
    """Bolt's OAuth flow on our database, bot tokens sealed with `box`. The redirect URL is
    the one the app's settings name (slack-manifest.yml: https://YOUR-HOST/slack/oauth_redirect,
    which adapters/slack/endpoint.py answers and adapters/web.py routes)."""
    return AsyncOAuthSettings(client_id=client_id, client_secret=client_secret, scopes=SCOPES,
                              installation_store=DatabaseInstallations(store, box),
                              state_store=DatabaseStates(store),
                              callback_options=AsyncCallbackOptions(success=_succeeded,
                                                                    failure=_failed))
