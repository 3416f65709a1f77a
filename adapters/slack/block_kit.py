"""Slack's Block Kit limits, and the helpers that keep what weaktie renders inside them.

Limits as Slack documents them (and slack_sdk's validators check them):
- blocks: https://api.slack.com/reference/block-kit/blocks (section text 3,000; header 150;
  context at most 10 elements; 50 blocks in a message, 100 in a modal or Home tab)
- text objects: https://api.slack.com/reference/block-kit/composition-objects#text (1 to 3,000)
- buttons: https://api.slack.com/reference/block-kit/block-elements#button (text 75, value 2,000)
- inputs: https://api.slack.com/reference/block-kit/blocks#input (label and hint 2,000),
  https://api.slack.com/reference/block-kit/block-elements#input (placeholder 150) and
  https://api.slack.com/reference/block-kit/composition-objects#option (text 75, value 150)
- views: https://api.slack.com/reference/surfaces/views (title, submit and close 24 characters)
- message text: https://api.slack.com/methods/chat.postMessage#truncating (keep it to 4,000)
- escaping: https://api.slack.com/reference/surfaces/formatting#escaping (&, < and > in text)
A payload over a limit is refused whole by Slack (`invalid_blocks`), so the builders clip the
free text in it (names, reasons, places, offices) rather than let one long name lose a nudge.
"""

from __future__ import annotations

import re

SECTION_TEXT = 3000
TEXT_OBJECT = 3000
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
VIEW_TEXT = 24  # a view's title, submit and close
INPUT_LABEL = 2000  # an input block's label, and its hint
PLACEHOLDER = 150
OPTION_TEXT = 75
MESSAGE_BLOCKS = 50
MESSAGE_TEXT = 4000
VIEW_BLOCKS = 100
# One name, reason or place inside a message: longer than any real one, and short enough that
# a nudge's three reasons, five slots and place fit in one section.
FREE_TEXT = 500
ELLIPSIS = "…"
_OPEN_TOKEN = re.compile(r"(?:<[^>]*|&[a-z]*)$")  # a mention, date or entity cut in two


def escape(text: str) -> str:
    """Text a person or a directory chose, made literal in mrkdwn (no stray pings or links)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: cut with an ellipsis, never inside a `<...>` token
    or an `&...;` entity, which Slack would show broken."""
    if len(text) <= limit:
        return text
    return _OPEN_TOKEN.sub("", text[:limit - len(ELLIPSIS)]).rstrip() + ELLIPSIS


def free(text: str, limit: int = FREE_TEXT) -> str:
    """Free text for mrkdwn: escaped, then clipped."""
    return clip(escape(text), limit)


def plain(text: str, limit: int) -> dict:
    """A plain_text object of at most `limit` characters (Slack refuses an empty one)."""
    return {"type": "plain_text", "text": clip(text, limit) or ELLIPSIS}


def sections(lines: list[str]) -> list[dict]:
    """mrkdwn lines as few section blocks as the 3,000-character limit allows, in order."""
    out: list[str] = []
    for line in (clip(line, SECTION_TEXT) for line in lines):
        if out and len(out[-1]) + 1 + len(line) <= SECTION_TEXT:
            out[-1] += "\n" + line
        else:
            out.append(line)
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text}} for text in out]
