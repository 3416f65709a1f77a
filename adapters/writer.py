"""Group commit for live events: concurrent requests share one short transaction.

Each request still waits for its own rows to be committed before it acknowledges (so an
acknowledged event is never lost), but a burst of events costs one commit, not one each.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

Item = tuple[str, list]  # (tenant, [(source id, Interaction), ...])
Write = Callable[[list[Item]], None]


class GroupCommit:
    """Queue items, write them in batches on a worker thread, wake each waiter after commit."""

    def __init__(self, write: Write, max_batch: int = 500) -> None:
        self.write = write
        self.max_batch = max_batch
        self.pending: list[tuple[Item, asyncio.Future[Any]]] = []
        self.flushing: asyncio.Task | None = None

    async def record(self, tenant: str, observed: list) -> None:
        """Return once `observed` is committed; raise what the write raised otherwise."""
        done = asyncio.get_running_loop().create_future()
        self.pending.append(((tenant, observed), done))
        if self.flushing is None or self.flushing.done():
            self.flushing = asyncio.create_task(self._flush())
        await done

    async def _flush(self) -> None:
        while self.pending:
            batch, self.pending = self.pending[:self.max_batch], self.pending[self.max_batch:]
            try:
                await asyncio.to_thread(self.write, [item for item, _ in batch])
            except Exception as exc:  # noqa: BLE001 - every waiter learns, and answers 500
                for _, done in batch:
                    if not done.done():
                        done.set_exception(exc)
                continue
            for _, done in batch:
                if not done.done():
                    done.set_result(None)
