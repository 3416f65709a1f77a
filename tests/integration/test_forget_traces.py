"""After `forget me`, no row, page or log holds the person's id or name."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from bot.core.model import Interaction, Nudge, RoundPlan, Slot
from bot.core.programs import Program
from bot.store import Store

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)
WHO = "UCANARY7QX"
NAME = "Zelda Canarybright"


def _tenant_with_the_person(store: Store) -> None:
    rows = [(f"k{i}", Interaction(WHO, other, "mention", NOW - timedelta(days=i), "C1"))
            for i, other in enumerate(["UANA", "UBEA", "UCAI"] * 20)]
    rows += [("p1", Interaction("UANA", "UBEA", "reply", NOW, "C1"))]
    store.record_interactions("T1", rows, "slack")
    store.update_person("T1", WHO, "slack", display_name=NAME, office="Lisbon")
    store.update_person("T1", "UBEA", "slack", display_name="Bea Lind")
    store.grant_manager("T1", WHO, "UROOT", NOW, "slack")
    store.grant_manager("T1", "UBEA", WHO, NOW, "slack")  # a manager they granted stays one
    store.save_slack_install("T1", {"team_id": "T1", "installer_user_id": WHO,
                                     "bot_token_encrypted": "x"}, NOW)
    slot = Slot(NOW + timedelta(days=1), NOW + timedelta(days=1, minutes=30))
    plan = RoundPlan((Nudge((WHO, "UANA"), 1.0, (f"You both know {NAME[:5]}",), (slot,)),
                      Nudge(("UBEA", "UCAI"), 1.0, (f"You both know {NAME}",), (slot,))), ())
    store.save_round("T1", Program(), NOW, plan, NOW)


def test_forgetting_leaves_no_row_holding_the_id_or_the_name(store):
    _tenant_with_the_person(store)
    assert store.forget_person("T1", WHO)
    assert [m for m, _ in store.granted_managers("T1")] == ["UBEA"]
    with store.engine.connect() as conn:
        for table in ("people", "interactions", "nudges", "nudge_members", "managers",
                      "slack_installations", "outbox", "feedback", "conversation_refs"):
            for row in conn.execute(text(f"select * from {table}")):
                dump = repr(tuple(row))
                assert WHO not in dump and NAME not in dump, (table, dump)


def test_on_sqlite_no_page_of_the_file_or_its_log_holds_them(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    store = Store.open(f"sqlite:///{tmp_path / 'forget.db'}")
    _tenant_with_the_person(store)
    assert store.forget_person("T1", WHO)
    files = sorted(tmp_path.iterdir())
    assert any(p.name == "forget.db" for p in files)
    for path in files:
        data = path.read_bytes()
        assert WHO.encode() not in data and NAME.encode() not in data, path.name
    store.close()
    assert WHO not in caplog.text and NAME not in caplog.text


def test_a_structured_reason_naming_them_reads_a_colleague_in_each_language(store):
    """Reasons are kept as a key and facts (bot/core/reasons.py): the forgotten name leaves
    the facts, and each reader reads "a colleague" in theirs; an older sentence stays English."""
    from bot.core.reasons import Reason, pair_reason
    from bot.service.language import texts
    from bot.service.reason_texts import reason_text
    _tenant_with_the_person(store)
    slot = Slot(NOW + timedelta(days=2), NOW + timedelta(days=2, minutes=30))
    kept = (pair_reason("Bea", "Cai", Reason.of("connector_office", name=NAME, office="Lisbon")),
            Reason.of("known_more", name=NAME, n=2), f"You both know {NAME}")
    store.save_round("T1", Program(name="later"), NOW + timedelta(days=1),
                     RoundPlan((Nudge(("UBEA", "UCAI"), 1.0, kept, (slot,)),), ()), NOW)
    assert store.forget_person("T1", WHO)
    [nudge] = [n for n in store.nudges("T1") if len(n.reasons) == 3]
    assert NAME not in repr(nudge.reasons)
    assert [reason_text(r, texts("en")) for r in nudge.reasons] == [
        "Bea and Cai: a colleague knows many people across Lisbon",
        "You both know a colleague and 2 others", "You both know a colleague"]
    assert reason_text(nudge.reasons[1], texts("fr")) == (
        "Vous avez des connaissances en commun : une personne de votre organisation et 2 "
        "autres personnes")
