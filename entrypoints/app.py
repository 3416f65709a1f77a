"""The composition root: builds the store, the platform edges and the web application."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from aiohttp import web

from adapters.calendar.callback import CalendarCallback
from adapters.calendar.consent import OrganisationConsent
from adapters.dashboard.routes import Dashboard
from adapters.slack.app import bolt_app
from adapters.slack.endpoint import SlackEndpoint
from adapters.slack.oauth import DatabaseInstallations, oauth_settings
from adapters.slack.profiles import SlackProfiles
from adapters.slack.reinstall import reinstate_at_start
from adapters.slack.send import SlackNudges, nudge_client
from adapters.slack.socket_mode import socket_mode
from adapters.web import CalendarEndpoint, web_app
from bot.service.dashboard_access import csrf_token
from bot.service.handler import Deployment, Service
from bot.store import Store
from entrypoints.calendars import calendar_setup
from entrypoints.config import Settings, check_serving, multi_workspace
from entrypoints.secrets import SecretBox


def build(settings: Settings, store: Store | None = None,
          now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> web.Application:
    """The web application for `settings`; SettingsError when they cannot serve anything.
    `now` is the service's clock (tests of dated meetups hold it still)."""
    check_serving(settings)
    store = store or Store.open(settings.database_url)
    calendars = calendar_setup(settings)
    service = Service(store, Deployment(frozenset(settings.managers), settings.public_url,
                                        settings.secret_key, calendars,
                                        profile_reader(store, settings)), now)
    calendar = CalendarEndpoint(service) if settings.secret_key else None
    bolt = None
    if settings.slack_bot_token or multi_workspace(settings):
        bolt = bolt_app(settings.slack_signing_secret, settings.slack_bot_token,
                        settings.slack_api_url, service,
                        oauth_settings(store, settings.slack_client_id, settings.slack_client_secret,
                                       SecretBox(settings.secret_key or ""))
                        if multi_workspace(settings) else None)
    slack = SlackEndpoint(settings.slack_signing_secret, bolt) \
        if bolt and settings.slack_signing_secret else None
    app = web_app(slack, calendar, teams(settings, service), dashboard(settings, service),
                  CalendarCallback(service) if calendars else None)
    if calendars is not None and calendars.organisation is not None:
        OrganisationConsent(service).add_to(app)  # Microsoft's admin consent comes back here
    if bolt is not None and settings.slack_app_token:
        socket_mode(app, bolt, settings.slack_app_token)
    if bolt is not None and settings.slack_bot_token:
        reinstate_at_start(app, bolt.client, store.reinstate)
    return app


def dashboard(settings: Settings, service: Service) -> Dashboard:
    """/admin. Its cookies are Secure unless this is local development (WEAKTIE_DEV, or no
    public URL: the sign-in links then point at http://127.0.0.1, where a Secure cookie would
    never come back)."""
    return Dashboard(service, secure=not settings.dev and bool(settings.public_url),
                     csrf_of=csrf_token)


def teams(settings: Settings, service: Service):
    """The Teams endpoint when Teams is configured (or in development), else None. botbuilder
    is imported only then: a Slack-only process starts about 0.3 s sooner (its import time)."""
    if not (settings.teams_app_id or settings.dev):
        return None
    from adapters.teams.endpoint import teams_endpoint
    return teams_endpoint(teams_settings(settings), settings.dev, service)


def teams_settings(settings: Settings):
    """botbuilder's settings of a registered bot (None: not registered)."""
    if not settings.teams_app_id:
        return None
    from adapters.teams.endpoint import TeamsSettings
    return TeamsSettings(settings.teams_app_id, settings.teams_app_password or "",
                         settings.teams_app_type, settings.teams_tenant_id or "",
                         settings.teams_openid_url or "")


def senders(store: Store, settings: Settings) -> dict:
    """The nudge sender of every configured platform, by platform name. The store they send
    from takes the deployment's claim lease (WEAKTIE_CLAIM_LEASE)."""
    store.claim_lease = timedelta(seconds=settings.claim_lease)
    found = {}
    slack = slack_sender(store, settings)
    if slack is not None:
        found["slack"] = slack
    if settings.teams_app_id or settings.dev:
        from adapters.teams.endpoint import cloud_adapter, dev_settings
        from adapters.teams.send import TeamsNudges
        registered = teams_settings(settings) or dev_settings()
        found["teams"] = TeamsNudges(cloud_adapter(registered), registered.app_id)
    return found


def slack_sender(store: Store, settings: Settings):
    """Slack's sender: the one workspace's token, or each installed workspace's own; None
    when Slack is not configured."""
    if settings.slack_bot_token:
        return SlackNudges(nudge_client(settings.slack_bot_token, settings.slack_api_url))
    if not (multi_workspace(settings) and settings.secret_key):
        return None
    installations = DatabaseInstallations(store, SecretBox(settings.secret_key))

    async def client_for(team: str):
        bot = await installations.async_find_bot_of(team)
        if bot is None:
            raise LookupError(f"workspace {team} is not installed")
        return nudge_client(bot.bot_token, settings.slack_api_url)

    return SlackNudges(client_for=client_for)


def profile_reader(store: Store, settings: Settings) -> SlackProfiles | None:
    """Slack's custom profile fields (teams from a field a manager names), through the same
    workspace clients as the sender; None when Slack is not configured."""
    sender = slack_sender(store, settings)
    return None if sender is None else SlackProfiles(sender.client_of)
