"""The one loopback stand-in for the Slack Web API, for tests and benchmarks alike.

It answers what weaktie calls: `auth.test`, `users.info` (who is a workspace admin),
`team.profile.get` and `users.profile.get` (the workspace's custom profile fields `fields`, id
-> label, and each person's values `profiles`, person -> {id: value}; `profile_scope=False`
answers them as an install without users.profile:read),
`views.publish`/`views.open`, `conversations.open` (the same people always get the same group
DM back), `chat.postMessage` (every accepted message recorded with the nudge id its metadata
carries, so a caller can count duplicates and losses), `conversations.history` (newest first,
metadata only when asked for, as Slack answers), given `grants` the OAuth install
(`oauth.v2.access`, then `auth.test` per granted token), and Socket Mode
(`apps.connections.open` hands out a websocket that sends `envelopes` and records the
acknowledgements). A slash command's or a button's `response_url` may point at `/respond`.
Methods a test needs beyond these (a channel's name, a channel list, an org's workspaces) are
answered by the functions passed as `answers`.

Like Slack it takes a post the moment the request arrives: a slow answer (`delay`), a dropped
connection or a 5xx comes afterwards, so a client cut off while waiting has posted and only the
conversation's history can tell it so. The failures a real network has:
- `per_channel`/`per_workspace`: Slack's posting limits (a sliding one-second window; a
  workspace is a bot token); beyond them a 429 with an integer Retry-After, nothing accepted;
- `flaky`: that fraction of the posts within the limits misbehave, a third each way: accepted
  but the connection drops before the answer, accepted but answered 500, or refused with 503;
- `refuse(method, times, ...)`: the next calls of one method refused (429 or 5xx);
- `drop_posts`: the next posts accepted, their connection dropped before the answer.

Served by `TestServer(standin.app)` on the test's loop, `with standin.in_thread():` for real
subprocesses (then `api_url`), or alone for a benchmark:

    .venv/bin/python -m tests.standins.slack --port 8765 [--per-channel 1] [--flaky 0.01]

`GET /_stats` answers what it saw as JSON (for a stand-in running in another process).
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import itertools
import json
import math
import random
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import asdict, dataclass

from aiohttp import WSMsgType, web

from tests.standins.loopback import Loopback, serve_forever

WINDOW = 1.0  # seconds: Slack's limits are per second
CANARY = "CANARY-a-status-never-kept"  # a profile's words weaktie must never store
AUTH = {"ok": True, "user_id": "UBOT", "bot_id": "B1", "team_id": "T1", "team": "Acme",
        "url": "https://acme.slack.com/"}


async def slack_arguments(request: web.Request) -> dict:
    """A Web API call's arguments as slack_sdk sends them: some methods' as query parameters,
    others' as JSON or a form."""
    form = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        form.update(await request.json() if request.content_type == "application/json"
                    else dict(await request.post()))
    return form


def metadata_of(form: dict) -> dict:
    """A post's message metadata, which slack_sdk sends as JSON text in a form."""
    found = form.get("metadata") or {}
    return found if isinstance(found, dict) else json.loads(found)


def nudge_of(post: dict) -> int | None:
    """The nudge id a recorded post (or refused form) carries in its metadata."""
    return (metadata_of(post).get("event_payload") or {}).get("nudge")


@dataclass(frozen=True, slots=True)
class Accepted:
    """One message Slack would now show: where, which nudge (None without our metadata)."""

    channel: str
    nudge: int | None
    kind: str | None  # the metadata's event_type
    ts: str
    at: float


@dataclass
class Refusal:
    method: str
    times: int
    status: int
    keep: bool  # a refused post is taken first (Slack failed after storing it)
    token: str | None  # only this workspace's calls, if given
    retry_after: str


