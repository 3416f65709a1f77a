"""Group commit for live events: concurrent requests share one short transaction.

Each request still waits for its own rows to be committed before it acknowledges (so an
acknowledged event is never lost), but a burst of events costs one commit, not one each. A
batch the database refuses is written again one event at a time, so one bad event fails
alone and never takes the others of its batch down with it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.core.model import KINDS, Interaction, Observed
from bot.errors import BadInput
from bot.store.ids import is_usable

Item = tuple[str, Observed]  # (tenant, what one event showed)
Write = Callable[[list[Item]], None]
MAX_ROWS = 200  # interactions one live event may describe (a message with 10,000 mentions...)


class GroupCommit:
    """Queue items, write them in batches on a worker thread, wake each waiter after commit."""

    def __init__(self, write: Write, max_batch: int = 500) -> None:
        self.write = write
        self.max_batch = max_batch
        self.pending: list[tuple[Item, asyncio.Future[Any]]] = []
        self.flushing: asyncio.Task | None = None

    async def record(self, tenant: str, observed: list, guests: frozenset[str] = frozenset(),
                     unverified: frozenset[str] = frozenset()) -> None:
        """Return once `observed` is committed; raise what its own write raised otherwise,
        or BadInput, before anything is queued, for rows no store could take."""
        sighting = Observed(tuple(observed), frozenset(guests), frozenset(unverified))
        check(tenant, sighting)
        done = asyncio.get_running_loop().create_future()
        self.pending.append(((tenant, sighting), done))
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


def check(tenant: str, sighting: Observed) -> None:
    """The last guard before the database: bounded size, ids and kinds the store can hold."""
    if not is_usable(tenant):
        raise BadInput("no usable workspace or tenant id")
    if len(sighting.rows) > MAX_ROWS:
        raise BadInput(f"one event may describe at most {MAX_ROWS} interactions")
    for key, item in sighting.rows:
        if not (isinstance(key, str) and isinstance(item, Interaction) and _id(item.actor)
                and (item.target is None or _id(item.target))
                and (item.channel is None or _id(item.channel))
                and item.kind in KINDS and isinstance(item.at, datetime)
                and item.at.tzinfo is not None):
            raise BadInput("an interaction with an unusable id, kind or time")


def _id(value: object) -> bool:
    return is_usable(value)
