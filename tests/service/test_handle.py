"""Service.handle without HTTP: one typed inbound value in, the answer out, on a real store
(SQLite and PostgreSQL). The adapters' tests drive the same rules through bolt and botbuilder."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.model import Interaction, Nudge, RoundPlan, Slot
from bot.core.programs import Program
from bot.service.handler import Deployment, Service
from bot.service.inbound import (
    Asker,
    Click,
    FormOpened,
    Installed,
    MembersSeen,
    Observed,
    Request,
    Uninstalled,
)
from bot.service.meetups import link_token
from bot.service.outbound import Answered, Home

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
SLOT = Slot(NOW + timedelta(days=1), NOW + timedelta(days=1, minutes=30))


def service_on(store, **deployment) -> Service:
    return Service(store, Deployment(**deployment), now=lambda: NOW)


def handle(service: Service, inbound):
    return asyncio.run(service.handle(inbound))


def slack(user: str, admin: bool = False) -> Asker:
    return Asker("T1", "slack", user, platform_admin=admin)


def test_a_request_changes_only_the_askers_own_data(store):
    service = service_on(store)
    assert "You're in" in handle(service, Request(slack("UANA"), "join"))
    assert store.person("T1", "UANA").enrolled
    assert store.person("T1", "UBEA") is None
    home = handle(service, FormOpened(slack("UANA"), "home"))
    assert isinstance(home, Home) and home.joined
    handle(service, Request(slack("UANA"), "forget me now"))
    assert store.person("T1", "UANA") is None


def test_a_teams_manager_is_named_by_entra_object_id_and_nobody_else_is(store):
    service = service_on(store, managers=frozenset({"aad-boss"}))
    named = Asker("TEN", "teams", "29:boss", directory_id="aad-boss")
    other = Asker("TEN", "teams", "29:eve", directory_id="aad-eve")
    assert handle(service, Request(named, "admin programs")).startswith("No programs yet")
    assert handle(service, Request(other, "admin programs")).startswith(
        "Sorry, only community managers")


def test_everyone_accepting_one_slot_announces_it_with_a_calendar_link_that_works(store):
    members = ("UANA", "UBEA")
    for who in members:
        store.update_person("T1", who, "slack", enrolled=True)
    plan = RoundPlan((Nudge(members, 1.0, ("You both know Eve",), (SLOT,), "Kitchen"),), ())
    store.save_round("T1", Program(), NOW, plan, NOW)
    [nudge] = store.nudges("T1")
    service = service_on(store, public_url="https://weaktie.example", secret_key="s3cret")
    first = handle(service, Click(slack("UANA"), f"{nudge.id}:0", "accepted"))
    assert isinstance(first, Answered) and first.announcement is None
    assert first.answers == {"UANA": ("accepted", 0)}
    last = handle(service, Click(slack("UBEA"), f"{nudge.id}:0", "accepted"))
    token = link_token("s3cret", nudge.id)
    assert last.announcement.startswith("Confirmed for everyone: option 1")
    assert f"https://weaktie.example/calendar/{nudge.id}/{token}.ics" in last.announcement
    ics = asyncio.run(service.invitation(nudge.id, token))
    assert "BEGIN:VEVENT" in ics and "LOCATION:Kitchen" in ics
    assert asyncio.run(service.invitation(nudge.id, "0" * 32)) is None


def test_a_click_on_no_nudge_records_nothing(store):
    answered = handle(service_on(store), Click(slack("UANA"), "nonsense", "accepted"))
    assert answered == Answered("Sorry, I did not understand that answer.")
    assert not store.has_tenant("T1")


def test_a_teams_tenant_is_uninstalled_only_once_the_app_is_nowhere(store):
    service = service_on(store)
    assert handle(service, Installed("TEN", "teams", "19:team", "team")) is True
    assert handle(service, Installed("TEN", "teams", "19:team", "team")) is False
    handle(service, Installed("TEN", "teams", "19:chat", "groupChat"))
    handle(service, Uninstalled("TEN", "teams", "19:team", "team"))
    assert store.purge_uninstalled(NOW + timedelta(days=60)) == []
    handle(service, Uninstalled("TEN", "teams", "19:chat", "groupChat"))
    assert store.purge_uninstalled(NOW + timedelta(days=60)) == ["TEN"]


def test_guests_of_a_roster_are_kept_only_where_the_tenant_includes_them(store):
    service = service_on(store)
    members = (("29:ana", "Ana", "ana@corp"), ("29:gus", "Gus", "gus@other"))
    handle(service, MembersSeen("TEN", "teams", members, frozenset({"29:gus"})))
    assert store.person("TEN", "29:ana").name == "Ana"
    assert store.person("TEN", "29:gus") is None


def test_observed_interactions_are_committed_before_handle_returns(store):
    service = service_on(store)
    seen = Interaction("UANA", "UBEA", "mention", NOW, "C1")

    async def observe() -> None:
        await service.handle(Observed("T1", "slack", (("slack:C1:1", seen),)))

    asyncio.run(observe())
    assert [(i.actor, i.target) for i in store.interactions("T1")] == [("UANA", "UBEA")]


def test_a_value_that_is_not_inbound_is_a_programming_error(store):
    with pytest.raises(TypeError):
        service_on(store).answer("join")


def test_the_service_answers_every_question_of_the_port_adapters_are_typed_against():
    import inspect

    from bot.service.inbound import Handler
    asked = {name for name, _ in inspect.getmembers(Handler, inspect.isfunction)
             if not name.startswith("_")}
    assert asked == {"handle", "first_time", "author_of", "includes_guests", "colleagues",
                     "language_of", "invitation"}
    for name in asked:
        port, ours = inspect.signature(getattr(Handler, name)), \
            inspect.signature(getattr(Service, name))
        assert list(port.parameters) == list(ours.parameters), name
        assert inspect.iscoroutinefunction(getattr(Service, name)), name
