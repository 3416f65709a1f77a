"""A loopback stand-in for the Slack Web API that rate-limits like Slack, for benchmarks and tests.

It answers the calls our sender makes (`auth.test`, `conversations.open`, `chat.postMessage`,
`conversations.history`) and holds `chat.postMessage` to Slack's limits: at most `per_channel`
messages a second in one conversation and `per_workspace` a second in one workspace (a sliding
one-second window; a workspace is a bot token). Beyond that it answers HTTP 429 with an integer
`Retry-After`, as Slack does, and accepts nothing. Every accepted message is recorded with the
nudge id its metadata carries, so a caller can count duplicates and losses.

With `flaky` > 0 that fraction of the posts that pass the limits misbehave, a third each way:
the message is accepted but the connection drops before the answer (the sender cannot know),
accepted but answered 500, or refused with 503 before anything is stored.

    .venv/bin/python bench/slack_standin.py --port 8765 [--flaky 0.01]   # serve it alone

`GET /_stats` answers what it saw as JSON (for a stand-in running in another process).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import time
from collections import Counter, deque
from dataclasses import asdict, dataclass

from aiohttp import web

WINDOW = 1.0  # seconds: Slack's limits are per second


async def slack_arguments(request: web.Request) -> dict:
    """A Web API call's arguments as slack_sdk sends them: some methods' as query parameters,
    others' as JSON or a form (every loopback stand-in of the Web API reads them this way)."""
    form = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        form.update(await request.json() if request.content_type == "application/json"
                    else dict(await request.post()))
    return form


@dataclass(frozen=True, slots=True)
class Accepted:
    """One message Slack would now show: where, which nudge (None without our metadata)."""

    channel: str
    nudge: int | None
    kind: str | None
    ts: str
    at: float


class SlackStandIn:
    """The Slack Web API on loopback with Slack's posting limits and, optionally, its failures."""

    def __init__(self, per_channel: int = 1, per_workspace: int = 20, flaky: float = 0.0,
                 seed: int = 1) -> None:
        self.per_channel, self.per_workspace, self.flaky = per_channel, per_workspace, flaky
        self.random = random.Random(seed)
        self.troubles = itertools.cycle(("dropped", "error_after", "error_before"))
        self.accepted: list[Accepted] = []
        self.by_channel: dict[str, list[Accepted]] = {}
        self.requests: Counter[str] = Counter()
        self.throttled = 0  # 429s answered
        self.misbehaved: Counter[str] = Counter()  # dropped, error_after, error_before
        self.windows: dict[str, deque[float]] = {}  # recent accept times per workspace/channel
        self.channels: dict[frozenset[str], str] = {}
        self.app = web.Application()
        self.app.router.add_route("*", "/api/{method}", self.answer)
        self.app.router.add_get("/_stats", self.stats)

    async def answer(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        self.requests[method] += 1
        form = await slack_arguments(request)
        if method == "auth.test":
            return web.json_response({"ok": True, "user_id": "UBOT", "bot_id": "B1",
                                      "team_id": "T1"})
        if method == "conversations.open":
            return web.json_response({"ok": True, "channel": {"id": self._open(form["users"])}})
        if method == "conversations.history":
            return web.json_response({"ok": True, "messages": self._history(form)})
        if method == "chat.postMessage":
            return self._post(request, form)
        return web.json_response({"ok": False, "error": "unknown_method"})

    def _open(self, users: str) -> str:
        """The same people always get the same group DM back, as on Slack."""
        key = frozenset(users.split(","))
        return self.channels.setdefault(key, f"G{len(self.channels) + 1:07d}")

    def _history(self, form: dict) -> list[dict]:
        """Newest first, like Slack; metadata only when asked for."""
        limit = int(form.get("limit") or 100)
        found = list(reversed(self.by_channel.get(form["channel"], [])))[:limit]
        with_meta = str(form.get("include_all_metadata")).lower() in ("1", "true")
        return [{"type": "message", "ts": a.ts,
                 **({"metadata": {"event_type": a.kind, "event_payload": {"nudge": a.nudge}}}
                    if with_meta and a.kind else {})} for a in found]

    def _post(self, request: web.Request, form: dict) -> web.StreamResponse:
        channel = form.get("channel", "")
        workspace = request.headers.get("Authorization", "")
        now = time.monotonic()
        wait = max(self._wait(f"w:{workspace}", self.per_workspace, now),
                   self._wait(f"c:{workspace}:{channel}", self.per_channel, now))
        if wait > 0:
            self.throttled += 1
            # Slack gives whole seconds, never 0: a client cannot slip in at the window's edge.
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": str(max(1, math.ceil(wait)))})
        trouble = self._trouble()
        if trouble == "error_before":
            return web.json_response({"ok": False, "error": "service_unavailable"}, status=503)
        for key in (f"w:{workspace}", f"c:{workspace}:{channel}"):
            self.windows.setdefault(key, deque()).append(now)
        posted = self._record(channel, form.get("metadata"), now)
        if trouble == "dropped":
            request.transport.close()  # Slack has it; the answer never arrives
            return web.Response()
        if trouble == "error_after":
            return web.json_response({"ok": False, "error": "internal_error"}, status=500)
        return web.json_response({"ok": True, "channel": channel, "ts": posted.ts})

    def _wait(self, key: str, limit: int, now: float) -> float:
        """Seconds until one more message fits in `key`'s one-second window (0: it fits now)."""
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

    def _record(self, channel: str, metadata, now: float) -> Accepted:
        meta = json.loads(metadata) if isinstance(metadata, str) else (metadata or {})
        nudge = (meta.get("event_payload") or {}).get("nudge")
        mine = self.by_channel.setdefault(channel, [])
        posted = Accepted(channel, nudge, meta.get("event_type"),
                          f"{1780000000 + len(self.accepted)}.{len(mine):06d}", now)
        self.accepted.append(posted)
        mine.append(posted)
        return posted

    def summary(self) -> dict:
        """What was seen, as plain data (also served at /_stats)."""
        return {"requests": dict(self.requests), "throttled": self.throttled,
                "misbehaved": dict(self.misbehaved),
                "accepted": [asdict(a) for a in self.accepted]}

    async def stats(self, _request: web.Request) -> web.Response:
        return web.json_response(self.summary())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--per-channel", type=int, default=1)
    parser.add_argument("--per-workspace", type=int, default=20)
    parser.add_argument("--flaky", type=float, default=0.0)
    args = parser.parse_args()
    standin = SlackStandIn(args.per_channel, args.per_workspace, args.flaky)
    web.run_app(standin.app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
