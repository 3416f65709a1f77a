"""POST /slack/events: the signature is checked on the raw bytes before anything parses them;
an unsigned, stale, malformed or oversized request gets a 4xx and never reaches bolt (which
would parse first and answer 500) or the logs. Also the OAuth install pages.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from adapters.slack.request import FORM, JSON, check_shape, read_body
from bot.service.inbound import BadInput

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
