"""Microsoft 365 calendars through Graph as a CalendarProvider, over plain HTTP (see
adapters/calendar/http.py).

OAuth 2.0 authorization code with PKCE S256 on the v2.0 endpoints of a tenant (or "common"),
delegated scopes: `Calendars.ReadBasic` is the least that reads free/busy (getSchedule), and
`Calendars.ReadWrite` the least that creates and cancels an event in one's own calendar (it
covers getSchedule too, so an organiser's grant asks for it alone); `User.Read` names the
person (GET /me); `offline_access` gives a refresh token.

Free/busy: POST /me/calendar/getSchedule for addresses, times asked in UTC (Prefer:
outlook.timezone="UTC"); of each schedule item only status and start/end are read, and only
busy, tentative and out-of-office count (a subject or location Graph may add is never read).
Events: POST /me/events with transactionId = Meeting.key (a retried create gives the same
event); POST /me/events/{id}/cancel (202; the attendees are told).
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote, urlencode

import aiohttp

from adapters.calendar.http import (
    Answer,
    HttpProvider,
    Interval,
    Retry,
    batches,
    malformed,
    merged,
    parse_time,
    refused_unless_ok,
    tokens_from,
    utc,
)
from bot.service.calendar_port import MICROSOFT, CalendarRefused, CalendarUnavailable, Meeting, Tokens

LOGIN_URL = "https://login.microsoftonline.com"
API_URL = "https://graph.microsoft.com"
READ_SCOPES = ("offline_access", "User.Read", "Calendars.ReadBasic")
SCOPES = ("offline_access", "User.Read", "Calendars.ReadWrite")  # whoever may organise
BUSY = frozenset({"busy", "tentative", "oof"})
MAX_SCHEDULES = 20  # addresses per getSchedule call: kept small, Exchange answers slower beyond
UTC_PREFERENCE = {"Prefer": 'outlook.timezone="UTC"'}


class MicrosoftCalendar(HttpProvider):
    name = MICROSOFT

    def __init__(self, client_id: str, client_secret: str, *, tenant: str = "common",
                 login_url: str = LOGIN_URL, api_url: str = API_URL,
                 scopes: tuple[str, ...] = SCOPES, retry: Retry | None = None,
                 session: aiohttp.ClientSession | None = None) -> None:
        super().__init__(retry, session)
        self.client_id, self.client_secret, self.scopes = client_id, client_secret, scopes
        authority = f"{login_url.rstrip('/')}/{quote(tenant or 'common', safe='')}/oauth2/v2.0"
        self.authorize_endpoint, self.token_endpoint = f"{authority}/authorize", f"{authority}/token"
        self.api = f"{api_url.rstrip('/')}/v1.0"

    def authorize_url(self, state: str, challenge: str, redirect_uri: str) -> str:
        return self.authorize_endpoint + "?" + urlencode({
            "client_id": self.client_id, "redirect_uri": redirect_uri, "response_type": "code",
            "response_mode": "query", "scope": " ".join(self.scopes), "state": state,
            "code_challenge": challenge, "code_challenge_method": "S256"})

    async def exchange(self, code: str, verifier: str, redirect_uri: str) -> Tokens:
        answer = await self._token({"grant_type": "authorization_code", "code": code,
                                    "code_verifier": verifier, "redirect_uri": redirect_uri})
        tokens = tokens_from(answer, self.name, "")
        me = await self._me(tokens)
        names = tuple(v for v in (me.get("id"), me.get("mail"), me.get("userPrincipalName"))
                      if isinstance(v, str) and v)  # the object id is Teams' aadObjectId
        return Tokens(tokens.access_token, tokens.refresh_token, tokens.expires_at,
                      _address(me), tokens.scope, names)

    async def busy(self, tokens: Tokens, accounts: tuple[str, ...], start: datetime,
                   end: datetime) -> dict[str, tuple[Interval, ...]]:
        """Busy per address; one Graph could not read (its `error`) is left out: nothing is
        known of it, and the caller falls back to its hours."""
        found: dict[str, tuple[Interval, ...]] = {}
        for batch in batches(accounts, MAX_SCHEDULES):
            answer = await self._call("getSchedule", "POST", f"{self.api}/me/calendar/getSchedule",
                                      headers={**self.bearer(tokens), **UTC_PREFERENCE}, json={
                                          "schedules": list(batch),
                                          "startTime": {"dateTime": utc(start)[:-1],
                                                        "timeZone": "UTC"},
                                          "endTime": {"dateTime": utc(end)[:-1], "timeZone": "UTC"},
                                          "availabilityViewInterval": 60})
            schedules = refused_unless_ok(answer, self.name, "getSchedule", 200).body.get(
                "value") or ()
            if not isinstance(schedules, list):
                raise CalendarUnavailable("microsoft getSchedule: a malformed answer")
            wanted = {account.lower(): account for account in batch}
            for schedule in schedules:
                if not isinstance(schedule, dict) or schedule.get("error"):
                    continue
                account = wanted.get(str(schedule.get("scheduleId") or "").lower())
                if account is None:
                    continue
                with malformed("microsoft getSchedule"):
                    found[account] = merged(_busy_items(schedule.get("scheduleItems") or ()),
                                            start, end)
        return found

    async def create_event(self, tokens: Tokens, meeting: Meeting) -> str:
        body = {"subject": meeting.title, "transactionId": meeting.key,
                "start": {"dateTime": utc(meeting.start)[:-1], "timeZone": "UTC"},
                "end": {"dateTime": utc(meeting.end)[:-1], "timeZone": "UTC"},
                "location": {"displayName": meeting.location},
                "attendees": [{"emailAddress": {"address": address}, "type": "required"}
                              for address in meeting.attendees],
                "allowNewTimeProposals": True}
        answer = await self._call("events.create", "POST", f"{self.api}/me/events",
                                  headers=self.bearer(tokens), json=body)
        found = refused_unless_ok(answer, self.name, "events.create", 200, 201).body.get("id")
        if not isinstance(found, str) or not found:
            raise CalendarRefused("microsoft events.create: no event id in the answer")
        return found

    async def update_event(self, tokens: Tokens, event: str, meeting: Meeting) -> None:
        """Move the event or change who is invited (PATCH; attendees are told)."""
        body = {"start": {"dateTime": utc(meeting.start)[:-1], "timeZone": "UTC"},
                "end": {"dateTime": utc(meeting.end)[:-1], "timeZone": "UTC"},
                "location": {"displayName": meeting.location},
                "attendees": [{"emailAddress": {"address": address}, "type": "required"}
                              for address in meeting.attendees]}
        answer = await self._call("events.update", "PATCH",
                                  f"{self.api}/me/events/{quote(event, safe='')}",
                                  headers=self.bearer(tokens), json=body)
        refused_unless_ok(answer, self.name, "events.update", 200)

    async def cancel_event(self, tokens: Tokens, event_id: str) -> None:
        answer = await self._call("events.cancel", "POST",
                                  f"{self.api}/me/events/{quote(event_id, safe='')}/cancel",
                                  headers=self.bearer(tokens), json={})
        refused_unless_ok(answer, self.name, "events.cancel", 200, 202, 204, 404)

    async def revoke(self, tokens: Tokens) -> None:
        """Nothing to call: the v2.0 endpoints have no per-app token revocation (the only
        Graph call, revokeSignInSessions, would sign the person out of everything). The tokens
        leave our store; the person removes the app at myapps.microsoft.com, an admin in Entra."""

    async def _token(self, form: dict[str, str]) -> Answer:
        return await self._call("token", "POST", self.token_endpoint, data={
            **form, "client_id": self.client_id, "client_secret": self.client_secret,
            "scope": " ".join(self.scopes)})

    async def _me(self, tokens: Tokens) -> dict:
        answer = await self._call("me", "GET",
                                  f"{self.api}/me?$select=id,mail,userPrincipalName",
                                  headers=self.bearer(tokens))
        body = refused_unless_ok(answer, self.name, "me", 200).body
        return body if isinstance(body, dict) else {}


def _address(me: dict) -> str:
    """The person's address (getSchedule asks by SMTP address): mail, else their UPN."""
    found = me.get("mail") or me.get("userPrincipalName")
    if not isinstance(found, str) or not found:
        raise CalendarRefused("microsoft me: no address")
    return found


def _busy_items(items) -> list[Interval]:
    """Only status and times of each item; nothing else is read."""
    found = []
    for item in items:
        if not isinstance(item, dict) or str(item.get("status", "")).lower() not in BUSY:
            continue
        start, end = item.get("start") or {}, item.get("end") or {}
        found.append((parse_time(start["dateTime"], start.get("timeZone")),
                      parse_time(end["dateTime"], end.get("timeZone"))))
    return found
