"""Settings from the environment; the only module that reads os.environ."""

from __future__ import annotations

import os
from dataclasses import dataclass

from bot.errors import WeaktieError
from bot.store import database_url


class SettingsError(WeaktieError):
    """A setting is missing or inconsistent; the message names it."""


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    port: int = 3000
    slack_signing_secret: str | None = None
    slack_bot_token: str | None = None
    slack_api_url: str | None = None
    public_url: str | None = None
    secret_key: str | None = None


def load(db: str | None = None, port: int | None = None) -> Settings:
    """`--db` wins over DATABASE_URL, which wins over ./weaktie.db; `--port` over PORT."""
    env = dict(os.environ)
    return Settings(
        database_url=database_url(db, env),
        port=port or _port(env.get("PORT", "3000")),
        slack_signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
        slack_bot_token=env.get("SLACK_BOT_TOKEN") or None,
        slack_api_url=env.get("SLACK_API_URL") or None,
        public_url=(env.get("WEAKTIE_PUBLIC_URL") or "").rstrip("/") or None,
        secret_key=env.get("WEAKTIE_SECRET_KEY") or None,
    )


def check_serving(settings: Settings) -> None:
    """Refuse to serve without a platform, or with half of Slack's settings."""
    secret, token = settings.slack_signing_secret, settings.slack_bot_token
    if not secret and not token:
        raise SettingsError("no platform is configured: set SLACK_SIGNING_SECRET and "
                            "SLACK_BOT_TOKEN (see README, Slack)")
    if not secret:
        raise SettingsError("SLACK_SIGNING_SECRET is missing (Slack app > Basic Information)")
    if not token:
        raise SettingsError("SLACK_BOT_TOKEN is missing (Slack app > OAuth & Permissions)")


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise SettingsError(f"PORT must be a port number, not {text!r}")
    return int(text)
