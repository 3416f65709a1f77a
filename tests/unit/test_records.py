"""Kept round records (bot/core/records.py): what a record counts, when it is final, how records
combine into a quarter's rate without showing what no single round could, and the trend's words."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.core.lasting import Group
from bot.core.model import Interaction
from bot.core.records import (
    Answered,
    combine,
    is_final,
    lasting_of,
    quarters,
    round_figures,
    shown_round,
    trend_words,
    week_of,
)

DUE = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
LATER = DUE + timedelta(weeks=9)


def answered(n: int, met: bool, said: str) -> list[Answered]:
    tag = "m" if met else "d"
    return [Answered(Group((f"{tag}{i}a", f"{tag}{i}b"), met, not met, DUE),
                     {f"{tag}{i}a": frozenset({said})}) for i in range(n)]


def chats(n: int) -> list[Interaction]:
    return [Interaction(f"m{i}a", f"m{i}b", "dm", DUE + timedelta(days=d))
            for i in range(n) for d in (3, 10)]


def test_a_round_record_counts_seats_answers_crossings_and_lasting_cells():
    groups = answered(6, True, "accepted") + answered(6, False, "declined")
    office = {f"{t}{i}{s}": ("Lisbon" if s == "a" or i % 2 else "Berlin")
              for t in "md" for i in range(6) for s in "ab"}
    figures = round_figures(groups, 3, {"office": office}, chats(6), LATER)
    assert (figures["groups"], figures["placed"], figures["eligible"]) == (12, 24, 27)
    assert (figures["accepted"], figures["declined"], figures["met"]) == (6, 6, 6)
    assert figures["crossing"] == {"office": 6}  # the even-numbered groups span two offices
    assert figures["lasting"]["met"] == {"groups": 6, "lasted": 6, "people": 12}
    assert figures["lasting"]["not_met"] == {"groups": 6, "lasted": 0, "people": 12}
    assert is_final(figures)
    assert json.loads(json.dumps(figures)) == figures  # kept as it is, in a JSON column
    assert (lasting_of(figures).met, lasting_of(figures).not_met) == (100.0, 0.0)


def test_a_round_still_in_its_eight_weeks_is_not_final():
    figures = round_figures(answered(6, True, "met"), 0, {}, [], DUE + timedelta(weeks=7))
    assert not is_final(figures) and figures["lasting"]["pending"] == 6


def test_a_small_round_shows_no_count_at_all():
    figures = round_figures(answered(2, True, "met") + answered(2, False, "declined"), 1,
                            {"office": {}}, chats(2), LATER)
    shown = shown_round(figures)
    assert all(shown[k] is None for k in ("eligible", "placed", "groups", "accepted", "met"))
    assert shown["crossing"] == {"office": None}
    assert shown["lasting"]["met"] is None and shown["lasting"]["not_met"] is None


def kept(met_people: int, not_met_people: int, lasted: int = 1) -> dict:
    cell = {"groups": 2, "lasted": lasted, "people": met_people}
    return {"lasting": {"groups": 4, "pending": 0, "met": cell,
                        "not_met": {"groups": 2, "lasted": 0, "people": not_met_people},
                        "base": {"groups": 0, "lasted": 0, "people": 0}}}


def test_combining_rounds_counts_the_largest_rounds_people_not_their_sum():
    # two rounds of the same 6 people would sum to 12: that must not unlock a rate
    assert combine([kept(6, 12), kept(6, 12)]).met is None
    both = combine([kept(10, 10, lasted=2), kept(6, 12, lasted=0)])
    assert (both.met, both.not_met) == (50.0, 0.0)


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=1, max_size=6))
def test_a_combined_rate_is_shown_only_where_one_round_alone_could_be(rounds):
    records = [kept(a, b) for a, b in rounds]
    shown = combine(records).met is not None
    assert shown == (max(a for a, _ in rounds) >= 10 and max(b for _, b in rounds) >= 10)


def test_quarters_compare_the_latest_final_rounds_with_the_thirteen_weeks_before():
    records = [(DUE, kept(10, 10, lasted=2)), (DUE - timedelta(weeks=15), kept(10, 10, lasted=1)),
               (DUE + timedelta(weeks=2), {"lasting": {**kept(10, 10)["lasting"], "pending": 1}})]
    latest, before = quarters(records)
    assert (latest.met, before.met) == (100.0, 50.0)
    assert quarters([]) is None
    assert trend_words(latest.met, before.met) == "100%, up from 50% the quarter before"
    assert trend_words(41.0, 40.0) == "41%, about the same as the quarter before (40%)"
    assert trend_words(33.0, None) == "33%" and trend_words(None, 40.0) == "not shown"


def test_a_week_starts_on_monday_at_midnight():
    wednesday = datetime(2026, 12, 2, 21, 5, tzinfo=UTC)
    assert week_of(wednesday) == datetime(2026, 11, 30, tzinfo=UTC)
    assert week_of(week_of(wednesday)) == week_of(wednesday)
