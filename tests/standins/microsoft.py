"""The one loopback stand-in for Microsoft's side of Teams, for tests and benchmarks alike: an
OpenID configuration and its key set (one RSA key endorsed for msteams, so that Bot Framework
tokens minted here are accepted by botbuilder) and a Bot Connector that records the replies the
bot sends and answers roster and member reads.

Token shape: https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-authentication

Served by `TestServer(standin.app)` on the test's loop (the connector), or
`with standin.in_thread():` where botbuilder reads the keys with a blocking client (the
authenticated path) or a benchmark's server in another process calls it.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import json
import time

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.standins.loopback import Loopback

ISSUER = "https://api.botframework.com"
APP_ID = "11111111-2222-3333-4444-555555555555"
SERVICE_URL = "https://smba.trafficmanager.net/emea/"
KID = "local-1"
# The default team: two roster pages (Ana and the bot, then Bea), as the paged members API
# answers with a continuation token.
ROSTER_PAGES = (
    [{"id": "29:ana", "name": "Ana Ruiz", "userPrincipalName": "ana@acme.example"},
     {"id": "28:bot", "name": "weaktie"}],
    [{"id": "29:bea", "name": "Bea Lind", "userPrincipalName": "bea@acme.example"}],
)


@functools.cache
def signing_key() -> rsa.RSAPrivateKey:
    """One signing key per process: making a 2048-bit key costs a tenth of a second or more,
    and nothing here depends on it being new."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def other_key() -> rsa.RSAPrivateKey:
    """A key Microsoft never published: a token it signs must be refused."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class MicrosoftStandIn(Loopback):
    """/openid and /keys; /v3/conversations/... as the Bot Connector.

    `roster`: the team's members in one page (default: ROSTER_PAGES); `members`: what a single
    member read answers; `throttle_first`: the first card is answered 429; `failing`: every
    reply is answered 500; `drop`: conversations whose next post is read, then its connection
    dropped (the bot cannot tell whether Teams took it, and here it did not)."""

    def __init__(self, app_id: str = APP_ID, *, roster: list[dict] | None = None,
                 members: dict[str, dict] | None = None, throttle_first: bool = False,
                 failing: bool = False) -> None:
        self.app_id, self.roster_members, self.members = app_id, roster, members or {}
        self.throttle_first, self.failing = throttle_first, failing
        self.drop: set[str] = set()
        self.replies: list[dict] = []
        self.calls: list[str] = []  # the path of each connector call
        self.roster_reads = 0
        self.app = web.Application()
        self.app.router.add_get("/openid", self.openid)
        self.app.router.add_get("/keys", self.keys)
        conversation = "/v3/conversations/{conversation}"
        self.app.router.add_post(conversation + "/activities/{reply_to}", self.reply)
        self.app.router.add_post(conversation + "/activities", self.reply)
        self.app.router.add_get(conversation + "/pagedmembers", self.roster)
        self.app.router.add_get(conversation + "/members/{member}", self.member)

    @property
    def openid_url(self) -> str:
        return f"{self.base_url}/openid"

    def token(self, service_url: str = SERVICE_URL, key: rsa.RSAPrivateKey | None = None,
              **claims) -> str:
        """A Bot Framework token for this app, signed by the published key (or `key`)."""
        now = int(time.time())
        body = {"iss": ISSUER, "aud": self.app_id, "exp": now + 600, "nbf": now - 60,
                "serviceurl": service_url, **claims}
        return jwt.encode(body, key or signing_key(), algorithm="RS256", headers={"kid": KID})

    def cards_to(self, person: str, words: str = "") -> int:
        """How many cards (holding `words`) reached `person`'s personal conversation."""
        return sum(1 for r in self.replies if r["path"].split("/")[3] == f"a:{person}"
                   and r.get("attachments") and words in json.dumps(r["attachments"]))

    # -- the server ---------------------------------------------------------------------------

    async def openid(self, request: web.Request) -> web.Response:
        base = f"{request.scheme}://{request.host}"
        return web.json_response({"issuer": ISSUER, "jwks_uri": f"{base}/keys"})

    async def keys(self, _request: web.Request) -> web.Response:
        numbers = signing_key().public_key().public_numbers()
        return web.json_response({"keys": [{
            "kty": "RSA", "use": "sig", "kid": KID, "n": _b64(numbers.n), "e": _b64(numbers.e),
            "endorsements": ["msteams"]}]})

    async def roster(self, request: web.Request) -> web.Response:
        self.calls.append(request.path)
        self.roster_reads += 1
        if self.roster_members is not None:
            return web.json_response({"members": self.roster_members})
        if request.query.get("continuationToken") != "page2":
            return web.json_response({"members": ROSTER_PAGES[0], "continuationToken": "page2"})
        return web.json_response({"members": ROSTER_PAGES[1]})

    async def member(self, request: web.Request) -> web.Response:
        self.calls.append(request.path)
        return web.json_response(self.members[request.match_info["member"]])

    async def reply(self, request: web.Request) -> web.Response:
        self.calls.append(request.path)
        conversation = request.match_info["conversation"]
        if conversation in self.drop:
            self.drop.discard(conversation)
            await request.read()
            request.transport.close()
            await asyncio.sleep(0.05)
            return web.Response()
        if self.failing:
            return web.json_response({"error": {"code": "ServiceError"}}, status=500)
        body = await request.json()
        if self.throttle_first and body.get("attachments"):
            self.throttle_first = False
            return web.json_response({"error": {"code": "throttled"}}, status=429,
                                     headers={"Retry-After": "1"})
        self.replies.append({"path": request.path, **body})
        return web.json_response({"id": f"reply-{len(self.replies)}"})
