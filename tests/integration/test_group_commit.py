"""One bad event in a group commit fails alone: the others of its batch are stored and answered."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.core.model import Interaction
from bot.errors import BadInput
from bot.service import rounds as service
from bot.service.group_commit import GroupCommit

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)


def _good(i: int) -> list:
    return [(f"teams:19:chan:{i}", Interaction(f"29:person{i}", None, "message", NOW, "19:chan"))]


async def _sixty_and(writer: GroupCommit, bad: list) -> list:
    events = [_good(i) for i in range(30)] + [bad] + [_good(i) for i in range(30, 60)]
    return await asyncio.gather(*(writer.record("tenant", e) for e in events),
                                return_exceptions=True)


@pytest.mark.parametrize("bad", [
    # far longer than any id column: PostgreSQL refused the whole batch with it (59 of 61 500s)
    [("teams:19:chan:long", Interaction("29:" + "x" * 300, None, "message", NOW, "19:chan"))],
    [("teams:19:chan:no-time", Interaction("29:ana", None, "message", None, "19:chan"))],
    [(f"teams:19:chan:many:{i}", Interaction("29:ana", f"29:p{i}", "mention", NOW, "19:chan"))
     for i in range(10_000)],
], ids=["id-too-long", "no-time", "ten-thousand-mentions"])
def test_an_event_no_store_could_take_is_refused_alone_and_the_others_are_stored(store, bad):
    writer = GroupCommit(lambda items: service.record_many(store, items, "teams"))
    results = asyncio.run(_sixty_and(writer, bad))
    failed = [r for r in results if isinstance(r, BaseException)]
    assert len(failed) == 1 and isinstance(failed[0], BadInput)
    assert store.interaction_count("tenant") == 60
    assert len(store.people("tenant")) == 60


def test_a_batch_the_database_refuses_is_written_again_one_event_at_a_time():
    """What the write does is the store's business; what GroupCommit owes its waiters is that
    only the event the write refuses on its own fails."""
    written: list[str] = []

    def write(items) -> None:
        if any(s.rows[0][0] == "teams:19:chan:poison" for _, s in items):
            raise RuntimeError("refused by the database")
        written.extend(s.rows[0][0] for _, s in items)

    poison = [("teams:19:chan:poison", Interaction("29:ana", None, "message", NOW, "19:chan"))]
    results = asyncio.run(_sixty_and(GroupCommit(write), poison))
    assert [type(r).__name__ for r in results if r is not None] == ["RuntimeError"]
    assert len(written) == 60
