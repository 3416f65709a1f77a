"""What the two calendar stand-ins (tests/standins/google_calendar.py, microsoft_graph.py)
share: an OAuth 2.0 authorization server with PKCE, a record of every request, and the failures
a test asks for.

- `authorize`: records the query (the code challenge among it) and redirects at once to the
  redirect_uri with ?code=...&state=..., so a test can follow it as a browser would; the code is
  for `next_account` (or the `login_hint`).
- token endpoint: `authorization_code` (the client's id and secret, the redirect_uri, and
  base64url(SHA-256(code_verifier)) == the challenge given at authorize time, each code once),
  `refresh_token` (new access token; refused `invalid_grant` once `revoke_grant` or /revoke);
- `refuse(kind, times, status, retry_after)`: the next `times` requests of a kind refused
  (429 with Retry-After, a 5xx, or Google's 403 rateLimitExceeded);
- `drop(kind, times, after=True)`: the connection is closed without an answer, after the
  request took effect (`after`) or before.

Every request is kept in `requests` as Seen(kind, method, path, query, headers, body).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import itertools
import json
from dataclasses import dataclass, field

from aiohttp import web

from tests.standins.loopback import Loopback

CLIENT_ID, CLIENT_SECRET = "weaktie-client", "weaktie-secret"
# What a real calendar holds and weaktie must never read, return or log.
CANARY = "CANARY-Secret-Merger-Talk"
CANARY_PLACE = "CANARY-Room-Of-Secrets"
CANARY_PERSON = "canary.outsider@elsewhere.example"


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass(frozen=True, slots=True)
class Seen:
    kind: str
    method: str
    path: str
    query: dict
    headers: dict
    body: object


@dataclass
class Trouble:
    kind: str
    times: int
    status: int = 429  # 0: drop the connection
    retry_after: str | None = "0"
    after: bool = True  # a dropped request took effect first


@dataclass
class Grant:
    account: str
    refresh_token: str
    scope: str
    access_tokens: set[str] = field(default_factory=set)
    revoked: bool = False


class OAuthCalendarStandIn(Loopback):
    """The shared part; a subclass adds its API's routes and calls `_record` in each."""

    provider = ""

    def __init__(self, *, next_account: str, client_id: str = CLIENT_ID,
                 client_secret: str = CLIENT_SECRET) -> None:
        self.next_account, self.client_id, self.client_secret = next_account, client_id, client_secret
        self.requests: list[Seen] = []
        self.troubles: list[Trouble] = []
        self.codes: dict[str, dict] = {}  # code -> what authorize was given
        self.grants: dict[str, Grant] = {}  # refresh token -> grant
        self.numbers = itertools.count(1)
        self.app = web.Application()

    # -- what a test arranges and reads -------------------------------------------------------

    def refuse(self, kind: str, times: int = 1, status: int = 429,
               retry_after: str | None = "0") -> OAuthCalendarStandIn:
        self.troubles.append(Trouble(kind, times, status, retry_after))
        return self

    def drop(self, kind: str, times: int = 1, after: bool = True) -> OAuthCalendarStandIn:
        self.troubles.append(Trouble(kind, times, 0, None, after))
        return self

    def seen(self, kind: str) -> list[Seen]:
        return [s for s in self.requests if s.kind == kind]

    def grant_for(self, account: str, scope: str = "") -> tuple[str, str]:
        """A grant made without the browser (access token, refresh token), for API tests."""
        refresh = f"refresh-{self.provider}-{next(self.numbers)}"
        self.grants[refresh] = Grant(account, refresh, scope)
        return self._access(self.grants[refresh]), refresh

    def revoke_grant(self, account: str) -> None:
        for grant in self.grants.values():
            if grant.account == account:
                grant.revoked = True

    def account_of(self, request: web.Request) -> str | None:
        """Whose valid access token the request carries (None: answer 401)."""
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        for grant in self.grants.values():
            if not grant.revoked and given in grant.access_tokens:
                return grant.account
        return None

    # -- the shared server part ---------------------------------------------------------------

    async def _record(self, kind: str, request: web.Request) -> Seen:
        body: object = None
        if request.can_read_body:
            raw = await request.read()
            if request.content_type == "application/json":
                body = json.loads(raw)
            elif request.content_type == "application/x-www-form-urlencoded":
                body = dict(await request.post())
            else:
                body = raw.decode(errors="replace")
        seen = Seen(kind, request.method, request.path, dict(request.query),
                    dict(request.headers), body)
        self.requests.append(seen)
        return seen

    def _trouble(self, kind: str) -> Trouble | None:
        for trouble in self.troubles:
            if trouble.kind == kind and trouble.times > 0:
                trouble.times -= 1
                return trouble
        return None

    async def _answer(self, kind: str, request: web.Request, apply) -> web.StreamResponse:
        """Record, maybe misbehave, else `apply(seen)` (a coroutine giving the response)."""
        seen = await self._record(kind, request)
        trouble = self._trouble(kind)
        if trouble is not None and trouble.status:
            headers = {"Retry-After": trouble.retry_after} if trouble.retry_after else {}
            code = {429: "TooManyRequests", 403: 403}.get(trouble.status, "ServiceUnavailable")
            reasons = [{"reason": "rateLimitExceeded"}] if trouble.status == 403 else []
            return web.json_response({"error": {"code": code, "errors": reasons}},
                                     status=trouble.status, headers=headers)
        if trouble is not None and not trouble.after:
            return await _dropped(request)
        response = await apply(seen)
        if trouble is not None:
            return await _dropped(request)
        return response

    async def authorize(self, request: web.Request) -> web.StreamResponse:
        seen = await self._record("authorize", request)
        query = seen.query
        code = f"code-{self.provider}-{next(self.numbers)}"
        self.codes[code] = {**query, "account": query.get("login_hint") or self.next_account}
        raise web.HTTPFound(f"{query['redirect_uri']}?code={code}&state={query.get('state', '')}")

    async def token(self, request: web.Request) -> web.StreamResponse:
        return await self._answer("token", request, self._token)

    async def _token(self, seen: Seen) -> web.Response:
        form = seen.body if isinstance(seen.body, dict) else {}
        if (form.get("client_id"), form.get("client_secret")) != (self.client_id,
                                                                   self.client_secret):
            return _oauth_error("invalid_client", 401)
        if form.get("grant_type") == "authorization_code":
            asked = self.codes.pop(str(form.get("code")), None)
            if asked is None or asked.get("redirect_uri") != form.get("redirect_uri") \
                    or asked.get("code_challenge_method") != "S256" \
                    or s256(str(form.get("code_verifier", ""))) != asked.get("code_challenge"):
                return _oauth_error("invalid_grant")
            refresh = f"refresh-{self.provider}-{next(self.numbers)}"
            grant = self.grants[refresh] = Grant(asked["account"], refresh,
                                                 str(asked.get("scope", "")))
            return web.json_response({**self._issued(grant), "refresh_token": refresh})
        if form.get("grant_type") == "refresh_token":
            grant = self.grants.get(str(form.get("refresh_token")))
            if grant is None or grant.revoked:
                return _oauth_error("invalid_grant")
            return web.json_response(self._refreshed(grant))
        return _oauth_error("unsupported_grant_type")

    def _issued(self, grant: Grant) -> dict:
        """The token answer to a code (a subclass adds an id_token, say)."""
        return {"access_token": self._access(grant), "expires_in": 3599, "scope": grant.scope,
                "token_type": "Bearer"}

    def _refreshed(self, grant: Grant) -> dict:
        return {"access_token": self._access(grant), "expires_in": 3599, "scope": grant.scope,
                "token_type": "Bearer"}

    def _access(self, grant: Grant) -> str:
        token = f"access-{self.provider}-{next(self.numbers)}"
        grant.access_tokens.add(token)
        return token


def _oauth_error(error: str, status: int = 400) -> web.Response:
    return web.json_response({"error": error, "error_description": f"{error} (stand-in)"},
                             status=status)


def unauthorized() -> web.Response:
    return web.json_response({"error": {"code": "InvalidAuthenticationToken", "status":
                                        "UNAUTHENTICATED"}}, status=401)


async def _dropped(request: web.Request) -> web.Response:
    request.transport.close()
    await asyncio.sleep(0.01)
    return web.Response()
