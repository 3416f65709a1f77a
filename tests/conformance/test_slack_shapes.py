"""Every Slack conformance fixture (tests/conformance/fixtures/slack/*.json, written from Slack's
documentation) replayed over HTTP through the real app: the store must hold exactly what the
fixture expects. A fixture marked `pending` shows a known defect: it must still fail (strict)."""

from __future__ import annotations

import pytest

from tests.conformance.harness import cases, compare, replay

CASES = cases("slack")


@pytest.mark.parametrize("case", [
    pytest.param(c, id=c.name, marks=[pytest.mark.xfail(reason=c.pending, strict=True)]
                 if c.pending else []) for c in CASES])
def test_slack_fixture(case, tmp_path):
    answers, held = replay(case, tmp_path, "slack")
    problems = compare(case, answers, held)
    assert not problems, f"{case.path.name} ({case.data['doc']}):\n" + "\n".join(problems)


def test_there_are_slack_fixtures():
    assert len(CASES) >= 20
