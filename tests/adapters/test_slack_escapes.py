"""A Slack manager names channels and people the way Slack sends them, escaped (<#C012|coffee>,
<@U08|eve>; https://api.slack.com/reference/surfaces/formatting#retrieving-messages): the
Slack adapter turns them into the bare ids the service reads, over signed requests into bolt."""

from __future__ import annotations

from tests.helpers.admin_chat import coffee, slack
from tests.standins.slack import SlackWebApi


def test_escaped_people_and_channels_reach_the_service_as_ids(tmp_path):
    said = []

    async def scenario(client) -> None:
        said.append(await coffee(client, "UBOSS", "admin grant <@U08|eve>"))
        said.append(await coffee(client, "UBOSS",
                                 'admin create lunch scope=<#C012|coffee>,<#C34|random> size=2'))
        said.append(await coffee(client, "U08", "admin revoke <@U08>"))

    store = slack(tmp_path, scenario, SlackWebApi(), managers={"UBOSS"})
    assert "can now manage" in said[0] and "<@U08>" in said[0]
    assert said[1].startswith("Created `lunch`")
    assert store.program("T1", "lunch").scope == ("C012", "C34")
    assert "no longer manages" in said[2]
