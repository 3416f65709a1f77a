"""Program scopes resolve channel names to ids, or are refused naming the channel."""

import re

import pytest

from bot.core.programs import Program
from bot.service.scope import UnknownChannel, resolve, shown

NAMES = {"C0GENERAL1": "general", "C0COFFEE01": "coffee", "C0DUP00001": "misc",
         "C0DUP00002": "misc", "19:abc@thread.tacv2": "General"}


def test_a_name_resolves_to_its_channel_and_shows_as_the_name() -> None:
    program = resolve(Program(scope=("#general", "coffee")), NAMES)
    assert program.scope == ("C0GENERAL1", "C0COFFEE01")
    assert shown(program, NAMES) == "#general, #coffee"
    assert resolve(Program(scope=("#team0",)), {"#team0": "#team0"}).scope == ("#team0",)


def test_ids_are_kept_known_or_not_yet_seen() -> None:
    assert resolve(Program(scope=("C0COFFEE01", "C9NEWCHANNEL")), NAMES).scope == \
        ("C0COFFEE01", "C9NEWCHANNEL")


@pytest.mark.parametrize("scope, says", [
    (("#random",), "no channel #random is known here (known: #General, #coffee"),
    (("#misc",), "#misc names 2 channels"),
])
def test_a_name_nobody_has_or_two_channels_share_is_refused_naming_it(scope, says) -> None:
    with pytest.raises(UnknownChannel, match=re.escape(says)):
        resolve(Program(scope=scope), NAMES)


def test_with_no_channels_known_the_refusal_says_how_they_are_learned() -> None:
    with pytest.raises(UnknownChannel, match="learned from a Slack export"):
        resolve(Program(scope=("#general",)), {})
