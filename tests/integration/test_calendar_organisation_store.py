"""The organisation's calendar grant in the store (SQLite and PostgreSQL): whom it covers (own
people with a known UPN and no calendar of their own, never guests), opt-outs undone and erased
with the person, a refusal and a withdrawal that cover nobody at once, the manager who asked
forgotten without losing the grant, and the tenant's erasure taking it all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.store.kept_schema import calendar_opt_outs, calendar_organisations

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
T = "5c1d2a7e-3f4b-4c8d-9e0f-112233445566"
PEOPLE = ["29:ana", "29:bea", "29:gus", "29:nou", "29:boss"]


def count(store, table) -> int:
    with store.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(table))


def covered(store) -> dict[str, str]:
    return {who: link.account for who, link in store.calendars(T, PEOPLE).items()
            if link.organisation == T}


def a_tenant(store) -> None:
    for who in ("ana", "bea", "gus", "boss"):
        store.update_person(T, f"29:{who}", "teams", sign_in=f"{who}@contoso.example")
    store.update_person(T, "29:nou", "teams")  # no UPN known
    store.mark_external(T, frozenset({"29:gus"}))


def test_the_grant_covers_own_people_with_a_upn_and_no_calendar_of_their_own(store):
    a_tenant(store)
    assert covered(store) == {}
    store.save_organisation_grant(T, "microsoft", T, "29:boss", NOW)
    assert covered(store) == {f"29:{w}": f"{w}@contoso.example" for w in ("ana", "bea", "boss")}
    store.save_calendar(T, "29:bea", "google", "bea@gmail.example", "SEALED", NOW)
    links = store.calendars(T, PEOPLE)
    assert links["29:bea"].provider == "google" and links["29:bea"].organisation == ""
    assert store.organisation_grant(T).granted_by == "29:boss"


def test_opting_out_is_undone_by_connecting_and_erased_with_the_person(store):
    a_tenant(store)
    store.save_organisation_grant(T, "microsoft", T, "29:boss", NOW)
    assert store.opt_out_of_organisation(T, "29:ana", "teams", NOW)
    assert not store.opt_out_of_organisation(T, "29:ana", "teams", NOW)  # once
    assert "29:ana" not in covered(store) and store.opted_out(T, "29:ana") == NOW
    assert store.opt_in_to_organisation(T, "29:ana") and not store.opt_in_to_organisation(T, "29:ana")
    assert "29:ana" in covered(store)
    store.opt_out_of_organisation(T, "29:ana", "teams", NOW)
    store.forget_person(T, "29:ana")
    assert count(store, calendar_opt_outs) == 0


def test_a_refused_or_withdrawn_grant_covers_nobody_and_a_forgotten_manager_keeps_it(store):
    a_tenant(store)
    store.save_organisation_grant(T, "microsoft", T, "29:boss", NOW)
    store.forget_person(T, "29:boss")
    assert store.organisation_grant(T).granted_by is None and covered(store)
    assert store.organisation_refused(T, NOW) and not store.organisation_refused(T, NOW)
    assert covered(store) == {} and store.nudges_to_check() == []
    store.save_organisation_grant(T, "microsoft", T, "29:ana", NOW)  # consented again
    assert store.organisation_grant(T).refused_at is None and covered(store)
    assert store.withdraw_organisation_grant(T).directory == T
    assert covered(store) == {} and store.withdraw_organisation_grant(T) is None
    store.save_organisation_grant(T, "microsoft", T, "29:ana", NOW)
    store.opt_out_of_organisation(T, "29:bea", "teams", NOW)
    store.mark_uninstalled(T, NOW)
    assert store.purge_uninstalled(NOW, after=timedelta(0)) == [T]
    assert count(store, calendar_organisations) == count(store, calendar_opt_outs) == 0
