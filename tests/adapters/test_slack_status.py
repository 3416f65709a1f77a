"""Out of office from a Slack status: only the date it ends is kept, never its words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.slack.status import NO_EXPIRY, away_change
from tests.helpers.slack import event, post, run

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
CANARY = "CANARY-status-text-never-stored"


def test_a_holiday_emoji_is_away_until_the_status_expires():
    until = datetime(2026, 12, 20, tzinfo=UTC)
    profile = {"status_emoji": ":palm_tree:", "status_text": CANARY,
               "status_expiration": int(until.timestamp())}
    assert away_change(profile, NOW) == {"away_until": until}


def test_slacks_presets_count_by_their_name_and_no_expiry_means_a_bounded_absence():
    profile = {"status_emoji": ":face_with_thermometer:", "status_text": "Out sick",
               "status_expiration": 0}
    assert away_change(profile, NOW) == {"away_until": NOW + NO_EXPIRY}
    preset = {"status_emoji": ":something_custom:", "status_text": "Vacationing"}
    assert away_change(preset, NOW) == {"away_until": NOW + NO_EXPIRY}


def test_any_other_status_ends_an_absence_and_no_status_at_all_changes_nothing():
    assert away_change({"status_emoji": ":coffee:", "status_text": "In a meeting"},
                       NOW) == {"away_until": None}
    assert away_change({"status_emoji": "", "status_text": ""}, NOW) == {"away_until": None}
    assert away_change({"real_name": "Zoe"}, NOW) == {}


def test_bad_expiries_change_nothing():
    for expiry in ("tomorrow", 10**20, True):
        profile = {"status_emoji": ":airplane:", "status_expiration": expiry}
        change = away_change(profile, NOW)
        assert change in ({}, {"away_until": NOW + NO_EXPIRY})
    assert away_change({"status_emoji": ":airplane:"}, None) == {}


def test_a_user_change_to_a_holiday_status_stores_when_it_ends_and_never_its_words(tmp_path):
    until = datetime(2026, 12, 20, tzinfo=UTC)

    async def scenario(client):
        away = {"type": "user_change", "user": {"id": "UZOE", "profile": {
            "real_name": "Zoe", "status_emoji": ":palm_tree:", "status_text": CANARY,
            "status_expiration": int(until.timestamp())}}}
        await post(client, event("EvA1", away))

    store, _ = run(tmp_path, scenario)
    zoe = store.person("T1", "UZOE")
    assert zoe.away_until == until and not zoe.available(until - timedelta(days=1))
    assert zoe.available(until + timedelta(seconds=1))
    assert CANARY.encode() not in (tmp_path / "slack.db").read_bytes()
    wal = tmp_path / "slack.db-wal"
    assert not wal.exists() or CANARY.encode() not in wal.read_bytes()
