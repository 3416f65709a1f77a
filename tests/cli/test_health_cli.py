"""`weaktie health`: the figures `admin health` gives, on the terminal and as JSON, where no
person id or name appears and suppressed figures are null."""

from __future__ import annotations

import json

from bot.store import Store
from demo.orggen import generate_org
from entrypoints.cli import main


def imported(tmp_path, people: int) -> tuple[str, set[str]]:
    db = str(tmp_path / "weaktie.db")
    org = generate_org(people=people, seed=3, interactions_per_person=20)
    store = Store.open(f"sqlite:///{db}")
    store.import_interactions("acme", org.people, ((f"g{i}", row) for i, row
                                                   in enumerate(org.interactions())))
    store.close()
    return db, {p.id for p in org.people} | {p.name for p in org.people}


def test_health_prints_aggregates_and_its_json_names_nobody(tmp_path, capsys):
    db, who = imported(tmp_path, 120)
    assert main(["health", "--db", db, "--tenant", "acme"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Network health this week (120 people):")
    assert main(["health", "--db", db, "--tenant", "acme", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["people"] == 120 and 0 <= figures["across_offices"] <= 100
    shown = text + json.dumps(figures)
    assert not [x for x in who if x and x in shown]


def test_health_of_a_tiny_tenant_shows_nulls(tmp_path, capsys):
    db, _ = imported(tmp_path, 20)
    store = Store.open(f"sqlite:///{db}")
    store.import_interactions("tiny", list(store.people("acme").values())[:8], [])
    store.close()
    assert main(["health", "--db", db, "--tenant", "tiny", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["people"] == 8
    assert figures["across_communities"] is None and figures["isolated"] is None


def test_health_of_an_unknown_tenant_is_an_error(tmp_path, capsys):
    db, _ = imported(tmp_path, 20)
    assert main(["health", "--db", db, "--tenant", "nope"]) == 1
    assert "no tenant 'nope'" in capsys.readouterr().err
