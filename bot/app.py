"""The composition root: builds the store, the platform edges and the web application."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from adapters.slack import bolt_app
from adapters.web import SlackEndpoint, web_app
from adapters.writer import GroupCommit
from bot import service
from bot.config import Settings, check_serving
from bot.conversation import answer_nudge, handle_request
from bot.store import Store


def build(settings: Settings, store: Store | None = None) -> web.Application:
    """The web application for `settings`; SettingsError when they cannot serve anything."""
    check_serving(settings)
    store = store or Store.open(settings.database_url)

    writer = GroupCommit(lambda items: service.record_many(store, items, "slack"))

    def converse(team: str, user: str, text: str) -> str:
        return handle_request(store, team, user, text, datetime.now(UTC), "slack")

    def profile(team: str, user: str, values: dict) -> None:
        store.update_person(team, user, "slack", **values)

    def answer(team: str, user: str, nudge: str, kind: str) -> str:
        return answer_nudge(store, team, user, nudge, kind, datetime.now(UTC))

    secret, token = settings.slack_signing_secret, settings.slack_bot_token
    slack = SlackEndpoint(secret, bolt_app(secret, token, settings.slack_api_url,
                                           writer.record, converse, profile, answer))
    return web_app(slack)
