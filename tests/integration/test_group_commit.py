"""One bad event in a group commit fails alone: the others of its batch are stored and answered."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from adapters.writer import GroupCommit
from bot import service
from bot.core.model import Interaction

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)


def _good(i: int) -> list:
    return [(f"teams:19:chan:{i}", Interaction(f"29:person{i}", None, "message", NOW, "19:chan"))]


@pytest.mark.parametrize("bad", [
    # far longer than any id column: PostgreSQL refuses the row, SQLite would not
    [("teams:19:chan:long", Interaction("29:" + "x" * 300, None, "message", NOW, "19:chan"))],
    # a row that cannot be written anywhere (no time)
    [("teams:19:chan:no-time", Interaction("29:ana", None, "message", None, "19:chan"))],
], ids=["id-too-long", "no-time"])
def test_one_bad_event_among_sixty_concurrent_ones_fails_alone(store, bad):
    writer = GroupCommit(lambda items: service.record_many(store, items, "teams"))

    async def main():
        events = [_good(i) for i in range(30)] + [bad] + [_good(i) for i in range(30, 60)]
        return await asyncio.gather(*(writer.record("tenant", e) for e in events),
                                    return_exceptions=True)

    results = asyncio.run(main())
    failed = [r for r in results if isinstance(r, BaseException)]
    long_on_sqlite = store.engine.dialect.name == "sqlite" and bad[0][1].at is not None
    assert len(failed) == (0 if long_on_sqlite else 1)
    assert store.interaction_count("tenant") == (61 if long_on_sqlite else 60)
