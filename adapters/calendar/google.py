"""Google Calendar v3 as a CalendarProvider, over plain HTTP (see adapters/calendar/http.py).

OAuth 2.0 authorization code with PKCE S256, offline access (a refresh token) and the least
scopes: `calendar.freebusy` to read free/busy (never an event) and `calendar.events.owned` to
write the organiser's one event; `openid email` so the token answer names the address, which is
the primary calendar's id. Free/busy: POST /calendar/v3/freeBusy, 50 calendars a call. The
event's id is chosen here from Meeting.key (base32hex of its SHA-256: characters a-v and 0-9,
as Google requires), so a retried insert answers 409 and names the same event.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from urllib.parse import quote, urlencode

import aiohttp

from adapters.calendar.http import (
    Answer,
    HttpProvider,
    Interval,
    Retry,
    batches,
    id_token_claims,
    malformed,
    merged,
    parse_time,
    refused_unless_ok,
    tokens_from,
    utc,
)
from bot.service.calendar_port import GOOGLE, CalendarRefused, CalendarUnavailable, Meeting, Tokens

AUTHORIZE_URL = "https://accounts.google.com/o/oauth2/v2/auth"
TOKEN_URL = "https://oauth2.googleapis.com/token"
REVOKE_URL = "https://oauth2.googleapis.com/revoke"
API_URL = "https://www.googleapis.com"
FREEBUSY = "https://www.googleapis.com/auth/calendar.freebusy"
EVENTS_OWNED = "https://www.googleapis.com/auth/calendar.events.owned"
READ_SCOPES = ("openid", "email", FREEBUSY)
SCOPES = (*READ_SCOPES, EVENTS_OWNED)  # for whoever may organise: everyone, by default
MAX_ITEMS = 50  # freeBusy's calendarExpansionMax


def event_id(key: str) -> str:
    """Google's event id for a meeting key: lowercase base32hex (0-9, a-v) of its SHA-256, 52
    characters; the same key always gives the same id."""
    digest = hashlib.sha256(key.encode()).digest()
    return base64.b32hexencode(digest).decode().rstrip("=").lower()


class GoogleCalendar(HttpProvider):
    name = GOOGLE

    def __init__(self, client_id: str, client_secret: str, *, authorize_url: str = AUTHORIZE_URL,
                 token_url: str = TOKEN_URL, api_url: str = API_URL, revoke_url: str = REVOKE_URL,
                 scopes: tuple[str, ...] = SCOPES, retry: Retry | None = None,
                 session: aiohttp.ClientSession | None = None) -> None:
        super().__init__(retry, session)
        self.client_id, self.client_secret = client_id, client_secret
        self.authorize_endpoint, self.token_endpoint = authorize_url, token_url
        self.api, self.revoke_endpoint, self.scopes = api_url.rstrip("/"), revoke_url, scopes

    def authorize_url(self, state: str, challenge: str, redirect_uri: str) -> str:
        return self.authorize_endpoint + "?" + urlencode({
            "client_id": self.client_id, "redirect_uri": redirect_uri, "response_type": "code",
            "scope": " ".join(self.scopes), "state": state, "code_challenge": challenge,
            "code_challenge_method": "S256", "access_type": "offline", "prompt": "consent",
            "include_granted_scopes": "false"})

    async def exchange(self, code: str, verifier: str, redirect_uri: str) -> Tokens:
        answer = await self._token({"grant_type": "authorization_code", "code": code,
                                    "code_verifier": verifier, "redirect_uri": redirect_uri})
        tokens = tokens_from(answer, self.name, "")
        claims = id_token_claims(answer)
        email = claims.get("email") or await self._primary(tokens)
        if not isinstance(email, str) or not email:
            raise CalendarRefused("google token: no address for the primary calendar")
        # an address Google has not verified names nobody (the primary calendar's id is verified)
        verified = "email" not in claims or claims.get("email_verified") is True
        return Tokens(tokens.access_token, tokens.refresh_token, tokens.expires_at, email,
                      tokens.scope, (email,) if verified else ())

    async def busy(self, tokens: Tokens, accounts: tuple[str, ...], start: datetime,
                   end: datetime) -> dict[str, tuple[Interval, ...]]:
        """Busy per account; an account Google could not read (errors) is left out: nothing is
        known of it, and the caller falls back to its hours."""
        found: dict[str, tuple[Interval, ...]] = {}
        for batch in batches(accounts, MAX_ITEMS):
            answer = await self._call("freeBusy", "POST", f"{self.api}/calendar/v3/freeBusy",
                                      headers=self.bearer(tokens), json={
                                          "timeMin": utc(start), "timeMax": utc(end),
                                          "timeZone": "UTC", "calendarExpansionMax": MAX_ITEMS,
                                          "items": [{"id": account} for account in batch]})
            calendars = refused_unless_ok(answer, self.name, "freeBusy", 200).body.get(
                "calendars") or {}
            if not isinstance(calendars, dict):
                raise CalendarUnavailable("google freeBusy: a malformed answer")
            for account in batch:
                calendar = calendars.get(account)
                if not isinstance(calendar, dict) or calendar.get("errors"):
                    continue
                with malformed("google freeBusy"):
                    found[account] = merged(((parse_time(block["start"]),
                                              parse_time(block["end"]))
                                             for block in calendar.get("busy") or ()), start, end)
        return found

    async def create_event(self, tokens: Tokens, meeting: Meeting) -> str:
        chosen = event_id(meeting.key)
        body = {"id": chosen, "summary": meeting.title, "location": meeting.location,
                "start": {"dateTime": utc(meeting.start), "timeZone": "UTC"},
                "end": {"dateTime": utc(meeting.end), "timeZone": "UTC"},
                "attendees": [{"email": address} for address in meeting.attendees],
                "guestsCanModify": False, "reminders": {"useDefault": True}}
        answer = await self._call("events.insert", "POST", self._events() + "?sendUpdates=all",
                                  headers=self.bearer(tokens), json=body)
        if answer.status == 409:  # an earlier try (or a crashed run) made it: the same event
            return chosen
        refused_unless_ok(answer, self.name, "events.insert", 200, 201)
        return str(answer.body.get("id") or chosen)

    async def update_event(self, tokens: Tokens, event: str, meeting: Meeting) -> None:
        """Move the event or change who is invited (events.patch; attendees are told)."""
        body = {"start": {"dateTime": utc(meeting.start), "timeZone": "UTC"},
                "end": {"dateTime": utc(meeting.end), "timeZone": "UTC"},
                "location": meeting.location,
                "attendees": [{"email": address} for address in meeting.attendees]}
        answer = await self._call("events.patch", "PATCH",
                                  f"{self._events()}/{quote(event, safe='')}?sendUpdates=all",
                                  headers=self.bearer(tokens), json=body)
        refused_unless_ok(answer, self.name, "events.patch", 200)

    async def cancel_event(self, tokens: Tokens, event_id: str) -> None:
        answer = await self._call("events.delete", "DELETE",
                                  f"{self._events()}/{quote(event_id, safe='')}?sendUpdates=all",
                                  headers=self.bearer(tokens))
        refused_unless_ok(answer, self.name, "events.delete", 200, 204, 404, 410)

    async def revoke(self, tokens: Tokens) -> None:
        """Best effort: the refresh token withdrawn (its access tokens go with it)."""
        try:
            await self._call("revoke", "POST", self.revoke_endpoint,
                             data={"token": tokens.refresh_token})
        except CalendarUnavailable:  # the tokens leave our store whatever Google says
            return

    def _events(self) -> str:
        return f"{self.api}/calendar/v3/calendars/primary/events"

    async def _token(self, form: dict[str, str]) -> Answer:
        return await self._call("token", "POST", self.token_endpoint, data={
            **form, "client_id": self.client_id, "client_secret": self.client_secret})

    async def _primary(self, tokens: Tokens) -> str | None:
        """The primary calendar's id, when the token answer named no address."""
        answer = await self._call("calendars.get", "GET",
                                  f"{self.api}/calendar/v3/calendars/primary?fields=id",
                                  headers=self.bearer(tokens))
        found = refused_unless_ok(answer, self.name, "calendars.get", 200).body.get("id")
        return found if isinstance(found, str) else None
