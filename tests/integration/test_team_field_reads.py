"""Teams from the Slack profile field a manager named (issue 15), read by the clock over HTTP
from the Slack Web API stand-in (team.profile.get, users.profile.get): a batch of people per
tick, never read first then the oldest reads, a 429's Retry-After kept, a field removed from the
workspace, a refused permission, `forget me`, and how it meets a team from a people file."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import text

from adapters.slack.profiles import SlackProfiles
from adapters.slack.send import nudge_client
from bot.service.handler import Service
from bot.service.inbound import Asker, Request
from bot.service.team_field_reads import BATCH
from scheduler.jobs import tick
from tests.standins.slack import CANARY, SlackWebApi

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
T = "T1"
DEPARTMENT, PRONOUNS = "Xf0111111", "Xf0222222"
MINUTE = timedelta(minutes=1)


def _people(store, count: int) -> list[str]:
    people = [f"U{i:04d}" for i in range(count)]
    for person in people:
        store.update_person(T, person, "slack", display_name=f"Person {person}")
    return people


def _on_loopback(store, slack: SlackWebApi, steps) -> None:
    """Run `steps(ticks)` on one event loop with the stand-in served on loopback; `ticks(*at)`
    runs one clock tick at each moment, through SlackProfiles on the senders' client, and
    gives the teams each changed."""
    async def main():
        async with TestServer(slack.app) as api:
            async def client_of(team: str):
                return nudge_client("xoxb-test", str(api.make_url("/api/")))
            profiles = SlackProfiles(client_of)

            async def ticks(*moments: datetime) -> list[int]:
                return [(await tick(store, {}, at, profiles=profiles)).teams for at in moments]
            await steps(ticks)
    asyncio.run(main())


def _read(slack: SlackWebApi) -> list[str]:
    return [form["user"] for form in slack.arguments("users.profile.get")]


def _teams(store) -> dict[str, str | None]:
    return {p: person.team for p, person in store.people(T).items()}


def _reads(store) -> int:
    with store.engine.connect() as conn:
        return conn.scalar(text("select count(*) from team_field_reads"))


def test_a_batch_a_tick_never_read_first_then_the_oldest_each_again_a_day_later(store):
    people = _people(store, BATCH + 5)
    store.name_team_field(T, "Department", DEPARTMENT, NOW - MINUTE, "slack")
    slack = SlackWebApi(fields={DEPARTMENT: "Department", PRONOUNS: "Pronouns"}, profiles={
        p: {DEPARTMENT: "Payments" if i % 2 else "Research", PRONOUNS: CANARY}
        for i, p in enumerate(people)})

    async def steps(ticks):
        assert await ticks(NOW, NOW + MINUTE, NOW + 2 * MINUTE) == [BATCH, 5, 0]
        assert _read(slack) == people  # in the order they were met, each once
        assert set(_teams(store).values()) == {"Payments", "Research"}
        assert store.team_field(T).read == len(people)
        # a day after the first batch: those people again, the oldest reads first
        slack.profiles[people[0]] = {DEPARTMENT: "Legal"}
        assert await ticks(NOW + timedelta(days=1, minutes=1)) == [1]

    _on_loopback(store, slack, steps)
    assert _read(slack)[len(people):] == people[:BATCH]
    assert _teams(store)[people[0]] == "Legal"
    assert slack.requests["team.profile.get"] == 1  # the field list only once a day
    with store.engine.connect() as conn:  # only the named field's value is kept
        dump = repr(conn.execute(text("select * from people")).all()) + \
            repr(conn.execute(text("select * from team_field_reads")).all())
    assert CANARY not in dump and "example.com" not in dump


def test_a_429_keeps_what_was_read_and_waits_for_retry_after(store):
    people = _people(store, 3)
    store.name_team_field(T, "Department", DEPARTMENT, NOW - MINUTE, "slack")
    slack = SlackWebApi(fields={DEPARTMENT: "Department"},
                        profiles={p: {DEPARTMENT: "Payments"} for p in people})

    def limited(form: dict):  # the second read is refused as Slack does, Retry-After 90 s
        if len(slack.arguments("users.profile.get")) == 2:
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": "90"})
        return slack._profile("users.profile.get", form)

    slack.answers["users.profile.get"] = limited

    async def steps(ticks):
        # one read, then nothing while Slack said to wait, then the other two
        assert await ticks(NOW, NOW + MINUTE, NOW + 2 * MINUTE) == [1, 0, 2]
        assert store.team_field(T).wait_until == NOW + timedelta(seconds=90)

    _on_loopback(store, slack, steps)
    assert _read(slack) == [people[0], people[1], people[1], people[2]]
    assert set(_teams(store).values()) == {"Payments"}


def test_an_empty_field_clears_only_the_team_the_field_gave_the_latest_source_wins(store):
    _people(store, 3)  # U0000 has a team from a people file and says nothing in the field
    store.import_profiles(T, [("id", "U0000", {"team": "Sales"}),
                              ("id", "U0001", {"team": "Sales"})])
    store.name_team_field(T, "Department", DEPARTMENT, NOW - MINUTE, "slack")
    slack = SlackWebApi(fields={DEPARTMENT: "Department"},
                        profiles={"U0001": {DEPARTMENT: "Payments"}, "U0002": {DEPARTMENT: "Ops"}})

    async def steps(ticks):
        await ticks(NOW)
        assert _teams(store) == {"U0000": "Sales", "U0001": "Payments", "U0002": "Ops"}
        slack.profiles["U0001"] = {}  # emptied: the team the field gave goes
        store.import_profiles(T, [("id", "U0002", {"team": "Finance"})])  # a later import wins
        slack.profiles["U0002"] = {}
        await ticks(NOW + timedelta(days=1, minutes=1))

    _on_loopback(store, slack, steps)
    assert _teams(store) == {"U0000": "Sales", "U0001": None, "U0002": "Finance"}


def test_a_field_removed_from_the_workspace_clears_its_teams_and_one_made_again_is_followed(
        store):
    people = _people(store, 2)
    store.name_team_field(T, "Department", DEPARTMENT, NOW - MINUTE, "slack")
    slack = SlackWebApi(fields={DEPARTMENT: "Department"},
                        profiles={p: {DEPARTMENT: "Payments"} for p in people})

    async def steps(ticks):
        await ticks(NOW)
        del slack.fields[DEPARTMENT]  # a workspace admin deleted the field
        assert await ticks(NOW + timedelta(days=1, minutes=1)) == [2]
        assert set(_teams(store).values()) == {None} and _reads(store) == 0
        assert store.team_field(T).field_id is None
        # a field of the same name, made again, has a new id: followed, everyone read again
        slack.fields["Xf0999999"] = "department "
        slack.profiles = {p: {"Xf0999999": "Research"} for p in people}
        assert await ticks(NOW + timedelta(days=2, minutes=2)) == [2]

    _on_loopback(store, slack, steps)
    assert set(_teams(store).values()) == {"Research"}
    assert store.team_field(T).field_id == "Xf0999999"


def test_without_the_permission_nothing_is_read_until_the_next_day(store):
    _people(store, 2)
    store.name_team_field(T, "Department", DEPARTMENT, NOW - timedelta(days=2), "slack")
    slack = SlackWebApi(fields={DEPARTMENT: "Department"}, profile_scope=False)

    async def steps(ticks):
        moments = (NOW, NOW + MINUTE, NOW + timedelta(days=1, minutes=1))
        assert await ticks(*moments) == [0, 0, 0]

    _on_loopback(store, slack, steps)
    assert slack.requests["team.profile.get"] == 2 and not _read(slack)  # today, tomorrow


def test_export_shows_the_read_and_forget_me_takes_it_and_the_team_with_the_person(store):
    people = _people(store, 2)
    store.name_team_field(T, "Department", DEPARTMENT, NOW - MINUTE, "slack")
    slack = SlackWebApi(fields={DEPARTMENT: "Department"},
                        profiles={p: {DEPARTMENT: "Payments"} for p in people})
    service = Service(store, now=lambda: NOW)

    async def steps(ticks):
        await ticks(NOW)
        assert _reads(store) == 2  # and the person's export says so (their right of access)
        assert store.export_person(T, people[0])["team_field_read"] == [
            {"at": NOW.isoformat(), "team": "Payments"}]
        await service.handle(Request(Asker(T, "slack", people[0]), "forget me now"))
        assert store.person(T, people[0]) is None and _reads(store) == 1
        with store.engine.connect() as conn:
            assert people[0] not in repr(conn.execute(
                text("select * from team_field_reads")).all())
        await ticks(NOW + timedelta(days=1, minutes=1))

    _on_loopback(store, slack, steps)
    assert _read(slack) == [people[0], people[1], people[1]]  # never read again
    assert store.person(T, people[0]) is None


def test_a_person_slack_does_not_know_keeps_their_team_and_an_uninstalled_workspace_is_not_read(
        store):
    _people(store, 1)
    store.import_profiles(T, [("id", "U0000", {"team": "Sales"})])
    store.name_team_field(T, "Department", DEPARTMENT, NOW - MINUTE, "slack")
    slack = SlackWebApi(fields={DEPARTMENT: "Department"}, unknown=frozenset({"U0000"}))

    async def steps(ticks):
        assert await ticks(NOW) == [0]
        assert _teams(store) == {"U0000": "Sales"} and _reads(store) == 1
        store.mark_uninstalled(T, NOW)
        await ticks(NOW + timedelta(days=2))

    _on_loopback(store, slack, steps)
    assert slack.calls == ["users.profile.get"]  # the one read, before it left


def test_a_field_named_again_during_a_batch_takes_none_of_the_old_fields_values(store):
    people = _people(store, 2)
    store.name_team_field(T, "Department", DEPARTMENT, NOW - MINUTE, "slack")
    slack = SlackWebApi(fields={DEPARTMENT: "Department", PRONOUNS: "Pronouns"},
                        profiles={p: {DEPARTMENT: "Payments", PRONOUNS: CANARY} for p in people})

    def renamed_meanwhile(form: dict):  # a manager names another field while the batch reads
        if len(slack.arguments("users.profile.get")) == 1:
            store.name_team_field(T, "Team", "Xf0444444", NOW, "slack")
        return slack._profile("users.profile.get", form)

    slack.answers["users.profile.get"] = renamed_meanwhile

    async def steps(ticks):
        assert await ticks(NOW) == [0]

    _on_loopback(store, slack, steps)
    assert set(_teams(store).values()) == {None} and _reads(store) == 0
