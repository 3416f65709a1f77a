"""GET /calendar/oauth/{provider}: where Google and Microsoft send the person back after consent
(OAuth 2.0 authorization code with PKCE). The service spends the state, exchanges the code and
keeps the tokens sealed; this page says how it went, in a 2xx or a 4xx, never a 5xx."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from aiohttp import web

from adapters.web import redact_access_log
from bot.service.calendar_port import PROVIDERS

FIELDS = ("state", "code", "error")  # the rest of the redirect's query is not read
HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
           "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
           "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"}


@dataclass(frozen=True, slots=True)
class CalendarCallback:
    service: object  # bot.service.handler.Service: calendar_callback(provider, query)

    def add_to(self, app: web.Application) -> None:
        # that a person came back from consent, not the redirect's state and code (single use
        # and PKCE-bound, but still a credential in flight)
        redact_access_log(CALLBACK_QUERY, r"\1?…")
        app.router.add_get("/calendar/oauth/{provider}", self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        provider = request.match_info["provider"]
        if provider not in PROVIDERS:
            raise web.HTTPNotFound()
        query = {k: v for k in FIELDS if len(v := request.query.get(k, "")) <= 4096 and v}
        return page_response(await self.service.calendar_callback(provider, query))


def page_response(page) -> web.Response:
    """A CallbackPage as the browser sees it: one sentence, no script, nothing cached."""
    body = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta "
            "name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>weaktie"
            "</title></head><body style=\"font:16px/1.5 system-ui,sans-serif;max-width:36rem;"
            f"margin:2rem auto;padding:0 1rem\"><p>{escape(page.text)}</p></body></html>")
    return web.Response(text=body, status=page.status, content_type="text/html",
                        charset="utf-8", headers=HEADERS)


CALLBACK_QUERY = re.compile(r"(/calendar/oauth/[^\s?\"]*)\?[^\s\"]*")
