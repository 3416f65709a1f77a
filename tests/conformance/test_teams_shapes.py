"""Every Teams conformance fixture (tests/conformance/fixtures/teams/*.json, written from Teams's
documentation) replayed over HTTP through the real app: the store must hold exactly what the
fixture expects. A fixture marked `pending` shows a known defect: it must still fail (strict)."""

from __future__ import annotations

import pytest

from tests.conformance.harness import cases, compare, replay

CASES = cases("teams")


@pytest.mark.parametrize("case", [
    pytest.param(c, id=c.name, marks=[pytest.mark.xfail(reason=c.pending, strict=True)]
                 if c.pending else []) for c in CASES])
def test_teams_fixture(case, tmp_path):
    answers, held = replay(case, tmp_path, "teams")
    problems = compare(case, answers, held)
    assert not problems, f"{case.path.name} ({case.data['doc']}):\n" + "\n".join(problems)


def test_there_are_teams_fixtures():
    assert len(CASES) >= 15
