"""`weaktie outcomes`: the lasting ties `admin outcomes` gives, on the terminal and as JSON
where suppressed rates are null and no person is named."""

from __future__ import annotations

import json

from bot.store import Store
from entrypoints.cli import main
from tests.helpers.outcomes import NOW, a_round


def test_outcomes_print_the_rates_and_their_json_names_nobody(tmp_path, capsys):
    db = str(tmp_path / "weaktie.db")
    store = Store.open(f"sqlite:///{db}")
    groups = a_round(store, "acme", pairs=12, chat_after=3)
    store.close()
    at = ["--db", db, "--tenant", "acme", "--program", "coffee", "--now", NOW.isoformat()]
    assert main(["outcomes", *at]) == 0
    assert "• still talking after meeting: 100%" in capsys.readouterr().out
    assert main(["outcomes", *at, "--json"]) == 0
    out = capsys.readouterr().out
    figures = json.loads(out)
    assert (figures["groups"], figures["met"], figures["not_met"]) == (12, 100.0, 0.0)
    assert not any(person in out for group in groups for person in group)


def test_too_few_people_give_nulls_not_numbers(tmp_path, capsys):
    db = str(tmp_path / "weaktie.db")
    store = Store.open(f"sqlite:///{db}")
    a_round(store, "acme", pairs=6, chat_after=3)
    store.close()
    assert main(["outcomes", "--db", db, "--tenant", "acme", "--program", "coffee", "--json",
                 "--now", NOW.isoformat()]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["met"] is None and figures["not_met"] is None
