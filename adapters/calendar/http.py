"""What both calendar providers share: one HTTP call with the retries the issue asks for (429
with Retry-After, 5xx and dropped connections, backed off within a bounded total wait, then
CalendarUnavailable), token answers read into Tokens, and busy intervals merged in UTC.

Nothing here logs a body, a token or a URL's query: a log line names the provider, the
operation and the status, never what anyone's calendar holds.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import aiohttp

from bot.service.calendar_port import CalendarRefused, CalendarUnavailable, Tokens

log = logging.getLogger("weaktie.calendar")
Interval = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True)
class Retry:
    """How long a call may keep trying: `budget` seconds of waiting in all (a Retry-After
    beyond what is left gives up at once), `base` the first backoff, doubled each time with
    jitter, `timeout` one attempt's limit. Tests make them tiny."""

    budget: float = 20.0
    base: float = 0.5
    timeout: float = 15.0


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: dict

    def error(self) -> str:
        """The OAuth `error` or Graph's/Google's error code, for deciding (never logged)."""
        found = self.body.get("error")
        if isinstance(found, dict):
            return str(found.get("code") or found.get("status") or "")
        return str(found or "")


def _throttled(status: int, body: dict) -> bool:
    """Google also throttles with 403 rateLimitExceeded / userRateLimitExceeded."""
    if status == 429 or status >= 500:
        return True
    if status != 403 or not isinstance(body.get("error"), dict):
        return False
    reasons = {str(e.get("reason")) for e in body["error"].get("errors") or () if isinstance(e, dict)}
    return bool(reasons & {"rateLimitExceeded", "userRateLimitExceeded"})


def _retry_after(headers, backoff: float) -> float:
    """Retry-After is a floor, the backoff too: a provider answering `Retry-After: 0` for ever
    still meets the budget."""
    given = headers.get("Retry-After")
    try:
        return max(backoff, float(given)) if given is not None else backoff
    except ValueError:
        return backoff  # an HTTP date: rare from these providers, fall back to the backoff


async def call(session: aiohttp.ClientSession, retry: Retry, provider: str, operation: str,
               method: str, url: str, **request) -> Answer:
    """One request, retried as the module says; any other answer is returned as it came."""
    waited, attempt = 0.0, 0
    while True:
        backoff = retry.base * (2 ** attempt) * (0.5 + random.random() / 2)
        try:
            timeout = aiohttp.ClientTimeout(total=retry.timeout)
            async with session.request(method, url, timeout=timeout, **request) as response:
                raw = await response.read()
                body = _json(raw)
                if not _throttled(response.status, body):
                    log.debug("calendar %s %s: %s", provider, operation, response.status)
                    return Answer(response.status, body)
                pause, why = _retry_after(response.headers, backoff), str(response.status)
        except (TimeoutError, aiohttp.ClientError) as error:
            pause, why = backoff, type(error).__name__
        if waited + pause > retry.budget:
            log.warning("calendar %s %s: gave up after %d tries (%s)", provider, operation,
                        attempt + 1, why)
            raise CalendarUnavailable(f"{provider} {operation}: {why}")
        log.info("calendar %s %s: %s, retrying in %.2fs", provider, operation, why, pause)
        await asyncio.sleep(pause)
        waited, attempt = waited + pause, attempt + 1


def _json(raw: bytes) -> dict:
    try:
        found = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def refused_unless_ok(answer: Answer, provider: str, operation: str, *ok: int) -> Answer:
    """An answer that is not one of `ok`: 401/403 (and an OAuth 400) mean the grant is gone or
    short of a scope (CalendarRefused); anything else is the provider misbehaving."""
    if answer.status in ok:
        return answer
    if answer.status in (400, 401, 403):
        raise CalendarRefused(f"{provider} {operation}: {answer.status} {answer.error()}")
    raise CalendarUnavailable(f"{provider} {operation}: {answer.status}")


