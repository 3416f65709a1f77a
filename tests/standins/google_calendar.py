"""The loopback stand-in for Google's OAuth server and the Calendar v3 API, for tests and
benchmarks (the OAuth part, the record and the failures: tests/standins/calendar_oauth.py).

- /o/oauth2/v2/auth, /token (an id_token naming the account's address), /revoke;
- POST /calendar/v3/freeBusy: `busy[address]` answered between timeMin and timeMax; more than
  50 items is a 400 as at Google; an address with no calendar here answers `errors: notFound`.
  Each busy block also carries a canary title, place and guest (real answers never do; a
  client must read only start and end);
- GET /calendar/v3/calendars/primary: the caller's address as its id;
- events insert (a client-chosen id of a-v and 0-9, 5 to 1024 long; the same id again is a 409,
  never a second event), patch and delete (then 410, as Google answers a deleted event).
  `events[id]` holds each event with its organiser and whether it is cancelled.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime

from aiohttp import web

from tests.standins.calendar_oauth import (
    CANARY,
    CANARY_PERSON,
    CANARY_PLACE,
    Grant,
    OAuthCalendarStandIn,
    Seen,
    unauthorized,
)

EVENT_ID = re.compile(r"^[a-v0-9]{5,1024}$")
Block = tuple[datetime, datetime]


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class GoogleCalendarStandIn(OAuthCalendarStandIn):
    provider = "google"

    def __init__(self, *, busy: dict[str, list[Block]] | None = None,
                 next_account: str = "ana@acme.example", **oauth) -> None:
        super().__init__(next_account=next_account, **oauth)
        self.busy = busy or {}
        self.events: dict[str, dict] = {}
        self.app.router.add_get("/o/oauth2/v2/auth", self.authorize)
        self.app.router.add_post("/token", self.token)
        self.app.router.add_post("/revoke", self.revoke)
        self.app.router.add_post("/calendar/v3/freeBusy", self.free_busy)
        self.app.router.add_get("/calendar/v3/calendars/primary", self.primary)
        events = "/calendar/v3/calendars/{calendar}/events"
        self.app.router.add_post(events, self.insert)
        self.app.router.add_patch(events + "/{event}", self.patch)
        self.app.router.add_delete(events + "/{event}", self.delete)

    @property
    def authorize_url(self) -> str:
        return f"{self.base_url}/o/oauth2/v2/auth"

    def live_events(self) -> list[dict]:
        return [e for e in self.events.values() if not e["cancelled"]]

    def _issued(self, grant: Grant) -> dict:
        claims = {"iss": "https://accounts.google.com", "sub": f"sub-{grant.account}",
                  "email": grant.account, "email_verified": True, "aud": self.client_id}
        payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        return {**super()._issued(grant), "id_token": f"eyJhbGciOiJub25lIn0.{payload}.sig"}

    # -- the API ------------------------------------------------------------------------------

    async def revoke(self, request: web.Request) -> web.StreamResponse:
        async def apply(seen: Seen) -> web.Response:
            given = (seen.body or {}).get("token") if isinstance(seen.body, dict) else None
            for grant in self.grants.values():
                if given == grant.refresh_token or given in grant.access_tokens:
                    grant.revoked = True
                    return web.json_response({})
            return web.json_response({"error": "invalid_token"}, status=400)
        return await self._answer("revoke", request, apply)

    async def free_busy(self, request: web.Request) -> web.StreamResponse:
        async def apply(seen: Seen) -> web.Response:
            if self.account_of(request) is None:
                return unauthorized()
            asked = seen.body or {}
            items = asked.get("items") or []
            if len(items) > 50:
                return web.json_response({"error": {"code": 400, "message": "Too many calendars",
                                                    "errors": [{"reason": "tooManyCalendars"}]}},
                                         status=400)
            low, high = _parse(asked["timeMin"]), _parse(asked["timeMax"])
            calendars = {}
            for item in items:
                if item["id"] not in self.busy:
                    calendars[item["id"]] = {"errors": [{"domain": "global",
                                                         "reason": "notFound"}], "busy": []}
                    continue
                calendars[item["id"]] = {"busy": [
                    {"start": _rfc3339(max(a, low)), "end": _rfc3339(min(b, high)),
                     "summary": CANARY, "location": CANARY_PLACE,
                     "attendees": [{"email": CANARY_PERSON}]}
                    for a, b in self.busy[item["id"]] if a < high and b > low]}
            return web.json_response({"kind": "calendar#freeBusy", "timeMin": asked["timeMin"],
                                      "timeMax": asked["timeMax"], "calendars": calendars})
        return await self._answer("freeBusy", request, apply)

    async def primary(self, request: web.Request) -> web.StreamResponse:
        async def apply(seen: Seen) -> web.Response:
            account = self.account_of(request)
            if account is None:
                return unauthorized()
            return web.json_response({"id": account, "summary": CANARY, "timeZone": "UTC"})
        return await self._answer("calendars.get", request, apply)

    async def insert(self, request: web.Request) -> web.StreamResponse:
        async def apply(seen: Seen) -> web.Response:
            account = self.account_of(request)
            if account is None:
                return unauthorized()
            event = dict(seen.body or {})
            chosen = str(event.get("id") or f"auto{next(self.numbers):08d}")
            if not EVENT_ID.match(chosen):
                return web.json_response({"error": {"code": 400, "message": "Invalid resource id"
                                                    }}, status=400)
            if chosen in self.events:
                return web.json_response({"error": {"code": 409, "message": "The requested "
                                                    "identifier already exists."}}, status=409)
            self.events[chosen] = {**event, "id": chosen, "organizer": account,
                                   "calendar": request.match_info["calendar"], "cancelled": False,
                                   "sendUpdates": request.query.get("sendUpdates")}
            return web.json_response({**event, "id": chosen, "status": "confirmed",
                                      "organizer": {"email": account, "self": True},
                                      "description": CANARY})
        return await self._answer("events.insert", request, apply)

    async def patch(self, request: web.Request) -> web.StreamResponse:
        async def apply(seen: Seen) -> web.Response:
            if self.account_of(request) is None:
                return unauthorized()
            found = self.events.get(request.match_info["event"])
            if found is None:
                return web.json_response({"error": {"code": 404}}, status=404)
            if found["cancelled"]:
                return web.json_response({"error": {"code": 410}}, status=410)
            found.update(seen.body or {})
            return web.json_response({k: v for k, v in found.items() if k != "cancelled"})
        return await self._answer("events.patch", request, apply)

    async def delete(self, request: web.Request) -> web.StreamResponse:
        async def apply(seen: Seen) -> web.Response:
            if self.account_of(request) is None:
                return unauthorized()
            found = self.events.get(request.match_info["event"])
            if found is None:
                return web.json_response({"error": {"code": 404}}, status=404)
            if found["cancelled"]:
                return web.json_response({"error": {"code": 410, "message": "Resource has been "
                                                    "deleted"}}, status=410)
            found["cancelled"] = True
            return web.Response(status=204)
        return await self._answer("events.delete", request, apply)
