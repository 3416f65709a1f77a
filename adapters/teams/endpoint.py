"""POST /api/messages: our own request handling in front of `CloudAdapter.process_activity`
(its `process()` answers 500 to bodies it cannot parse), the Bot Framework settings and the
service URLs a token may name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlparse

from aiohttp import web
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity
from botframework.connector.auth import AuthenticationConstants

from adapters.teams.activity import MAX_URL, RAW, _string, checked_activity
from adapters.teams.bot import LOG, WeaktieTeamsBot
from adapters.teams.send import OUTBOUND
from bot.service.inbound import (
    BadInput,
    Handler,
)


@dataclass(frozen=True, slots=True)
class TeamsSettings:
    app_id: str
    app_password: str
    app_type: str = "SingleTenant"
    tenant_id: str = ""
    openid_metadata_url: str = ""  # where token signing keys are published (sovereign clouds)


class _BotFrameworkConfig:
    """The attribute names botbuilder's configuration reader expects."""

    def __init__(self, settings: TeamsSettings) -> None:
        self.APP_ID = settings.app_id
        self.APP_PASSWORD = settings.app_password
        self.APP_TYPE = settings.app_type
        self.APP_TENANTID = settings.tenant_id
        if settings.openid_metadata_url:
            # Overriding one endpoint makes botbuilder read them all from the configuration:
            # the others keep the public cloud's values.
            self.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL = settings.openid_metadata_url
            self.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER = AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER
            self.TO_CHANNEL_FROM_BOT_LOGIN_URL = AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL
            self.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE = \
                AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
            self.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL = \
                AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL
            self.OAUTH_URL = AuthenticationConstants.OAUTH_URL


@dataclass
class TeamsEndpoint:
    """POST /api/messages: 415 for a non-JSON body, 400 with a short reason for anything that
    is not a Bot Framework activity of the shape we read, 401 for a bad token; never a 500 for
    what a client sent."""

    adapter: CloudAdapter
    bot: WeaktieTeamsBot
    production: bool = True

    async def handle(self, request: web.Request) -> web.Response:
        if request.content_type != "application/json":
            return _refusal(415, "expected application/json")
        try:
            body = checked_activity(json.loads(await request.read()))
            activity = Activity().deserialize(body)
            # botbuilder's Teams helpers (the roster, a member) unpack it as a mapping
            activity.channel_data = activity.channel_data or {}
        except BadInput as exc:
            return _refusal(400, str(exc))
        except (ValueError, RecursionError, TypeError, AttributeError):
            # not JSON, or msrest's DeserializationError (a ValueError) on a field it types
            return _refusal(400, "not a Bot Framework activity")
        if self.production and not request.headers.get("Authorization"):
            return _refusal(401, "unauthorized")
        if self.production and not allowed_service_url(_string(body, "serviceUrl", MAX_URL)):
            # A forged serviceUrl must never receive our token with a reply.
            return _refusal(400, "serviceUrl is not a Microsoft service")
        RAW.set(body)
        try:  # authenticate first, apart: any failure here is the caller's, so a 401
            authenticated = await self.adapter.bot_framework_authentication.authenticate_request(
                activity, request.headers.get("Authorization", ""))
        except Exception:  # noqa: BLE001 - botbuilder and PyJWT raise many kinds for bad tokens
            return _refusal(401, "unauthorized")
        return await self._turn(authenticated, activity, body)

    async def _turn(self, authenticated, activity: Activity, body: dict) -> web.Response:
        try:
            answer = await self.adapter.process_activity(authenticated, activity, self.bot.on_turn)
        except BadInput as exc:
            return _refusal(400, str(exc))
        except OUTBOUND as exc:
            # The turn wrote what it had to before it replied: answering 5xx would make Teams
            # send the activity again for nothing. One line, no content.
            LOG.warning("Teams %s: a call to the Bot Connector failed (%s); what the activity "
                        "says is kept", body["type"], type(exc).__name__)
            return web.Response(status=202)
        if answer and answer.body is not None:
            return web.json_response(answer.body, status=answer.status)
        return web.Response(status=answer.status if answer else 201)


def _refusal(status: int, reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=status)


def teams_endpoint(settings: TeamsSettings | None, dev: bool,
                   handlers: Handler) -> TeamsEndpoint | None:
    """The endpoint, or None when Teams is not configured. Authentication is never silently
    off: only the explicit development switch serves without it, and says so loudly."""
    if settings is None and not dev:
        return None
    if settings is None:
        LOG.warning("WEAKTIE_DEV=1: /api/messages accepts UNAUTHENTICATED requests; "
                    "never use this in production")
        settings = dev_settings()
    return TeamsEndpoint(cloud_adapter(settings), WeaktieTeamsBot(handlers),
                         production=bool(settings.app_id))


# The Bot Connector's hosts (public cloud, GCC and GCC High / DoD): replies go nowhere else.
SERVICE_HOSTS = ("smba.trafficmanager.net", "botframework.com", "teams.microsoft.com",
                 "infra.gov.teams.microsoft.us", "botframework.azure.us")


def allowed_service_url(url: str) -> bool:
    """Whether a serviceUrl is one of Microsoft's, over HTTPS."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    return parsed.scheme == "https" and any(host == h or host.endswith("." + h)
                                            for h in SERVICE_HOSTS)


def cloud_adapter(settings: TeamsSettings) -> CloudAdapter:
    return CloudAdapter(ConfigurationBotFrameworkAuthentication(_BotFrameworkConfig(settings)))


def dev_settings() -> TeamsSettings:
    """No app id: botbuilder then skips authentication (development only)."""
    return TeamsSettings(app_id="", app_password="", app_type="MultiTenant")
