"""bench/hostile.py on a small run: every hostile request against the real `weaktie serve` gets a
2xx or a 4xx, the server logs no traceback, and no refused request writes a row (a correctness
test: no timing is asserted). On PostgreSQL too when a server is reachable.

The bench runs as the process it is (`python bench/hostile.py --json`), so that tests import
nothing from bench/; its exit status says whether it saw a 5xx, a traceback or a refused write."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def bench(db: str | None, requests: int = 300, seed: int = 3) -> dict:
    command = [sys.executable, str(ROOT / "bench" / "hostile.py"), "--json",
               "--requests", str(requests), "--seed", str(seed), "--sample", "1"]
    done = subprocess.run(command + (["--db", db] if db else []), capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert done.returncode in (0, 1), done.stderr  # 1: it saw something bad, the JSON says what
    result = json.loads(done.stdout)
    assert done.returncode == (1 if result["5xx"] or result["tracebacks"] or
                               result["refused_rows"] else 0)
    return result


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
