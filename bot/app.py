"""The composition root: builds the store, the platform edges and the web application."""

from __future__ import annotations

from aiohttp import web

from adapters.slack import bolt_app
from adapters.web import SlackEndpoint, web_app
from bot import service
from bot.config import Settings, check_serving
from bot.store import Store


def build(settings: Settings, store: Store | None = None) -> web.Application:
    """The web application for `settings`; SettingsError when they cannot serve anything."""
    check_serving(settings)
    store = store or Store.open(settings.database_url)

    def record(team: str, observed) -> None:
        service.record_observed(store, team, observed, "slack")

    secret, token = settings.slack_signing_secret, settings.slack_bot_token
    slack = SlackEndpoint(secret, bolt_app(secret, token, settings.slack_api_url,
                                                              record))
    return web_app(slack)
