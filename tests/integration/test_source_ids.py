"""Source ids are stored as digests of their natural keys: bounded, idempotent, unreadable."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from bot.core.model import Interaction
from bot.store import Store
from bot.store.keys import SOURCE_ID_LENGTH, source_key
from bot.store.migrate import alembic_config
from tests.helpers.databases import throwaway_database

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)
# A real Teams user id is about 90 characters ("29:" and a base64 blob), and a channel
# conversation id with its ";messageid=" is longer still: together far past the old 80.
TEAMS_USER = "29:1" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ" * 3 + "-QwErTy"
KEY = f"teams:19:abcdef0123456789abcdef0123456789@thread.tacv2:1733133600000:mention:{TEAMS_USER}"


def test_a_key_longer_than_any_column_is_stored_once_and_found_again(store):
    observed = [(KEY, Interaction("29:ana", TEAMS_USER, "mention", NOW, "19:chan"))]
    store.record_interactions("tenant", observed, "teams")
    store.record_interactions("tenant", observed, "teams")  # a resent activity
    assert store.interaction_count("tenant") == 1
    assert store.author_of("tenant", KEY) == "29:ana"
    with store.engine.connect() as conn:
        [stored] = conn.scalars(text("select source_id from interactions")).all()
    assert stored == source_key(KEY) and len(stored) == SOURCE_ID_LENGTH


def test_an_emoji_name_inside_a_natural_key_never_reaches_the_database(store, tmp_path):
    secret = "party-parrot-of-the-quarterly-numbers"
    key = f"slack:C1:1780000000.000100:reaction:{secret}:UBEA"
    store.record_interactions("T1", [(key, Interaction("UBEA", "UANA", "reaction", NOW, "C1"))],
                              "slack")
    with store.engine.connect() as conn:
        values = [str(v) for v in conn.scalars(text("select source_id from interactions"))]
    assert all(secret not in v for v in values)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    """A database with no schema at all, to be migrated step by step."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    with throwaway_database(request.getfixturevalue("postgres_url"), "weaktie_old") as url:
        yield url


def test_upgrading_turns_stored_natural_keys_into_their_digests(empty_url):
    store_url = empty_url
    engine = create_engine(store_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0010")
        conn.execute(text("insert into tenants (id, name, platform, created_at) "
                          "values (1, 'T1', 'slack', '2026-01-01T00:00:00+00:00')"))
        conn.execute(text("insert into people (id, tenant_id, external_id, display_name, timezone,"
                          " work_start, work_end, workdays, enrolled) values "
                          "(1, 1, 'UANA', '', 'UTC', 540, 1020, '0,1,2,3,4', true)"))
        conn.execute(text("insert into interactions (tenant_id, actor_id, kind, ts, source_id) "
                          "values (1, 1, 'message', 1780000000000, 'slack:C1:1780000000.000100')"))
        conn.execute(text("insert into slack_installations (team_id, bot_token_encrypted, "
                          "installed_at) values ('T1', 'sealed', '2026-01-01T00:00:00+00:00')"))
    engine.dispose()
    store = Store.open(store_url)
    try:
        with store.engine.connect() as conn:
            assert conn.scalar(text("select source_id from interactions")) == \
                source_key("slack:C1:1780000000.000100")
            assert conn.scalar(text("select tenant from slack_installations")) == "T1"
        # the same message seen again live is still stored once
        store.record_interactions("T1", [("slack:C1:1780000000.000100",
                                          Interaction("UANA", None, "message", NOW, "C1"))], "slack")
        assert store.interaction_count("T1") == 1
        assert store.author_of("T1", "slack:C1:1780000000.000100") == "UANA"
    finally:
        store.close()
