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

Organisation-wide consent: an Entra administrator consents at /{tenant}/v2.0/adminconsent to
the application permissions (docs/calendars.md), and the bot then takes an app-only token by
client credentials (POST /{tenant}/oauth2/v2.0/token, scope `{graph}/.default`), kept in memory
until shortly before it expires (never stored). The same calls then address the person's
mailbox, /users/{UPN}/..., instead of /me. Plain HTTP rather than msal: the flow is one POST,
and going through http.py keeps the retries, the 429 handling and the never-log-a-body rule the
delegated calls have (msal would bring its own HTTP client and cache to configure alike).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
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
MAX_PAGES = 100  # of /users, 999 each: a directory of up to 99,900 people is read whole
APP_MARGIN = timedelta(minutes=5)  # an app-only token this close to its expiry is taken anew


class MicrosoftCalendar(HttpProvider):
    name = MICROSOFT

    def __init__(self, client_id: str, client_secret: str, *, tenant: str = "common",
                 login_url: str = LOGIN_URL, api_url: str = API_URL,
                 scopes: tuple[str, ...] = SCOPES, retry: Retry | None = None,
                 session: aiohttp.ClientSession | None = None) -> None:
        super().__init__(retry, session)
        self.client_id, self.client_secret, self.scopes = client_id, client_secret, scopes
        self.login = login_url.rstrip("/")
        authority = f"{self.login}/{quote(tenant or 'common', safe='')}/oauth2/v2.0"
        self.authorize_endpoint, self.token_endpoint = f"{authority}/authorize", f"{authority}/token"
        self.api = f"{api_url.rstrip('/')}/v1.0"
        self.app_scope = f"{api_url.rstrip('/')}/.default"  # every application permission granted
        self._app: dict[str, Tokens] = {}  # directory -> its app-only token, until near expiry
        self._fetching: dict[str, asyncio.Future] = {}

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

    def admin_consent_url(self, directory: str, state: str, redirect_uri: str) -> str:
        return (f"{self.login}/{quote(directory, safe='')}/v2.0/adminconsent?" + urlencode({
            "client_id": self.client_id, "scope": self.app_scope, "redirect_uri": redirect_uri,
            "state": state}))

    async def app_tokens(self, directory: str) -> Tokens:
        """Client credentials for `directory`, cached; concurrent callers share one request."""
        cached = self._app.get(directory)
        if cached is not None and cached.expires_at - APP_MARGIN > datetime.now(UTC):
            return cached
        pending = self._fetching.get(directory)
        if pending is None or pending.get_loop() is not asyncio.get_running_loop():
            pending = self._fetching[directory] = asyncio.ensure_future(self._app_token(directory))
        try:
            return await asyncio.shield(pending)
        finally:
            if pending.done() and self._fetching.get(directory) is pending:
                del self._fetching[directory]

    def forget_app_tokens(self, directory: str) -> None:
        self._app.pop(directory, None)

    async def _app_token(self, directory: str) -> Tokens:
        answer = await self._call("token", "POST",
                                  f"{self.login}/{quote(directory, safe='')}/oauth2/v2.0/token",
                                  data={"grant_type": "client_credentials",
                                        "client_id": self.client_id,
                                        "client_secret": self.client_secret,
                                        "scope": self.app_scope})
        body = refused_unless_ok(answer, self.name, "token", 200).body
        access = body.get("access_token")
        if not isinstance(access, str) or not access:
            raise CalendarRefused("microsoft token: no access token in the answer")
        lifetime = body.get("expires_in")
        lifetime = int(lifetime) if isinstance(lifetime, int | str) and str(lifetime).isdigit() \
            else 3600
        tokens = Tokens(access, "", datetime.now(UTC) + timedelta(seconds=lifetime), "",
                        scope=self.app_scope, directory=directory)
        self._app[directory] = tokens
        return tokens

    def mailbox(self, tokens: Tokens) -> str:
        """Whose calendar a call addresses: the signed-in person's (delegated), or, app-only,
        the person the tokens name."""
        if tokens.directory:
            return f"{self.api}/users/{quote(tokens.account, safe='@')}"
        return f"{self.api}/me"

    async def busy(self, tokens: Tokens, accounts: tuple[str, ...], start: datetime,
                   end: datetime) -> dict[str, tuple[Interval, ...]]:
        """Busy per address; one Graph could not read (its `error`) is left out: nothing is
        known of it, and the caller falls back to its hours."""
        found: dict[str, tuple[Interval, ...]] = {}
        for batch in batches(accounts, MAX_SCHEDULES):
            answer = await self._call("getSchedule", "POST", f"{self.mailbox(tokens)}/calendar/getSchedule",
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
        answer = await self._call("events.create", "POST", f"{self.mailbox(tokens)}/events",
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
                                  f"{self.mailbox(tokens)}/events/{quote(event, safe='')}",
                                  headers=self.bearer(tokens), json=body)
        refused_unless_ok(answer, self.name, "events.update", 200)

    async def cancel_event(self, tokens: Tokens, event_id: str) -> None:
        answer = await self._call("events.cancel", "POST",
                                  f"{self.mailbox(tokens)}/events/{quote(event_id, safe='')}/cancel",
                                  headers=self.bearer(tokens), json={})
        refused_unless_ok(answer, self.name, "events.cancel", 200, 202, 204, 404)

    async def revoke(self, tokens: Tokens) -> None:
        """Nothing to call: the v2.0 endpoints have no per-app token revocation (the only
        Graph call, revokeSignInSessions, would sign the person out of everything). The tokens
        leave our store; the person removes the app at myapps.microsoft.com, an admin in Entra."""

    async def departments(self, tokens: Tokens) -> dict[str, str]:
        """App-only (User.Read.All): sign-in name (UPN and mail, lower case) -> department, of
        every user of the directory, page by page (GET /users, at most MAX_PAGES pages of 999).
        Nothing else of a user is asked for. CalendarRefused when the permission is missing."""
        url, found = (f"{self.api}/users?$select=userPrincipalName,mail,department&$top=999"), {}
        for _ in range(MAX_PAGES):
            answer = await self._call("users", "GET", url, headers=self.bearer(tokens))
            body = refused_unless_ok(answer, self.name, "users", 200).body
            for user in body.get("value") or () if isinstance(body, dict) else ():
                team = user.get("department") if isinstance(user, dict) else None
                if isinstance(team, str) and 0 < len(team.strip()) <= 200 and team.isprintable():
                    for name in (user.get("userPrincipalName"), user.get("mail")):
                        if isinstance(name, str) and name:
                            found[name.lower()] = team.strip()
            url = body.get("@odata.nextLink") if isinstance(body, dict) else None
            # the next page only from Graph itself: a link elsewhere would carry our token
            if not isinstance(url, str) or not url.startswith(self.api + "/"):
                break
        return found

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
