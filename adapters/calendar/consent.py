"""GET /calendar/oauth/microsoft/organisation: where Microsoft's admin-consent page sends an
Entra administrator back (https://learn.microsoft.com/en-us/entra/identity-platform/v2-admin-consent):
`tenant`, `admin_consent=True` or `error`, and our `state`. The service checks all of it and
records the organisation's grant; this page says how it went, in a 2xx or a 4xx, never a 5xx."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from adapters.calendar.callback import CALLBACK_QUERY, page_response
from adapters.web import redact_access_log

PATH = "/calendar/oauth/microsoft/organisation"  # bot/service/calendar_organisation.CONSENT_PATH
FIELDS = ("state", "tenant", "admin_consent", "error")  # error_description etc. are not read


@dataclass(frozen=True, slots=True)
class OrganisationConsent:
    service: object  # bot.service.handler.Service: organisation_callback(query)

    def add_to(self, app: web.Application) -> None:
        redact_access_log(CALLBACK_QUERY, r"\1?…")  # the state is a credential in flight
        app.router.add_get(PATH, self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        query = {k: v for k in FIELDS if len(v := request.query.get(k, "")) <= 4096 and v}
        return page_response(await self.service.organisation_callback(query))
