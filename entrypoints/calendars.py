"""The calendar providers an install configured (docs/calendars.md), built from its settings:
Google when WEAKTIE_GOOGLE_CLIENT_ID and _SECRET are set, Microsoft 365 when
WEAKTIE_MICROSOFT_CLIENT_ID and _SECRET are. Tokens are sealed with WEAKTIE_SECRET_KEY and the
providers call back at WEAKTIE_PUBLIC_URL, so both are required with either provider."""

from __future__ import annotations

from adapters.calendar.google import GoogleCalendar
from adapters.calendar.microsoft import MicrosoftCalendar
from bot.service.calendar_connect import CalendarSetup
from entrypoints.config import Settings, SettingsError
from entrypoints.secrets import SecretBox


def calendar_setup(settings: Settings) -> CalendarSetup | None:
    """The setup, or None when no provider is configured; SettingsError when half configured."""
    providers = {}
    if settings.google_client_id or settings.google_client_secret:
        authorize, token, api, revoke = settings.google_urls
        providers["google"] = GoogleCalendar(
            _needed(settings.google_client_id, "WEAKTIE_GOOGLE_CLIENT_ID"),
            _needed(settings.google_client_secret, "WEAKTIE_GOOGLE_CLIENT_SECRET"),
            **{k: v for k, v in (("authorize_url", authorize), ("token_url", token),
                                 ("api_url", api), ("revoke_url", revoke)) if v})
    if settings.microsoft_client_id or settings.microsoft_client_secret:
        login, graph = settings.microsoft_urls
        providers["microsoft"] = MicrosoftCalendar(
            _needed(settings.microsoft_client_id, "WEAKTIE_MICROSOFT_CLIENT_ID"),
            _needed(settings.microsoft_client_secret, "WEAKTIE_MICROSOFT_CLIENT_SECRET"),
            tenant=settings.microsoft_tenant,
            **{k: v for k, v in (("login_url", login), ("api_url", graph)) if v})
    if not providers:
        return None
    box = SecretBox(_needed(settings.secret_key, "WEAKTIE_SECRET_KEY"))
    # the Entra app's application permissions, once an administrator consents for everyone
    return CalendarSetup(providers, box, _needed(settings.public_url, "WEAKTIE_PUBLIC_URL"),
                         providers.get("microsoft"))


def _needed(value: str | None, name: str) -> str:
    if not value:
        raise SettingsError(f"{name} is missing: calendars need the provider's client id and "
                            "secret, WEAKTIE_SECRET_KEY (tokens are sealed) and WEAKTIE_PUBLIC_URL "
                            "(where the provider sends people back)")
    return value
