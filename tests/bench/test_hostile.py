"""bench/hostile.py on a small run: every hostile request against the real `weaktie serve` gets a
2xx or a 4xx, the server logs no traceback, and no refused request writes a row (a correctness
test: no timing is asserted). On PostgreSQL too when a server is reachable."""

from __future__ import annotations

import argparse
import asyncio

from bench.hostile import run


def bench(db: str | None, requests: int = 300, seed: int = 3) -> dict:
    args = argparse.Namespace(db=db, requests=requests, seed=seed, sample=1)
    return asyncio.run(run(args))


def test_hostile_requests_on_sqlite_get_no_5xx_no_traceback_and_write_nothing():
    result = bench(None)
    assert result["5xx"] == 0, result["fives"]
    assert result["tracebacks"] == 0, result["logs"]
    assert result["refused_rows"] == 0, result["refused_sites"]
    assert result["4xx"] > result["requests"] // 2  # the bench really sent hostile requests
    assert result["2xx"] > 0  # and valid ones that the server accepted


def test_hostile_requests_on_postgresql_too(postgres_url):
    result = bench(postgres_url)
    assert (result["5xx"], result["tracebacks"], result["refused_rows"]) == (0, 0, 0), result
