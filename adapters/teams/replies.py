"""What the bot says back in an activity's own HTTP answer: refusals, and every invoke answered
(never botbuilder's 501), in the shapes Teams documents for each invoke name.
"""

from __future__ import annotations

NOT_OURS = "That card is not one of weaktie's."
OUTSIDERS = ("weaktie suggests coffees among this organisation's own people; it keeps nothing "
             "about guests here.")


# Accepting answers to the invokes Teams may send an app without those features (botbuilder's
# TeamsActivityHandler answers each with its handler's result, 501 by default); an invoke not
# listed gets an empty 200, as botbuilder gives signin/*, fileConsent/invoke,
# actionableMessage/executeAction, composeExtension/setting and onCardButtonClicked.
_NOTHING_FOUND = {"composeExtension": {"type": "result", "attachmentLayout": "list",
                                       "attachments": []}}


_NO_TASK = {"task": {"type": "message", "value": "weaktie has no dialog here."}}


INVOKE_ANSWERS: dict[str, dict] = {
    "composeExtension/query": _NOTHING_FOUND,
    "composeExtension/queryLink": _NOTHING_FOUND,
    "composeExtension/anonymousQueryLink": _NOTHING_FOUND,
    "composeExtension/selectItem": _NOTHING_FOUND,
    "composeExtension/querySettingUrl": _NOTHING_FOUND,
    "composeExtension/fetchTask": _NO_TASK,
    "composeExtension/submitAction": {},
    "task/fetch": _NO_TASK,
    "task/submit": {},
    "tab/fetch": {"tab": {"type": "continue", "value": {"cards": []}}},
    "tab/submit": {"tab": {"type": "continue", "value": {"cards": []}}},
    "config/fetch": {"config": {"type": "message", "value": "Nothing to configure."}},
    "config/submit": {"config": {"type": "message", "value": "Nothing to configure."}},
}


def _card_message(text: str) -> dict:
    """An AdaptiveCardInvokeResponse that shows the clicker a short message."""
    return {"statusCode": 200, "type": "application/vnd.microsoft.activity.message",
            "value": text}


def _card_error(reason: str) -> dict:
    return {"statusCode": 400, "type": "application/vnd.microsoft.error",
            "value": {"code": "BadRequest", "message": reason}}
