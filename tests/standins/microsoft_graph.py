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
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
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
        self.answer_zone = answer_zone  # answer in this zone whatever Prefer asks (an IANA name)
        self.events: dict[str, dict] = {}
        self.transactions: dict[str, str] = {}  # transactionId -> event id
        self.app.router.add_get("/{tenant}/oauth2/v2.0/authorize", self.authorize)
        self.app.router.add_post("/{tenant}/oauth2/v2.0/token", self.token)
        self.app.router.add_get("/v1.0/me", self.me)
        self.app.router.add_post("/v1.0/me/calendar/getSchedule", self.get_schedule)
        self.app.router.add_post("/v1.0/me/events", self.create)
        self.app.router.add_patch("/v1.0/me/events/{event}", self.update)
        self.app.router.add_post("/v1.0/me/events/{event}/cancel", self.cancel)

    def live_events(self) -> list[dict]:
        return [e for e in self.events.values() if not e["cancelled"]]

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
            if self.account_of(request) is None:
                return unauthorized()
            asked = seen.body or {}
            prefer = re.search(r'outlook\.timezone="([^"]+)"', request.headers.get("Prefer", ""))
            zone = self.answer_zone or (prefer.group(1) if prefer else "UTC")
            low, high = _read(asked["startTime"]), _read(asked["endTime"])
            return web.json_response({"value": [self._schedule(address, low, high, zone)
                                                for address in asked.get("schedules") or []]})
        return await self._answer("getSchedule", request, apply)

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
            account = self.account_of(request)
            if account is None:
                return unauthorized()
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
        return await self._answer("events.create", request, apply)

    async def update(self, request: web.Request) -> web.StreamResponse:
        async def apply(seen: Seen) -> web.Response:
            if self.account_of(request) is None:
                return unauthorized()
            found = self.events.get(request.match_info["event"])
            if found is None:
                return web.json_response({"error": {"code": "ErrorItemNotFound"}}, status=404)
            found.update(seen.body or {})
            return web.json_response(self._shown(found))
        return await self._answer("events.update", request, apply)

    async def cancel(self, request: web.Request) -> web.StreamResponse:
        async def apply(seen: Seen) -> web.Response:
            if self.account_of(request) is None:
                return unauthorized()
            found = self.events.get(request.match_info["event"])
            if found is None:
                return web.json_response({"error": {"code": "ErrorItemNotFound"}}, status=404)
            found["cancelled"] = True
            return web.Response(status=202)
        return await self._answer("events.cancel", request, apply)

    @staticmethod
    def _shown(event: dict) -> dict:
        return {**{k: v for k, v in event.items() if k not in ("cancelled", "organizer")},
                "bodyPreview": CANARY, "organizer": {"emailAddress": {"address":
                                                                      event["organizer"]}}}