class SlackWebApi(Loopback):
    """The Slack Web API on loopback (see the module's docstring)."""

    def __init__(self, *, admins: frozenset[str] = frozenset(),
                 unknown: frozenset[str] = frozenset(), grants: dict[str, dict] | None = None,
                 auth: dict | None = None, answers: dict[str, Callable] | None = None,
                 per_channel: int | None = None, per_workspace: int | None = None,
                 flaky: float = 0.0, delay: float = 0.0, drop_posts: int = 0,
                 envelopes: list[dict] | None = None, seed: int = 1,
                 emails: dict[str, str] | None = None, fields: dict[str, str] | None = None,
                 profiles: dict[str, dict[str, str]] | None = None,
                 profile_scope: bool = True, locales: dict[str, str] | None = None) -> None:
        self.admins, self.unknown, self.grants = admins, unknown, grants
        self.fields = dict(fields or {})  # the workspace's custom profile fields: id -> label
        self.profiles = profiles if profiles is not None else {}  # person -> {field id: value}
        self.profile_scope = profile_scope
        self.emails = emails or {}  # profile.email, as Slack gives it with users:read.email
        self.locales = locales or {}  # user.locale with include_locale=true (en-US otherwise)
        self.auth, self.answers = auth or AUTH, answers or {}
        self.per_channel, self.per_workspace = per_channel, per_workspace
        self.flaky, self.delay, self.drop_posts = flaky, delay, drop_posts
        self.random = random.Random(seed)
        self.troubles = itertools.cycle(("dropped", "error_after", "error_before"))
        self.refusals: list[Refusal] = []
        self.calls: list[str] = []  # each call's method, in order
        self.auths: list[str | None] = []  # each call's Authorization header
        self.seen: list[tuple[str, dict]] = []  # each call's method and arguments
        self.posts: list[dict] = []  # accepted posts: the form, its metadata parsed, its ts
        self.accepted: list[Accepted] = []  # the same posts, as what a benchmark counts
        self.posted: list[dict] = []  # accepted posts and opened or published views, in order
        self.refused: list[dict] = []  # the forms of calls `refuse` answered
        self.let_through: list[tuple[str | None, int]] = []  # (token, refusals still to come)
        self.responses: list[dict] = []  # what was posted to a response_url
        self.lookups: list[bool] = []  # per history read: whether the channel had a post then
        self.throttled = 0  # 429s answered for Slack's posting limits
        self.misbehaved: Counter[str] = Counter()  # dropped, error_after, error_before
        self.windows: dict[str, deque[float]] = {}
        self.arrived = threading.Condition()
        self.envelopes = envelopes or []  # what Socket Mode's websocket sends, after its hello
        self.acks: list[dict] = []  # the acknowledgements it received
        self.acked = asyncio.Event()  # set once every envelope is acknowledged
        self.app = web.Application()
        self.app.router.add_get("/link", self.link)
        self.app.router.add_route("*", "/api/{method}", self.answer)
        self.app.router.add_post("/respond", self.respond)
        self.app.router.add_get("/_stats", self.stats)

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    # -- what a test arranges and reads -------------------------------------------------------

    def refuse(self, method: str, times: int, status: int = 429, keep: bool = False,
               token: str | None = None, retry_after: str = "0") -> SlackWebApi:
        """Answer the next `times` calls of `method` with `status` (Retry-After 0 by default:
        the client retries at once and the test stays quick)."""
        self.refusals.append(Refusal(method, times, status, keep, token, retry_after))
        return self

    @property
    def requests(self) -> Counter[str]:
        return Counter(self.calls)

    def called(self) -> list[tuple[str, str | None]]:
        """(method, Authorization header) of each call."""
        return list(zip(self.calls, self.auths, strict=True))

    def arguments(self, method: str) -> list[dict]:
        """The arguments of each call of `method`, in order."""
        return [form for called, form in self.seen if called == method]

    def nudge_posts(self) -> list[int]:
        """The nudge id of every accepted nudge message (follow-ups and others left out)."""
        return [a.nudge for a in list(self.accepted) if a.kind == "weaktie_nudge"]

    def call_count(self) -> int:
        return len(self.calls)

    def wait_for_calls(self, count: int, timeout: float) -> bool:
        """Block until at least `count` calls have arrived in all (from another thread)."""
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.calls) >= count, timeout)

    def summary(self) -> dict:
        """What was seen, as plain data (also served at /_stats)."""
        return {"requests": dict(self.requests), "throttled": self.throttled,
                "misbehaved": dict(self.misbehaved),
                "accepted": [asdict(a) for a in self.accepted]}

    # -- the server ---------------------------------------------------------------------------

    async def answer(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        auth = request.headers.get("Authorization")
        form = await slack_arguments(request)
        with self.arrived:
            self.calls.append(method)
            self.auths.append(auth)
            self.seen.append((method, form))
            self.arrived.notify_all()
        refusal = self._refusal(method, auth)
        if refusal is not None:
            return self._refused(request, refusal, form)
        if method in self.answers:
            found = self.answers[method](form)
            found = await found if inspect.isawaitable(found) else found
            return found if isinstance(found, web.StreamResponse) else web.json_response(found)
        if method == "chat.postMessage":
            return await self._post(request, form)
        if method == "apps.connections.open":  # Socket Mode: a websocket on this server
            url = str(request.url.with_path("/link").with_scheme("ws").with_query(None))
            return web.json_response({"ok": True, "url": url})
        pause = self.random.uniform(0, self.delay) if self.delay else 0
        body = self._apply(method, form, auth)
        if pause:
            await asyncio.sleep(pause)
        return web.json_response(body)

    def _apply(self, method: str, form: dict, auth: str | None) -> dict:
        if method == "auth.test":
            return self._auth_test(auth)
        if method == "oauth.v2.access" and self.grants is not None:
            return self.grants.get(form.get("code")) or {"ok": False, "error": "invalid_code"}
        if method == "users.info":
            user = form.get("user")
            if user in self.unknown:
                return {"ok": False, "error": "user_not_found"}
            # https://api.slack.com/methods/users.info: profile.email only with users:read.email
            profile = {"email": self.emails[user]} if user in self.emails else {}
            found = {"id": user, "is_admin": user in self.admins, "is_owner": False,
                     "profile": profile}
            if form.get("include_locale") in ("true", "1", True):  # as Slack: only when asked
                found["locale"] = self.locales.get(user, "en-US")
            return {"ok": True, "user": found}
        if method in ("team.profile.get", "users.profile.get"):
            return self._profile(method, form)
        if method in ("views.publish", "views.open"):
            self.posted.append({"method": method, **form})
            return {"ok": True, "view": {"id": "V1"}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": group_dm(form["users"])}}
        if method == "conversations.history":
            return {"ok": True, "messages": self._history(form)}
        return {"ok": False, "error": "unknown_method"}

    def _profile(self, method: str, form: dict) -> dict:
        """team.profile.get (https://api.slack.com/methods/team.profile.get) lists the custom
        fields; users.profile.get (https://api.slack.com/methods/users.profile.get) gives one
        person's profile, `fields` holding only those filled in (`[]` when none, as Slack's JSON
        has it). Both need users.profile:read; neither is asked for labels here."""
        if not self.profile_scope:
            return {"ok": False, "error": "missing_scope", "needed": "users.profile:read",
                    "provided": "users:read,chat:write"}
        if method == "team.profile.get":
            return {"ok": True, "profile": {"fields": [
                {"id": key, "ordering": i, "label": label, "hint": f"Your {label.lower()}",
                 "type": "text", "possible_values": None, "options": None, "is_hidden": False,
                 "section_id": "S1"} for i, (key, label) in enumerate(self.fields.items())]}}
        user = form.get("user")
        if user in self.unknown:
            return {"ok": False, "error": "user_not_found"}
        values = {key: {"value": value, "alt": ""}
                  for key, value in self.profiles.get(user, {}).items() if value}
        return {"ok": True, "profile": {"real_name": f"Person {user}", "display_name": "",
                                        "email": f"{str(user).lower()}@example.com",
                                        "status_text": CANARY, "fields": values or []}}

    def _auth_test(self, auth: str | None) -> dict:
        """With grants, answers for the tokens granted (an org-wide token's team_id is its
        enterprise, as Slack answers); otherwise the one workspace's answer."""
        if self.grants is None:
            return self.auth
        for given in self.grants.values():
            if auth == f"Bearer {given['access_token']}":
                enterprise = (given["enterprise"] or {}).get("id")
                return {"ok": True, "url": "https://nine.slack.com/",
                        "team_id": (given["team"] or {}).get("id") or enterprise,
                        "user_id": given["bot_user_id"], "bot_id": "B" + given["bot_user_id"][1:],
                        "enterprise_id": enterprise,
                        "is_enterprise_install": given["is_enterprise_install"]}
        return {"ok": False, "error": "invalid_auth"}

    def _history(self, form: dict) -> list[dict]:
        """Newest first, like Slack; metadata only when asked for."""
        found = [p for p in reversed(self.posts) if p["channel"] == form["channel"]]
        self.lookups.append(bool(found))
        with_meta = str(form.get("include_all_metadata")).lower() in ("1", "true")
        return [{"type": "message", "ts": p["ts"],
                 **({"metadata": p["metadata"]} if with_meta and p["metadata"] else {})}
                for p in found[:int(form.get("limit") or 100)]]

    def _refusal(self, method: str, auth: str | None) -> Refusal | None:
        for refusal in self.refusals:
            if refusal.method != method:
                continue
            mine = refusal.token is None or auth == f"Bearer {refusal.token}"
            if refusal.times and mine:
                refusal.times -= 1
                return refusal
            self.let_through.append((auth, refusal.times))
        return None

    def _refused(self, request: web.Request, refusal: Refusal, form: dict) -> web.Response:
        self.refused.append({**form, "metadata": metadata_of(form)})
        if refusal.keep and refusal.method == "chat.postMessage":
            self._record(form, time.monotonic())
        if refusal.status != 429:
            return web.json_response({"ok": False, "error": "internal_error"},
                                     status=refusal.status)
        return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                 headers={"Retry-After": refusal.retry_after})

    async def _post(self, request: web.Request, form: dict) -> web.StreamResponse:
        channel, workspace = form.get("channel", ""), request.headers.get("Authorization", "")
        now = time.monotonic()
        keys = ((f"w:{workspace}", self.per_workspace), (f"c:{workspace}:{channel}", self.per_channel))
        wait = max(self._wait(key, limit, now) for key, limit in keys)
        if wait > 0:
            self.throttled += 1
            # Slack gives whole seconds, never 0: a client cannot slip in at the window's edge.
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": str(max(1, math.ceil(wait)))})
        trouble = self._trouble()
        if trouble == "error_before":
            return web.json_response({"ok": False, "error": "service_unavailable"}, status=503)
        for key, limit in keys:
            if limit is not None:
                self.windows.setdefault(key, deque()).append(now)
        posted = self._record(form, now)
        if self.drop_posts:
            self.drop_posts -= 1
            trouble = "dropped"
        if self.delay:
            await asyncio.sleep(self.random.uniform(0, self.delay))
        if trouble == "dropped":
            request.transport.close()  # Slack has it; the answer never arrives
            return web.Response()
        if trouble == "error_after":
            return web.json_response({"ok": False, "error": "internal_error"}, status=500)
        return web.json_response({"ok": True, "channel": channel, "ts": posted["ts"]})

    def _wait(self, key: str, limit: int | None, now: float) -> float:
        """Seconds until one more message fits in `key`'s one-second window (0: it fits now)."""
        if limit is None:
            return 0.0
        recent = self.windows.setdefault(key, deque())
        while recent and recent[0] <= now - WINDOW:
            recent.popleft()
        return 0.0 if len(recent) < limit else recent[0] + WINDOW - now

    def _trouble(self) -> str | None:
        if not self.flaky or self.random.random() >= self.flaky:
            return None
        trouble = next(self.troubles)
        self.misbehaved[trouble] += 1
        return trouble

    def _record(self, form: dict, now: float) -> dict:
        metadata = metadata_of(form)
        channel = form.get("channel", "")
        mine = sum(1 for a in self.accepted if a.channel == channel)
        post = {**form, "metadata": metadata, "ts": f"{1780000000 + len(self.posts)}.{mine:06d}"}
        self.posts.append(post)
        self.posted.append(post)
        self.accepted.append(Accepted(channel, nudge_of(post), metadata.get("event_type"),
                                      post["ts"], now))
        return post

    async def link(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode's websocket: hello, every envelope, then the acknowledgements."""
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"type": "hello", "num_connections": 1})
        for envelope in self.envelopes:
            await socket.send_json(envelope)
        async for frame in socket:
            if frame.type == WSMsgType.TEXT:
                self.acks.append(json.loads(frame.data))
                if len(self.acks) == len(self.envelopes):
                    self.acked.set()
        return socket

    async def respond(self, request: web.Request) -> web.Response:
        self.responses.append(await request.json())
        return web.json_response({"ok": True})

    async def stats(self, _request: web.Request) -> web.Response:
        return web.json_response(self.summary())


def group_dm(users: str) -> str:
    """The group DM of a set of people: the same set always gets the same id, as on Slack."""
    return "G" + "".join(sorted(users.split(",")))


def main() -> None:
    parser = argparse.ArgumentParser(description="The Slack Web API stand-in, served alone.")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--per-channel", type=int, default=1)
    parser.add_argument("--per-workspace", type=int, default=20)
    parser.add_argument("--flaky", type=float, default=0.0)
    args = parser.parse_args()
    standin = SlackWebApi(per_channel=args.per_channel, per_workspace=args.per_workspace,
                          flaky=args.flaky)
    serve_forever(standin.app, args.port)


if __name__ == "__main__":
    main()
