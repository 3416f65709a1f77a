"""A loopback stand-in for the Slack Web API that clock processes (real subprocesses with the
real slack_sdk client) deliver to: it answers what delivery calls, remembers every accepted
`chat.postMessage` with the nudge id its metadata carries, and can be slow, so that a SIGKILL
lands while a request is in flight.

Like Slack, it takes a post the moment the request arrives; a slow answer comes afterwards.
A client killed while waiting has therefore posted, and only the conversation's history can
tell it so.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import threading
from dataclasses import dataclass

from aiohttp import web

from bench.slack_standin import slack_arguments


@dataclass(frozen=True, slots=True)
class Post:
    channel: str
    nudge: int | None
    event_type: str | None
    ts: str


class SlackStandIn:
    """Run with `with SlackStandIn() as slack:`; `slack.api_url` is SLACK_API_URL."""

    def __init__(self, delay: float = 0.0, seed: int = 0) -> None:
        """`delay`: each request waits a random 0..delay seconds before its answer."""
        self.delay = delay
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.posts: list[Post] = []
        self.calls: list[str] = []
        self.lookups: list[bool] = []  # per history read: whether the channel had a post then
        self.arrived = threading.Condition(self.lock)
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stop: asyncio.Event | None = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def accepted(self) -> list[Post]:
        with self.lock:
            return list(self.posts)

    def nudge_posts(self) -> list[int]:
        """The nudge id of every accepted nudge message (follow-ups and others left out)."""
        return [p.nudge for p in self.accepted() if p.event_type == "weaktie_nudge"]

    def wait_for_calls(self, count: int, timeout: float) -> bool:
        """Block until at least `count` requests have arrived in all."""
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.calls) >= count, timeout)

    def call_count(self) -> int:
        with self.lock:
            return len(self.calls)

    # -- the server, on its own event loop in a thread ---------------------------------------

    def __enter__(self) -> SlackStandIn:
        ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(ready,), daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the Slack stand-in did not start")
        return self

    def __exit__(self, *exc) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(10)

    def _serve(self, ready: threading.Event) -> None:
        asyncio.run(self._main(ready))

    async def _main(self, ready: threading.Event) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self.answer)
        runner = web.AppRunner(app, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        ready.set()
        await self._stop.wait()
        await runner.cleanup()

    async def answer(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        form = await slack_arguments(request)
        with self.arrived:
            self.calls.append(method)
            body = self._apply(method, form)
            pause = self.random.uniform(0, self.delay) if self.delay else 0
            self.arrived.notify_all()
        if pause:
            await asyncio.sleep(pause)
        return web.json_response(body)

    def _apply(self, method: str, form: dict) -> dict:
        """The answer to one call; a post is taken here, before any delay (called locked)."""
        if method == "auth.test":
            return {"ok": True, "user_id": "UBOT", "bot_id": "B1", "team_id": "T1"}
        if method == "conversations.open":
            users = ",".join(sorted(form["users"].split(",")))
            return {"ok": True, "channel": {"id": "G" + hashlib.sha1(users.encode()).hexdigest()[:10]}}
        if method == "conversations.history":
            newest_first = [p for p in reversed(self.posts) if p.channel == form["channel"]]
            self.lookups.append(bool(newest_first))
            limit = int(form.get("limit") or 100)
            return {"ok": True, "messages": [
                {"type": "message", "ts": p.ts, "metadata": {
                    "event_type": p.event_type, "event_payload": {"nudge": p.nudge}}}
                for p in newest_first[:limit]]}
        if method == "chat.postMessage":
            metadata = form.get("metadata") or {}
            metadata = metadata if isinstance(metadata, dict) else json.loads(metadata)
            payload = metadata.get("event_payload") or {}
            post = Post(form["channel"], payload.get("nudge"), metadata.get("event_type"),
                        f"1780000000.{len(self.posts):06d}")
            self.posts.append(post)
            return {"ok": True, "channel": post.channel, "ts": post.ts}
        return {"ok": False, "error": "unknown_method"}
