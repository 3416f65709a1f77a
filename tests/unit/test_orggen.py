"""The generated organisation: deterministic, time-ordered, inside working hours, and realistic."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import pytest

from bot.core.model import KINDS, Interaction
from demo.orggen import Org, generate_org, interactions

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)


@cache
def _org(seed: int = 7) -> Org:
    return generate_org(people=300, seed=seed, now=NOW)


@cache
def _stream(seed: int = 7) -> tuple[Interaction, ...]:
    return tuple(interactions(_org(seed)))


def test_same_seed_gives_the_same_people_and_interactions() -> None:
    again = generate_org(people=300, seed=7, now=NOW)
    assert again.people == _org().people
    assert list(itertools.islice(again.interactions(), 2000)) == list(_stream()[:2000])


def test_different_seeds_give_different_organisations() -> None:
    other = _org(8)
    assert [p.name for p in other.people] != [p.name for p in _org().people]
    assert _stream(8)[:100] != _stream()[:100]


def test_interactions_come_in_time_order_and_before_now() -> None:
    stream = _stream()
    assert all(a.at <= b.at for a, b in itertools.pairwise(stream))
    assert stream[-1].at < NOW
    assert stream[0].at >= NOW - timedelta(days=190)


def test_every_timestamp_is_utc_inside_the_actors_working_hours_on_a_weekday() -> None:
    people = {p.id: p for p in _org().people}
    for item in _stream()[::7]:
        person = people[item.actor]
        local = item.at.astimezone(ZoneInfo(person.timezone))
        assert item.at.utcoffset() == timedelta(0)
        assert local.weekday() in person.workdays
        assert person.work_start <= local.hour * 60 + local.minute < person.work_end


def test_nobody_interacts_with_themselves_and_everyone_is_known() -> None:
    ids = {p.id for p in _org().people}
    for item in _stream():
        assert item.actor != item.target
        assert item.actor in ids and (item.target is None or item.target in ids)


def test_all_chat_kinds_appear_with_the_right_shape() -> None:
    kinds = Counter(i.kind for i in _stream())
    assert set(kinds) == {"message", "reply", "mention", "reaction", "dm"}
    assert set(kinds) <= set(KINDS)
    for item in _stream():
        if item.kind == "message":
            assert item.target is None and item.channel
        elif item.kind == "dm":
            assert item.target and item.channel is None
        else:
            assert item.target and item.channel


def test_volume_is_about_interactions_per_person() -> None:
    assert 0.85 * 300 * 100 <= len(_stream()) <= 1.15 * 300 * 100


def test_activity_is_heavy_tailed() -> None:
    counts = sorted(Counter(i.actor for i in _stream()).values(), reverse=True)
    top = sum(counts[: len(_org().people) // 10])
    assert top / sum(counts) > 0.3
    assert counts[0] > 5 * counts[len(counts) // 2]


def test_people_have_unique_ids_and_names_and_sensible_hours() -> None:
    people = _org().people
    assert len({p.id for p in people}) == len({p.name for p in people}) == 300
    assert all(p.id.startswith("U") and p.id[1:].isdigit() for p in people)
    assert all(8 * 60 <= p.work_start <= 10 * 60 and p.work_end - p.work_start == 480
               for p in people)


def test_three_offices_each_with_its_own_time_zone_and_venues() -> None:
    org = _org()
    zones = {(p.office, p.timezone) for p in org.people}
    assert zones == {("Lisbon", "Europe/Lisbon"), ("Berlin", "Europe/Berlin"),
                     ("New York", "America/New_York")}
    assert set(org.venues) == {"Lisbon", "Berlin", "New York"}
    assert all(2 <= len(places) <= 3 for places in org.venues.values())


def test_teams_are_small_mostly_in_one_office_and_inside_one_department() -> None:
    org = _org()
    teams: dict[str, list] = {}
    for person in org.people:
        teams.setdefault(person.team, []).append(person)
    assert 8 <= len(set(org.departments.values())) <= 12
    for members in teams.values():
        assert len({org.departments[p.id] for p in members}) == 1
    sizes = [len(m) for m in teams.values()]
    assert 6 <= sum(sizes) / len(sizes) <= 14
    same_office = sum(Counter(p.office for p in m).most_common(1)[0][1] for m in teams.values())
    assert same_office / 300 > 0.8


def test_channels_include_team_and_interest_channels() -> None:
    channels = set(_org().channels)
    assert {"#general", "#random", "#running", "#book-club"} <= channels
    assert any(c.startswith("#team-") for c in channels)
    assert {i.channel for i in _stream() if i.channel} <= channels


def test_most_ties_stay_inside_a_department() -> None:
    departments = _org().departments
    pairs = [(i.actor, i.target) for i in _stream() if i.target]
    inside = sum(departments[a] == departments[b] for a, b in pairs)
    assert inside / len(pairs) > 0.7
    assert inside < len(pairs)


def test_people_who_changed_team_leave_dormant_ties_behind() -> None:
    org, stream = _org(), _stream()
    assert len(org.moves) >= 10
    cut_early = stream[0].at + (stream[-1].at - stream[0].at) / 3
    cut_late = stream[-1].at - (stream[-1].at - stream[0].at) / 3
    early: Counter[frozenset[str]] = Counter()
    late: set[frozenset[str]] = set()
    for item in stream:
        if item.target:
            pair = frozenset((item.actor, item.target))
            if item.at < cut_early:
                early[pair] += 1
            elif item.at >= cut_late:
                late.add(pair)
    movers = {m.person for m in org.moves}
    dormant = [p for p, n in early.items() if n >= 3 and p not in late]
    assert len(dormant) >= 20
    assert any(p & movers for p in dormant)


def test_moves_name_the_current_team_and_happen_inside_the_window() -> None:
    org = _org()
    teams = {p.id: p.team for p in org.people}
    for move in org.moves:
        assert teams[move.person] == move.new_team != move.old_team
        assert NOW - timedelta(days=190) < move.at < NOW


def test_a_large_organisation_scales_teams_and_departments() -> None:
    org = generate_org(people=5000, seed=1, now=NOW, interactions_per_person=2)
    assert len({p.id for p in org.people}) == 5000
    assert len(set(org.departments.values())) > 30
    assert max(Counter(p.team for p in org.people).values()) <= 20  # moves grow some teams
    first = list(itertools.islice(org.interactions(), 5000))
    assert all(a.at <= b.at for a, b in itertools.pairwise(first))


def test_the_stream_is_lazy() -> None:
    org = generate_org(people=2000, seed=3, now=NOW)
    stream = org.interactions()
    assert next(stream).at < NOW  # a first item without building 200,000 of them


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        generate_org(people=10, now=datetime(2025, 1, 1))
