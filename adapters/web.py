"""One aiohttp application for every platform endpoint: /slack/events, /healthz (Teams later).

Slack requests are verified on their raw bytes before anything parses them: an unsigned, stale,
malformed or oversized request gets a 4xx and never reaches bolt (which would parse first and
answer 500) or the logs.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from adapters.slack.request import FORM, JSON, check_shape, read_body
from bot.errors import BadInput
from bot.service.conversation import agreed_slot
from bot.service.meetups import ics, token_ok
from bot.store import Store

MAX_BODY = 512 * 1024  # Slack's payloads are a few kilobytes; anything near this is not Slack
MAX_AGE = 300  # seconds: Slack's own rule against replayed requests


def slack_signature_ok(secret: str, raw: bytes, timestamp: str | None, signature: str | None,
                       now: float) -> bool:
    """v0=HMAC-SHA256(secret, "v0:{timestamp}:{raw body}"), at most five minutes old. Computed on
    the bytes as received: slack_sdk's verifier decodes them first and raises on non-UTF-8."""
    if not timestamp or not signature or not (timestamp.isascii() and timestamp.isdigit()) \
            or len(timestamp) > 12:
        return False
    if abs(now - int(timestamp)) > MAX_AGE:
        return False
    expected = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + raw,
                        hashlib.sha256).hexdigest()
    # as bytes: compare_digest raises on a str with non-ASCII characters ("v0=é")
    return hmac.compare_digest(f"v0={expected}".encode(), signature.encode("utf-8", "replace"))


@dataclass(frozen=True, slots=True)
class SlackEndpoint:
    """POST /slack/events: signature first, then a well-formed body, then bolt."""

    signing_secret: str
    bolt: AsyncApp

    async def handle(self, request: web.Request) -> web.Response:
        raw = await request.read()
        timestamp = request.headers.get("X-Slack-Request-Timestamp")
        signature = request.headers.get("X-Slack-Signature")
        if not slack_signature_ok(self.signing_secret, raw, timestamp, signature, time.time()):
            return _error(401, "invalid or stale signature")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return _error(400, "the body is not UTF-8")
        if request.content_type not in (JSON, FORM):
            return _error(415, "Slack sends JSON or a form")
        try:
            body = read_body(text, request.content_type)
            check_shape(body)
        except BadInput as exc:
            return _error(400, str(exc))
        # bolt gets the body as we read it, as JSON: one parser, ours, for every shape
        headers = {name: value for name, value in request.headers.items()
                   if name.lower() not in ("content-type", "content-length")}
        bolt_request = AsyncBoltRequest(body=json.dumps(body), query=request.query_string,
                                        headers={**headers, "Content-Type": JSON})
        return await to_aiohttp_response(await self.bolt.async_dispatch(bolt_request))

    async def install(self, request: web.Request) -> web.Response:
        """GET /slack/install: the "Add to Slack" page (multi-workspace mode)."""
        flow = self.bolt.oauth_flow
        return await to_aiohttp_response(await flow.handle_installation(_bolt_get(request)))

    async def oauth_redirect(self, request: web.Request) -> web.Response:
        """GET /slack/oauth_redirect: Slack sends the installer back here with a code."""
        flow = self.bolt.oauth_flow
        return await to_aiohttp_response(await flow.handle_callback(_bolt_get(request)))


def _bolt_get(request: web.Request) -> AsyncBoltRequest:
    return AsyncBoltRequest(body="", query=request.query_string, headers=dict(request.headers))


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"ok": False, "error": message}, status=status)


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


@dataclass(frozen=True, slots=True)
class CalendarEndpoint:
    """GET /calendar/{nudge}/{token}.ics: the invitation for a confirmed meetup. The token is
    checked before the database is touched; a wrong one looks exactly like a missing one."""

    store: Store
    secret: str

    async def handle(self, request: web.Request) -> web.Response:
        nudge, token = request.match_info["nudge"], request.match_info["token"]
        if not _row_id(nudge) or not token_ok(self.secret, int(nudge), token):
            raise web.HTTPNotFound()
        body = await asyncio.to_thread(self._invitation, int(nudge))
        if body is None:
            raise web.HTTPNotFound()
        return web.Response(body=body.encode(), content_type="text/calendar", charset="utf-8",
                            headers={"Content-Disposition": "attachment; filename=coffee.ics"})

    def _invitation(self, nudge_id: int) -> str | None:
        tenant = self.store.tenant_of_nudge(nudge_id)
        found = self.store.nudge(tenant, nudge_id) if tenant else None
        if found is None:
            return None
        slot = agreed_slot(self.store, tenant, nudge_id)
        if slot is None:
            return None  # not confirmed (yet)
        people = {p: self.store.person(tenant, p) for p in found["members"]}
        names = {p: person.label for p, person in people.items() if person is not None}
        return ics(found, slot, names, datetime.now(UTC))


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


def web_app(slack: SlackEndpoint | None, calendar: CalendarEndpoint | None = None,
            teams=None) -> web.Application:
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
    return app
