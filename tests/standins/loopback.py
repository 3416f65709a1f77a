"""Serving a stand-in's aiohttp application on loopback, for the two ways tests and benchmarks
need it: on an event loop of its own in a thread (real subprocesses and blocking clients call
it while the caller's loop is busy or absent), or in a process of its own (`serve_forever`)."""

from __future__ import annotations

import asyncio
import socket
import threading

from aiohttp import web


class Loopback:
    """Mixed into a stand-in that builds `self.app`: `with standin.in_thread():` serves it on a
    free loopback port, `standin.base_url` says where."""

    app: web.Application
    port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def in_thread(self):
        return _Thread(self)


class _Thread:
    def __init__(self, standin: Loopback) -> None:
        self.standin = standin
        self.loop: asyncio.AbstractEventLoop | None = None
        self.stop: asyncio.Event | None = None
        self.thread: threading.Thread | None = None

    def __enter__(self):
        ready = threading.Event()
        self.thread = threading.Thread(target=lambda: asyncio.run(self._main(ready)), daemon=True)
        self.thread.start()
        if not ready.wait(10):
            raise RuntimeError(f"{type(self.standin).__name__} did not start")
        return self.standin

    def __exit__(self, *exc) -> None:
        if self.loop is not None and self.stop is not None:
            self.loop.call_soon_threadsafe(self.stop.set)
        if self.thread is not None:
            self.thread.join(10)

    async def _main(self, ready: threading.Event) -> None:
        self.loop, self.stop = asyncio.get_running_loop(), asyncio.Event()
        runner = web.AppRunner(self.standin.app, handle_signals=False, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.standin.port = site._server.sockets[0].getsockname()[1]
        ready.set()
        await self.stop.wait()
        await runner.cleanup()


def serve_forever(app: web.Application, port: int) -> None:
    """Serve `app` on a loopback port in this process until it is ended (a benchmark's child)."""
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def free_port() -> int:
    """A loopback port nothing listens on now, for a server in another process (which cannot
    be handed a socket): the kernel picks it, so parallel test workers do not collide."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
