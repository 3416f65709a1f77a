"""One workspace with one bot token (SLACK_BOT_TOKEN, no OAuth): a reinstall is a new token.

Reinstalling the app from its settings page gives a new bot token and sends no event weaktie
could see, so `weaktie serve` asks Slack once, as it starts, which workspace (or Enterprise
Grid organisation) the token belongs to (auth.test, https://api.slack.com/methods/auth.test)
and installs that tenant again if an uninstall had marked it: its nudges go out again and the
purge 30 days after the uninstall does not erase it. A token that no longer works (the app
really is uninstalled) changes nothing. In OAuth mode the install itself does this
(adapters/slack/oauth.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from aiohttp import web
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.tenancy import token_tenant

LOG = logging.getLogger("weaktie.slack")
ASK_TIMEOUT = 10  # seconds: Slack unreachable must not keep `weaktie serve` from starting


async def reinstate_token_tenant(client: AsyncWebClient, reinstate: Callable[[str], bool]
                                 ) -> str | None:
    """The tenant of the client's token, installed again if it had been marked uninstalled;
    None when Slack cannot say (a revoked token, Slack down: logged by kind only)."""
    try:
        auth = await asyncio.wait_for(client.auth_test(), ASK_TIMEOUT)
    except Exception as exc:  # noqa: BLE001 - invalid_auth, token_revoked, no network
        LOG.warning("auth.test at start failed: %s", type(exc).__name__)
        return None
    tenant = token_tenant(auth)
    if tenant and await asyncio.to_thread(reinstate, tenant):
        LOG.warning("tenant %s was marked uninstalled; its bot token works: installed again",
                    tenant)
    return tenant


def reinstate_at_start(app: web.Application, client: AsyncWebClient,
                       reinstate: Callable[[str], bool]) -> None:
    """Ask once when the web application starts, before it serves anything."""
    async def ask(_app: web.Application) -> None:
        await reinstate_token_tenant(client, reinstate)

    app.on_startup.append(ask)
