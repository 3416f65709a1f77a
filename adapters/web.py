"""One aiohttp application for every platform endpoint, routes only: /slack/events (and the
OAuth pages) from adapters/slack/endpoint.py, /api/messages from adapters/teams/, the calendar
links, the managers' dashboard under /admin (adapters/dashboard/), /healthz.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from bot.service.inbound import Handler

MAX_BODY = 512 * 1024  # Slack's payloads are a few kilobytes; anything near this is not Slack


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


@dataclass(frozen=True, slots=True)
class CalendarEndpoint:
    """GET /calendar/{nudge}/{token}.ics: the invitation for a confirmed meetup. The token is
    checked before the database is touched; a wrong one looks exactly like a missing one."""

    service: Handler  # invitation(nudge, token) -> the .ics, or None

    async def handle(self, request: web.Request) -> web.Response:
        nudge, token = request.match_info["nudge"], request.match_info["token"]
        if not _row_id(nudge):
            raise web.HTTPNotFound()
        body = await self.service.invitation(int(nudge), token)
        if body is None:
            raise web.HTTPNotFound()
        return web.Response(body=body.encode(), content_type="text/calendar", charset="utf-8",
                            headers={"Content-Disposition": "attachment; filename=coffee.ics"})


def _row_id(text: str) -> bool:
    """A database id as a URL writes it: ASCII digits ("²" is a digit to str.isdigit), and
    within the 32-bit range of the store's integer keys."""
    return text.isascii() and text.isdigit() and len(text) <= 10 and 0 < int(text) < 2**31


class _ClientHttpErrors(logging.Filter):
    """aiohttp answers a malformed request (a header over 8,190 bytes, a bad request line) with
    400 before any handler, but logs the parser's traceback: the client's fault is one line
    (found by bench/hostile.py: a 10,000-character serviceUrl claim made a long token)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], HttpProcessingError):
            record.msg, record.args = f"refused a malformed HTTP request: " \
                f"{type(record.exc_info[1]).__name__}", ()
            record.exc_info, record.levelno, record.levelname = None, logging.INFO, "INFO"
        return True


_QUIET = _ClientHttpErrors()


class _Redacted(logging.Filter):
    """Credentials in request paths (a dashboard sign-in token, an OAuth return's code and state)
    never reach the access log: each route that carries one registers how to blank it."""

    def __init__(self) -> None:
        super().__init__()
        self.rules: dict[re.Pattern[str], str] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        for name in ("msg", "first_request_line"):
            value = getattr(record, name, None)
            if isinstance(value, str):
                setattr(record, name, self._blank(value))
        if isinstance(record.args, tuple):
            record.args = tuple(self._blank(a) if isinstance(a, str) else a for a in record.args)
        return True

    def _blank(self, text: str) -> str:
        for pattern, replacement in self.rules.items():
            text = pattern.sub(replacement, text)
        return text


_REDACTED = _Redacted()


def redact_access_log(pattern: re.Pattern[str], replacement: str) -> None:
    """Blank what `pattern` matches in aiohttp's access log lines (once per pattern)."""
    _REDACTED.rules[pattern] = replacement
    access = logging.getLogger("aiohttp.access")
    if _REDACTED not in access.filters:
        access.addFilter(_REDACTED)


def web_app(slack: Any | None, calendar: CalendarEndpoint | None = None,
            teams=None, dashboard=None, calendars=None) -> web.Application:
    """The application: health always, each platform's endpoint when it is configured."""
    app = web.Application(client_max_size=MAX_BODY)
    if _QUIET not in logging.getLogger("aiohttp.server").filters:
        logging.getLogger("aiohttp.server").addFilter(_QUIET)
    if teams is not None:
        app.router.add_post("/api/messages", teams.handle)
    app.router.add_get("/healthz", healthz)
    if slack is not None:
        app.router.add_post("/slack/events", slack.handle)
        if slack.bolt.oauth_flow is not None:
            app.router.add_get("/slack/install", slack.install)
            app.router.add_get("/slack/oauth_redirect", slack.oauth_redirect)
    if calendar is not None:
        app.router.add_get("/calendar/{nudge}/{token}.ics", calendar.handle)
    if dashboard is not None:
        dashboard.add_to(app)  # /admin (adapters/dashboard/routes.py)
    if calendars is not None:
        calendars.add_to(app)  # /calendar/oauth/{provider} (adapters/calendar/callback.py)
    return app
