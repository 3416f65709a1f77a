"""`weaktie demo --lang fr` prints the round in French (issue 16): the demo's own lines, the
reasons, the days, the table and its numbers, with nothing left in English from the catalog."""

from __future__ import annotations

import re

from bot.service.language import texts
from tests.helpers.cli import run


def test_the_demo_prints_its_round_in_french(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    noted = set(texts("fr").missed.ids)  # what other tests in this process found missing
    code, out, _ = run(capsys, "demo", "--people", "60", "--show", "3", "--lang", "fr")
    assert code == 0
    assert out.startswith("démo weaktie : une organisation générée (graine 7)")
    assert "Tour planifié le " in out and " UTC : " in out
    for label in ("pourquoi", "quand", "où"):
        assert f"\n     {label} " in out
    assert "Vous " in out  # the reasons, written from the catalog
    assert "groupes  croisement  contexte commun  chaque paire" in out
    assert re.search(r"\d,\d[\u00a0\u202f]%", out)  # "97,4 %", as French writes a share
    assert "Tous les groupes : weaktie demo --show" in out and out.rstrip().endswith("--lang fr.")
    for english in ("Round planned", "why ", "How this round compares", "every pair:"):
        assert english not in out
    assert texts("fr").missed.ids - noted == set()  # every line came from the catalog


def test_the_demo_stays_in_english_by_default(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "demo", "--people", "60", "--show", "2")
    assert code == 0 and out.startswith("weaktie demo: a generated organisation (seed 7)")
    assert "\n     why   " in out and "\n     when  " in out and "\n     where " in out
    assert "every pair" in out and "%" in out and "Every group: weaktie demo --show" in out
