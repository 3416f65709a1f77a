"""Group commit for live events: concurrent requests share one short transaction.

Each request still waits for its own rows to be committed before it acknowledges (so an
acknowledged event is never lost), but a burst of events costs one commit, not one each. A
batch the database refuses is written again one event at a time, so one bad event fails
alone and never takes the others of its batch down with it.
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
        """Return once `observed` is committed; raise what its own write raised otherwise."""
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
            except Exception:  # noqa: BLE001 - which event was it? each one alone says
                if len(batch) == 1:
                    await self._alone(batch[0])
                else:
                    for waiter in batch:
                        await self._alone(waiter)
                continue
            for _, done in batch:
                if not done.done():
                    done.set_result(None)

    async def _alone(self, waiter: tuple[Item, asyncio.Future[Any]]) -> None:
        item, done = waiter
        try:
            await asyncio.to_thread(self.write, [item])
        except Exception as exc:  # noqa: BLE001 - its own request learns why
            if not done.done():
                done.set_exception(exc)
            return
        if not done.done():
            done.set_result(None)
