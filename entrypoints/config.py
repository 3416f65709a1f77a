"""Settings from the environment; the only module that reads os.environ."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bot.errors import WeaktieError

DEFAULT_DB = "weaktie.db"


class SettingsError(WeaktieError):
    """A setting is missing or inconsistent; the message names it."""


def database_url(db: str | None = None, environ: dict[str, str] | None = None) -> str:
    """`--db` (a URL or a file path) beats DATABASE_URL, which beats ./weaktie.db. Read here,
    in the shell: the store takes a URL and never looks at the environment."""
    env = os.environ if environ is None else environ
    chosen = db or env.get("DATABASE_URL") or DEFAULT_DB
    if "://" in chosen:
        # Heroku-style URLs say postgres://; SQLAlchemy wants a driver name.
        if chosen.startswith(("postgres://", "postgresql://")):
            chosen = "postgresql+psycopg://" + chosen.split("://", 1)[1]
        return chosen
    return f"sqlite:///{Path(chosen).resolve()}"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    port: int = 3000
    # Loopback unless asked: listening on every interface is the operator's choice (HOST, --host;
    # the Procfile's web line asks for 0.0.0.0, where hosting platforms route requests).
    host: str = "127.0.0.1"
    slack_signing_secret: str | None = None
    slack_bot_token: str | None = None
    slack_api_url: str | None = None
    slack_app_token: str | None = None
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    public_url: str | None = None
    secret_key: str | None = None
    teams_app_id: str | None = None
    teams_app_password: str | None = None
    teams_app_type: str = "SingleTenant"
    teams_tenant_id: str | None = None
    teams_openid_url: str | None = None
    dev: bool = False
    programs_file: str | None = None  # WEAKTIE_PROGRAMS: programs kept in git, loaded at start
    # Community managers by platform user id (WEAKTIE_MANAGERS, comma- or space-separated);
    # workspace admins and people granted by a manager are managers too (bot/service/admin.py).
    managers: frozenset[str] = frozenset()
    # Seconds before a send another process claimed and was cut off is resumed here
    # (WEAKTIE_CLAIM_LEASE; longer than any send can take, Retry-After waits included).
    claim_lease: float = 300.0
    # Calendars (docs/calendars.md): each provider is on when its client id and secret are set;
    # the URLs are overrides for tests and sovereign clouds.
    google_client_id: str | None = None
    google_client_secret: str | None = None
    google_urls: tuple[str | None, ...] = (None, None, None, None)  # authorize, token, API, revoke
    microsoft_client_id: str | None = None
    microsoft_client_secret: str | None = None
    microsoft_tenant: str = "common"
    microsoft_urls: tuple[str | None, str | None] = (None, None)  # login, Graph


def load(db: str | None = None, port: int | None = None, host: str | None = None) -> Settings:
    """`--db` wins over DATABASE_URL, which wins over ./weaktie.db; `--port` over PORT; `--host`
    over HOST, which wins over 127.0.0.1."""
    env = dict(os.environ)
    return Settings(
        database_url=database_url(db, env),
        port=port or _port(env.get("PORT", "3000")),
        host=_host(host or env.get("HOST") or "127.0.0.1"),
        slack_signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
        slack_bot_token=env.get("SLACK_BOT_TOKEN") or None,
        slack_api_url=env.get("SLACK_API_URL") or None,
        slack_app_token=env.get("SLACK_APP_TOKEN") or None,
        slack_client_id=env.get("SLACK_CLIENT_ID") or None,
        slack_client_secret=env.get("SLACK_CLIENT_SECRET") or None,
        public_url=(env.get("WEAKTIE_PUBLIC_URL") or "").rstrip("/") or None,
        secret_key=env.get("WEAKTIE_SECRET_KEY") or None,
        teams_app_id=env.get("MICROSOFT_APP_ID") or None,
        teams_app_password=env.get("MICROSOFT_APP_PASSWORD") or None,
        teams_app_type=env.get("MICROSOFT_APP_TYPE") or "SingleTenant",
        teams_tenant_id=env.get("MICROSOFT_APP_TENANT_ID") or None,
        teams_openid_url=env.get("MICROSOFT_OPENID_METADATA_URL") or None,
        dev=env.get("WEAKTIE_DEV") == "1",
        programs_file=env.get("WEAKTIE_PROGRAMS") or None,
        managers=frozenset(env.get("WEAKTIE_MANAGERS", "").replace(",", " ").split()),
        claim_lease=_seconds("WEAKTIE_CLAIM_LEASE", env.get("WEAKTIE_CLAIM_LEASE", "300")),
        google_client_id=env.get("WEAKTIE_GOOGLE_CLIENT_ID") or None,
        google_client_secret=env.get("WEAKTIE_GOOGLE_CLIENT_SECRET") or None,
        google_urls=tuple(env.get(f"WEAKTIE_GOOGLE_{n}_URL") or None
                          for n in ("AUTHORIZE", "TOKEN", "API", "REVOKE")),
        microsoft_client_id=env.get("WEAKTIE_MICROSOFT_CLIENT_ID") or None,
        microsoft_client_secret=env.get("WEAKTIE_MICROSOFT_CLIENT_SECRET") or None,
        microsoft_tenant=env.get("WEAKTIE_MICROSOFT_TENANT") or "common",
        microsoft_urls=tuple(env.get(f"WEAKTIE_MICROSOFT_{n}_URL") or None
                             for n in ("LOGIN", "GRAPH")),
    )


def multi_workspace(settings: Settings) -> bool:
    """OAuth installs into many workspaces, rather than one workspace's bot token."""
    return bool(settings.slack_client_id or settings.slack_client_secret)


