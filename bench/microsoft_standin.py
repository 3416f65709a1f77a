"""Microsoft's side of Teams on loopback, for the hostile bench: an OpenID configuration and its
key set (so the bench can mint Bot Framework tokens botbuilder accepts), and a Bot Connector
that records replies and roster calls. Same machinery as tests/adapters/test_teams_tokens.py.
Token shape: https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-authentication
"""

from __future__ import annotations

import base64
import time

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://api.botframework.com"


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class MicrosoftStandIn:
    """/openid and /keys (one RSA key endorsed for msteams), /v3/... as the Bot Connector."""

    def __init__(self, app_id: str) -> None:
        self.app_id = app_id
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        numbers = self.key.public_key().public_numbers()
        self.jwk = {"kty": "RSA", "use": "sig", "kid": "bench-1", "n": _b64(numbers.n),
                    "e": _b64(numbers.e), "endorsements": ["msteams"]}
        self.calls: list[str] = []
        self.base = ""  # set once served
        self.app = web.Application()
        self.app.router.add_get("/openid", self.openid)
        self.app.router.add_get("/keys", self.keys)
        self.app.router.add_get("/v3/conversations/{c}/pagedmembers", self.roster)
        self.app.router.add_post("/v3/conversations/{c}/activities/{r}", self.reply)
        self.app.router.add_post("/v3/conversations/{c}/activities", self.reply)

    async def openid(self, _request: web.Request) -> web.Response:
        return web.json_response({"issuer": ISSUER, "jwks_uri": f"{self.base}/keys"})

    async def keys(self, _request: web.Request) -> web.Response:
        return web.json_response({"keys": [self.jwk]})

    async def roster(self, request: web.Request) -> web.Response:
        self.calls.append(request.path)
        return web.json_response({"members": [{"id": "29:ana", "name": "Ana"}]})

    async def reply(self, request: web.Request) -> web.Response:
        self.calls.append(request.path)
        return web.json_response({"id": f"r{len(self.calls)}"})

    def token(self, service_url: str, **overrides) -> str:
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": self.app_id, "exp": now + 600, "nbf": now - 60,
                  "serviceurl": service_url, **overrides}
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": "bench-1"})
