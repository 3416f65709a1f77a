"""Work after the answer: replies to Slack whose failure is logged, never a 500 (Slack would
deliver the request again), and tasks that run after a listener returns.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

LOG = logging.getLogger("weaktie.slack")



async def send_safely(call: Callable[..., Awaitable[Any]] | None, **arguments: Any) -> None:
    """A reply to Slack after the work is done (and stored): its failure (or bolt having no
    way to reply, as without a response_url) is logged by kind, never turned into a 500 that
    would make Slack deliver the request again."""
    try:
        await call(**arguments)
    except Exception as exc:  # noqa: BLE001 - Slack down, a missing scope, a closed modal
        LOG.warning("a reply to Slack failed: %s", type(exc).__name__)


class Background:
    """Tasks that outlive the request that started them, kept referenced until they end (the
    event loop holds only weak references to tasks)."""

    def __init__(self) -> None:
        self.running: set[asyncio.Task] = set()

    def start(self, work) -> None:
        task = asyncio.create_task(work)
        self.running.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task) -> None:
        self.running.discard(task)
        if not task.cancelled() and task.exception() is not None:
            LOG.error("a slow command failed: %s", type(task.exception()).__name__)
