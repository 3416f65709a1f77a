"""Shared fixtures: a store on SQLite and, when reachable, on PostgreSQL.

PostgreSQL tests run against WEAKTIE_TEST_POSTGRES (default: the local server, user postgres,
database test) in a throw-away database. Without a server they are skipped and say so; under
CI=true a missing server is a failure, because CI must test the production store.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

from bot.store import Store
from tests.helpers.databases import empty_tables, throwaway_database

POSTGRES = os.environ.get("WEAKTIE_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


# The tests that run real processes (clocks killed and restarted, the hostile bench against
# `weaktie serve`) take seconds to a half-minute each, mostly waiting. Collected first, the
# workers start them first and fill the waits with the thousand quick tests, instead of ending
# the run with one of them alone.
REAL_PROCESSES = ("tests/scheduler/test_crash_safety.py", "tests/scheduler/test_many_clocks.py",
                  "tests/bench/")


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: not item.nodeid.startswith(REAL_PROCESSES))


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # any connection failure means: no server here
        admin.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but unreachable at {POSTGRES}: {exc}")
        pytest.skip(f"PostgreSQL tests skipped: no server at {POSTGRES} "
                    "(start one or set WEAKTIE_TEST_POSTGRES)")
    admin.dispose()
    with throwaway_database(POSTGRES, "weaktie_test") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A database URL on each backend, empty at the start of each test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'weaktie.db'}"
        return
    url = request.getfixturevalue("postgres_url")
    yield url
    empty_tables(url)


@pytest.fixture
def store(store_url):
    opened = Store.open(store_url)
    yield opened
    opened.close()
