"""A custom emoji's name is text people chose: it never reaches the database, whatever the key."""

from __future__ import annotations

from adapters.slack.events import to_observed
from adapters.teams.events import teams_reactions
from tests.helpers.slack import event, post, reaction, run

EMOJI = "canary-emoji-our-merger-with-initech"


def test_a_slack_reaction_with_a_custom_emoji_stores_who_and_whom_never_the_name(tmp_path):
    async def scenario(client):
        assert (await post(client, event("EvR1", reaction(reaction=EMOJI))))[0] == 200

    store, _ = run(tmp_path, scenario)
    assert [(i.actor, i.target, i.kind) for i in store.interactions("T1")] == \
        [("UBEA", "UANA", "reaction")]
    for path in tmp_path.iterdir():
        assert EMOJI.encode() not in path.read_bytes(), path


def test_no_natural_key_carries_the_emoji_on_either_platform():
    body = {"type": "event_callback", "team_id": "T1", "event_time": 1780000001,
            "event": reaction(reaction=EMOJI)}
    teams = {"type": "messageReaction", "timestamp": "2026-12-01T10:00:00Z", "replyToId": "m1",
             "from": {"id": "29:bea"}, "conversation": {"id": "19:c@thread.tacv2"},
             "reactionsAdded": [{"type": EMOJI}, {"type": "like"}]}
    keys = [k for k, _ in to_observed(body)] + [k for k, _ in teams_reactions(teams, "29:ana")]
    assert len(keys) == 2 and all(EMOJI not in k for k in keys)
