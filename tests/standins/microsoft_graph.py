"""The loopback stand-in for the Microsoft identity platform (v2.0) and the Graph calendar API,
for tests and benchmarks (the OAuth part, the record and the failures:
tests/standins/calendar_oauth.py).

- /{tenant}/oauth2/v2.0/authorize and /token (a refresh answer rotates the refresh token, as
  Microsoft does; the old one stays good until revoked);
- GET /v1.0/me: the caller's id, mail and UPN (and a canary display name);
- POST /v1.0/me/calendar/getSchedule: `busy[address]` as scheduleItems with their status (a
  "free" and a "workingElsewhere" item too, which are not busy), each with a canary subject and
  location as Graph gives a caller who may see them, in the zone the `Prefer:
  outlook.timezone` header asks for (default UTC, as Graph); an unknown address answers an
  `error` for that schedule;
- POST /v1.0/me/events: the same transactionId gives the same event back, never a second one;
  PATCH /v1.0/me/events/{id}; POST /v1.0/me/events/{id}/cancel answers 202 (404: unknown).

Organisation-wide consent (application permissions,
https://learn.microsoft.com/en-us/entra/identity-platform/v2-admin-consent and
https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow):
- GET /{tenant}/v2.0/adminconsent: records the query and redirects at once to its redirect_uri
  with `admin_consent=True&tenant=...&scope=...&state=...` (the tenant is then `consented`),
  or, with `deny_consent`, `error=access_denied&error_description=...&state=...`;
- the token endpoint's `client_credentials` grant (scope `.../.default`): an app-only token for
  a consented tenant (`app_lifetime` seconds), else 400 `unauthorized_client` (AADSTS700016);
  `revoke_consent(tenant)` withdraws it, the tokens given stop working;
- the same calendar calls under /v1.0/users/{UPN}/ (kinds `users.getSchedule`,
  `users.events.create`, `users.events.update`, `users.events.cancel`), app-only: a user who is
  not one of `mailboxes` (default: the keys of `busy`) answers 404 ErrorItemNotFound, and a
  delegated token is refused 403 there (an app-only token on /me is refused 400, as Graph does).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from aiohttp import web

from tests.standins.calendar_oauth import (
    CANARY,
    CANARY_PLACE,
    Grant,
    OAuthCalendarStandIn,
    Seen,
    unauthorized,
)

Block = tuple[datetime, datetime] | tuple[datetime, datetime, str]  # status: busy by default


def _graph_time(moment: datetime, zone: str) -> dict:
    local = moment.astimezone(UTC if zone == "UTC" else ZoneInfo(zone))
    return {"dateTime": local.replace(tzinfo=None).isoformat(timespec="microseconds") + "0",
            "timeZone": zone}


def _read(given: dict) -> datetime:
    zone = given.get("timeZone") or "UTC"
    moment = datetime.fromisoformat(given["dateTime"][:26])
    return moment.replace(tzinfo=UTC if zone == "UTC" else ZoneInfo(zone))


class GraphStandIn(OAuthCalendarStandIn):
    provider = "microsoft"

    def __init__(self, *, busy: dict[str, list[Block]] | None = None,
                 next_account: str = "bea@contoso.example", answer_zone: str | None = None,
                 **oauth) -> None:
        super().__init__(next_account=next_account, **oauth)
        self.busy = busy or {}
        self.mailboxes: set[str] | None = None  # app-only: whose mailbox exists (None: busy's)
        self.consented: set[str] = set()  # Entra tenants whose administrator consented
        self.deny_consent = False
        self.app_lifetime = 3599
        self.app_tokens: dict[str, str] = {}  # app-only access token -> its tenant
        self.answer_zone = answer_zone  # answer in this zone whatever Prefer asks (an IANA name)
        self.events: dict[str, dict] = {}
        self.transactions: dict[str, str] = {}  # transactionId -> event id
        # app-only GET /users: UPN -> department, where User.Read.All was granted (None: not)
        self.directory: dict[str, str | None] | None = None
        self.page_size = 999
        self.app.router.add_get("/{tenant}/oauth2/v2.0/authorize", self.authorize)
        self.app.router.add_post("/{tenant}/oauth2/v2.0/token", self.token)
        self.app.router.add_get("/v1.0/me", self.me)
        self.app.router.add_post("/v1.0/me/calendar/getSchedule", self.get_schedule)
        self.app.router.add_post("/v1.0/me/events", self.create)
        self.app.router.add_patch("/v1.0/me/events/{event}", self.update)
        self.app.router.add_post("/v1.0/me/events/{event}/cancel", self.cancel)
        self.app.router.add_get("/{tenant}/v2.0/adminconsent", self.admin_consent)
        self.app.router.add_get("/v1.0/users", self.users)
        self.app.router.add_post("/v1.0/users/{user}/calendar/getSchedule", self.get_schedule)
        self.app.router.add_post("/v1.0/users/{user}/events", self.create)
        self.app.router.add_patch("/v1.0/users/{user}/events/{event}", self.update)
        self.app.router.add_post("/v1.0/users/{user}/events/{event}/cancel", self.cancel)

    def live_events(self) -> list[dict]:
        return [e for e in self.events.values() if not e["cancelled"]]

    async def users(self, request: web.Request) -> web.StreamResponse:
        """GET /users (https://learn.microsoft.com/graph/api/user-list): app-only, with
        User.Read.All; `$select`ed fields only, in pages of `$top` with an @odata.nextLink
        carrying a $skiptoken."""
        async def apply(seen: Seen) -> web.Response:
            given = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if given not in self.app_tokens:
                return unauthorized()
            if self.directory is None:
                return web.json_response({"error": {"code": "Authorization_RequestDenied",
                                                    "message": "Insufficient privileges to "
                                                    "complete the operation."}}, status=403)
            wanted = request.query.get("$select", "id").split(",")
            top = min(int(request.query.get("$top", "100")), 999, self.page_size)
            skip = int(request.query.get("$skiptoken", "0"))
            everyone = sorted(self.directory.items())
            page = [{k: v for k, v in {"id": f"id-{upn}", "userPrincipalName": upn,
                                       "mail": upn, "department": team,
                                       "jobTitle": CANARY}.items() if k in wanted}
                    for upn, team in everyone[skip:skip + top]]
            body: dict = {"value": page}
            if skip + top < len(everyone):
                body["@odata.nextLink"] = str(request.url.update_query(
                    {"$skiptoken": str(skip + top)}))
            return web.json_response(body)
        return await self._answer("users", request, apply)

    def revoke_consent(self, tenant: str) -> None:
        """An administrator removed the app's consent in Entra."""
        self.consented.discard(tenant)
        self.app_tokens = {t: d for t, d in self.app_tokens.items() if d != tenant}

    async def admin_consent(self, request: web.Request) -> web.StreamResponse:
        seen = await self._record("adminconsent", request)
        query, tenant = seen.query, request.match_info["tenant"]
        back = query["redirect_uri"] + "?"
        if self.deny_consent or query.get("client_id") != self.client_id:
            raise web.HTTPFound(back + urlencode({
                "error": "access_denied", "error_description": "AADSTS65004: declined (stand-in)",
                "state": query.get("state", "")}))
        self.consented.add(tenant)
        raise web.HTTPFound(back + urlencode({"admin_consent": "True", "tenant": tenant,
                                              "scope": query.get("scope", ""),
                                              "state": query.get("state", "")}))

    async def _token(self, seen: Seen) -> web.Response:
        form = seen.body if isinstance(seen.body, dict) else {}
        if form.get("grant_type") != "client_credentials":
            return await super()._token(seen)
        tenant = seen.path.split("/")[1]
        if (form.get("client_id"), form.get("client_secret")) != (self.client_id,
                                                                   self.client_secret):
            return web.json_response({"error": "invalid_client"}, status=401)
        if not str(form.get("scope", "")).endswith("/.default") or tenant not in self.consented:
            return web.json_response({"error": "unauthorized_client", "error_description":
                                      "AADSTS700016: not found in the directory (stand-in)"},
                                     status=400)
        token = f"app-{tenant}-{next(self.numbers)}"
        self.app_tokens[token] = tenant
        return web.json_response({"access_token": token, "expires_in": self.app_lifetime,
                                  "ext_expires_in": self.app_lifetime, "token_type": "Bearer"})

    def caller(self, request: web.Request) -> str | web.Response:
        """Whose calendar a call is on: the signed-in person's (/me, a delegated token), or the
        user the path names (/users/{user}, an app-only token of a consented tenant)."""
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        user = request.match_info.get("user")
        if user is None:
            if given in self.app_tokens:
                return web.json_response({"error": {"code": "BadRequest", "message":
                                                    "/me request is only valid with delegated "
                                                    "authentication flow."}}, status=400)
            return self.account_of(request) or unauthorized()
        if given not in self.app_tokens:
            return web.json_response({"error": {"code": "ErrorAccessDenied"}}, status=403) \
                if self.account_of(request) else unauthorized()
        if user not in (self.busy if self.mailboxes is None else self.mailboxes):
            return web.json_response({"error": {"code": "ErrorItemNotFound"}}, status=404)
        return user

    def _refreshed(self, grant: Grant) -> dict:
        rotated = f"refresh-{self.provider}-{next(self.numbers)}"
        self.grants[rotated] = grant
        return {**super()._refreshed(grant), "refresh_token": rotated}

    # -- the API ------------------------------------------------------------------------------

    async def me(self, request: web.Request) -> web.StreamResponse:
        async def apply(seen: Seen) -> web.Response:
            account = self.account_of(request)
            if account is None:
                return unauthorized()
            return web.json_response({"id": f"id-{account}", "mail": account,
                                      "userPrincipalName": account, "displayName": CANARY})
        return await self._answer("me", request, apply)

    async def get_schedule(self, request: web.Request) -> web.StreamResponse:
        async def apply(seen: Seen) -> web.Response:
            if isinstance(who := self.caller(request), web.Response):
                return who
            asked = seen.body or {}
            prefer = re.search(r'outlook\.timezone="([^"]+)"', request.headers.get("Prefer", ""))
            zone = self.answer_zone or (prefer.group(1) if prefer else "UTC")
            low, high = _read(asked["startTime"]), _read(asked["endTime"])
            return web.json_response({"value": [self._schedule(address, low, high, zone)
                                                for address in asked.get("schedules") or []]})
        return await self._answer(_kind(request, "getSchedule"), request, apply)

    def _schedule(self, address: str, low: datetime, high: datetime, zone: str) -> dict:
        if address not in self.busy:
            return {"scheduleId": address, "availabilityView": "",
                    "error": {"message": "The user could not be found.",
                              "responseCode": "ErrorMailRecipientNotFound"}}
        items = []
        for block in self.busy[address]:
            start, end, status = (*block, "busy")[:3]
            if start < high and end > low:
                items.append({"isPrivate": False, "status": status, "subject": CANARY,
                              "location": CANARY_PLACE, "isMeeting": True,
                              "start": _graph_time(start, zone), "end": _graph_time(end, zone)})
        return {"scheduleId": address, "availabilityView": "0" * 8, "scheduleItems": items,
                "workingHours": {"daysOfWeek": ["monday"], "startTime": "08:00:00.0000000",
                                 "endTime": "17:00:00.0000000",
                                 "timeZone": {"name": "Pacific Standard Time"}}}

    async def create(self, request: web.Request) -> web.StreamResponse:
        async def apply(seen: Seen) -> web.Response:
            if isinstance(account := self.caller(request), web.Response):
                return account
            event = dict(seen.body or {})
            transaction = event.get("transactionId")
            if transaction and transaction in self.transactions:
                found = self.events[self.transactions[transaction]]
                return web.json_response(self._shown(found), status=201)
            chosen = f"AAMkAD{next(self.numbers):06d}="
            self.events[chosen] = {**event, "id": chosen, "organizer": account, "cancelled": False}
            if transaction:
                self.transactions[transaction] = chosen
            return web.json_response(self._shown(self.events[chosen]), status=201)
        return await self._answer(_kind(request, "events.create"), request, apply)

    async def update(self, request: web.Request) -> web.StreamResponse:
        async def apply(seen: Seen) -> web.Response:
            if isinstance(who := self.caller(request), web.Response):
                return who
            found = self.events.get(request.match_info["event"])
            if found is None or found["organizer"] != who:  # only in the organiser's calendar
                return web.json_response({"error": {"code": "ErrorItemNotFound"}}, status=404)
            found.update(seen.body or {})
            return web.json_response(self._shown(found))
        return await self._answer(_kind(request, "events.update"), request, apply)

    async def cancel(self, request: web.Request) -> web.StreamResponse:
        async def apply(seen: Seen) -> web.Response:
            if isinstance(who := self.caller(request), web.Response):
                return who
            found = self.events.get(request.match_info["event"])
            if found is None or found["organizer"] != who:  # only in the organiser's calendar
                return web.json_response({"error": {"code": "ErrorItemNotFound"}}, status=404)
            found["cancelled"] = True
            return web.Response(status=202)
        return await self._answer(_kind(request, "events.cancel"), request, apply)

    @staticmethod
    def _shown(event: dict) -> dict:
        return {**{k: v for k, v in event.items() if k not in ("cancelled", "organizer")},
                "bodyPreview": CANARY, "organizer": {"emailAddress": {"address":
                                                                      event["organizer"]}}}


def _kind(request: web.Request, kind: str) -> str:
    """What a request is recorded as: app-only calls under /users/{id} apart from /me's."""
    return f"users.{kind}" if "user" in request.match_info else kind
