"""Every Slack conformance fixture (tests/conformance/fixtures/slack/*.json, written from Slack's
documentation) replayed over HTTP through the real app: the store must hold exactly what the
fixture expects. A fixture marked `pending` shows a known defect: it must still fail (strict)."""

from __future__ import annotations

import pytest

from tests.helpers.conformance import cases, check, params


@pytest.mark.parametrize("case", params("slack"))
def test_slack_fixture(case, tmp_path):
    check(case, tmp_path, "slack")


def test_there_are_slack_fixtures():
    assert len(cases("slack")) >= 20
