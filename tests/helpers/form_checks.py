"""What Slack and Teams accept of a view or a card, for the tests of the forms in every
language: slack_sdk's own models and limits (title, submit and close 24 characters, 100
blocks: https://api.slack.com/reference/surfaces/views), and the official Adaptive Card
schema kept in tests/conformance/schemas/."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from slack_sdk.models.views import View

SCHEMAS = Path(__file__).parents[1] / "conformance" / "schemas"
TEXT_OBJECT = 3000


def text_objects(node):
    """Every text object in a payload: plain_text and mrkdwn, however deep."""
    if isinstance(node, dict):
        if node.get("type") in ("plain_text", "mrkdwn") and "text" in node:
            yield node["text"]
        for value in node.values():
            yield from text_objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from text_objects(value)


def assert_valid_view(view: dict) -> None:
    """What views.open / views.publish would take; slack_sdk raises on a broken limit."""
    parsed = View(**view)
    parsed.validate_json()
    assert parsed.to_dict() == view
    for block in parsed.blocks:
        block.validate_json()
    assert all(1 <= len(t) <= TEXT_OBJECT for t in text_objects(view))


def card_problems(card: dict) -> list[str]:
    """What the official schema of the card's declared version finds wrong."""
    schema = json.loads((SCHEMAS / f"adaptive-card-{card['version']}.0.json").read_text())
    checker = jsonschema.validators.validator_for(schema)
    errors = checker(schema, format_checker=checker.FORMAT_CHECKER).iter_errors(card)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in errors]