def check_serving(settings: Settings) -> None:
    """Refuse to serve without a platform, or with Slack's settings half given or mixed."""
    secret, token = settings.slack_signing_secret, settings.slack_bot_token
    if settings.slack_app_token:
        if not token or multi_workspace(settings):
            raise SettingsError("SLACK_APP_TOKEN (Socket Mode, for development) goes with one "
                                "workspace's SLACK_BOT_TOKEN, not with OAuth")
        return  # Socket Mode authenticates the connection: no signing secret needed
    if multi_workspace(settings):
        for name, value in (("SLACK_CLIENT_ID", settings.slack_client_id),
                            ("SLACK_CLIENT_SECRET", settings.slack_client_secret),
                            ("SLACK_SIGNING_SECRET", secret),
                            ("WEAKTIE_SECRET_KEY", settings.secret_key)):
            if not value:
                raise SettingsError(f"{name} is missing (multi-workspace mode needs "
                                    "SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_SIGNING_SECRET "
                                    "and WEAKTIE_SECRET_KEY, to seal bot tokens at rest)")
        if token:
            raise SettingsError("SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: choose one "
                                "workspace (the token) or many (OAuth), not both")
        return
    teams = check_teams(settings)
    if teams and not secret and not token:
        return  # Teams only
    if not secret and not token:
        raise SettingsError("no platform is configured: set SLACK_SIGNING_SECRET and "
                            "SLACK_BOT_TOKEN (one Slack workspace), SLACK_CLIENT_ID and "
                            "SLACK_CLIENT_SECRET (many; see docs/slack.md), or "
                            "MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (Teams; or "
                            "WEAKTIE_DEV=1 to try Teams locally without them)")
    if not secret:
        raise SettingsError("SLACK_SIGNING_SECRET is missing (Slack app > Basic Information)")
    if not token:
        raise SettingsError("SLACK_BOT_TOKEN is missing (Slack app > OAuth & Permissions)")


def check_teams(settings: Settings) -> bool:
    """Whether Teams is to be served; its settings complete (or the development switch on)."""
    given = settings.teams_app_id or settings.teams_app_password
    if given:
        for name, value in (("MICROSOFT_APP_ID", settings.teams_app_id),
                            ("MICROSOFT_APP_PASSWORD", settings.teams_app_password)):
            if not value:
                raise SettingsError(f"{name} is missing (Azure bot registration)")
        if settings.teams_app_type == "SingleTenant" and not settings.teams_tenant_id:
            raise SettingsError("MICROSOFT_APP_TENANT_ID is missing (a SingleTenant bot needs "
                                "its tenant; or set MICROSOFT_APP_TYPE=MultiTenant)")
    return bool(given) or settings.dev


def _seconds(name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 86_400:
        raise SettingsError(f"{name} must be a number of seconds from 0 to 86400, not {text!r}")
    return value


def _host(text: str) -> str:
    """An address or host name to listen on; anything with spaces, a scheme or a port is not."""
    if not text.strip() or any(c in text for c in " /\t") or text.count(":") == 1:
        raise SettingsError(f"HOST must be an address to listen on, such as 127.0.0.1 or "
                            f"0.0.0.0, not {text!r}")
    return text.strip()


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise SettingsError(f"PORT must be a port number, not {text!r}")
    return int(text)