def tokens_from(answer: Answer, provider: str, account: str, previous: Tokens | None = None,
                now: datetime | None = None) -> Tokens:
    """A token endpoint's answer as Tokens (a refresh answer may omit the refresh token: the
    old one stays good). Any 4xx is the provider saying no: CalendarRefused."""
    if 400 <= answer.status < 500:
        raise CalendarRefused(f"{provider} token: {answer.status} {answer.error()}")
    body = refused_unless_ok(answer, provider, "token", 200).body
    access = body.get("access_token")
    refresh = body.get("refresh_token") or (previous.refresh_token if previous else None)
    if not isinstance(access, str) or not isinstance(refresh, str):
        raise CalendarRefused(f"{provider} token: no access or refresh token in the answer")
    lifetime = int(body.get("expires_in") or 3600)
    return Tokens(access_token=access, refresh_token=refresh,
                  expires_at=(now or datetime.now(UTC)) + timedelta(seconds=lifetime),
                  account=account, scope=str(body.get("scope") or (previous and previous.scope)
                                             or ""))


def id_token_claims(answer: Answer) -> dict:
    """The claims of the id_token a token endpoint handed us directly over TLS (OpenID Connect
    core 3.1.3.7: the TLS channel vouches for the issuer, so the signature is not checked)."""
    token = answer.body.get("id_token")
    if not isinstance(token, str) or token.count(".") != 2:
        return {}
    payload = token.split(".")[1]
    try:
        return _json(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except ValueError:
        return {}


def utc(moment: datetime) -> str:
    """RFC 3339 in UTC, as both providers take it."""
    if moment.tzinfo is None:
        raise ValueError("calendar times must be aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str, zone: str | None = None) -> datetime:
    """An RFC 3339 time (Google) or a Graph dateTime with its timeZone (we ask Graph for UTC,
    and any other zone it names must be one the tz database knows), as an aware UTC datetime."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    text = text.strip().replace("Z", "+00:00")
    head, dot, rest = text.partition(".")
    if dot:  # Graph gives seven fractional digits; Python reads at most six
        digits = "".join(c for c in rest if c.isdigit())
        text = f"{head}.{digits[:6].ljust(6, '0')}{rest[len(digits):]}"
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        try:
            moment = moment.replace(tzinfo=UTC if zone in (None, "", "UTC", "Etc/UTC")
                                    else ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError, OSError) as error:
            raise CalendarUnavailable(f"an unknown time zone in a free/busy answer: {error}") \
                from None
    return moment.astimezone(UTC)


@contextlib.contextmanager
def malformed(what: str):
    """A free/busy answer not shaped as the API promises (wrong types, missing fields, garbage
    times): nothing is known of that calendar, as when the provider does not answer."""
    try:
        yield
    except (LookupError, TypeError, ValueError, AttributeError):
        raise CalendarUnavailable(f"{what}: a malformed answer") from None


def merged(intervals: Iterable[Interval], start: datetime, end: datetime) -> tuple[Interval, ...]:
    """Sorted, overlapping or touching intervals joined, each clipped to [start, end)."""
    out: list[list[datetime]] = []
    for low, high in sorted((max(a, start), min(b, end)) for a, b in intervals):
        if high <= low:
            continue
        if out and low <= out[-1][1]:
            out[-1][1] = max(out[-1][1], high)
        else:
            out.append([low, high])
    return tuple((low, high) for low, high in out)


def batches(items: tuple[str, ...], size: int) -> list[tuple[str, ...]]:
    unique = tuple(dict.fromkeys(items))
    return [unique[i:i + size] for i in range(0, len(unique), size)]


class HttpProvider:
    """A provider's HTTP plumbing: a session handed in (shared, closed by whoever made it) or
    one per call (so a provider can be made anywhere, outside a running loop)."""

    name = ""

    def __init__(self, retry: Retry | None, session: aiohttp.ClientSession | None) -> None:
        self.retry, self.session = retry or Retry(), session

    async def _call(self, operation: str, method: str, url: str, **request) -> Answer:
        if self.session is not None:
            return await call(self.session, self.retry, self.name, operation, method, url,
                              **request)
        async with aiohttp.ClientSession() as session:
            return await call(session, self.retry, self.name, operation, method, url, **request)

    async def refresh(self, tokens: Tokens) -> Tokens:
        """A fresh access token. Microsoft rotates refresh tokens (the answer's replaces the
        old one); Google keeps the old one, which tokens_from carries over."""
        answer = await self._token({"grant_type": "refresh_token",
                                    "refresh_token": tokens.refresh_token})
        return tokens_from(answer, self.name, tokens.account, previous=tokens)

    async def _token(self, form: dict[str, str]) -> Answer:
        raise NotImplementedError  # each provider posts to its own token endpoint

    @staticmethod
    def bearer(tokens: Tokens) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens.access_token}"}
