"""Every Teams conformance fixture (tests/conformance/fixtures/teams/*.json, written from Teams's
documentation) replayed over HTTP through the real app: the store must hold exactly what the
fixture expects. A fixture marked `pending` shows a known defect: it must still fail (strict)."""

from __future__ import annotations

import pytest

from tests.helpers.conformance import cases, check, params


@pytest.mark.parametrize("case", params("teams"))
def test_teams_fixture(case, tmp_path):
    check(case, tmp_path, "teams")


def test_there_are_teams_fixtures():
    assert len(cases("teams")) >= 15
