"""Slack's escapes of channels and people become the bare ids the service's words take
(https://api.slack.com/reference/surfaces/formatting#retrieving-messages)."""

from __future__ import annotations

import pytest

from adapters.slack.events import plain_words


@pytest.mark.parametrize(("typed", "plain"), [
    ("admin grant <@U08|eve>", "admin grant U08"),
    ("admin revoke <@W0123ABC>", "admin revoke W0123ABC"),
    ("admin create x scope=<#C012|coffee>,<#C34|random>", "admin create x scope=C012,C34"),
    ("admin edit x scope=<#C012|coffee> <#C34>", "admin edit x scope=C012 C34"),
    ("pause 2w", "pause 2w"),
    ("a <https://example.com|link> stays", "a <https://example.com|link> stays"),
    ("<!here> is not a person", "<!here> is not a person"),
])
def test_slack_escapes_become_bare_ids(typed, plain):
    assert plain_words(typed) == plain
