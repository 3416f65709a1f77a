"""Slack's own loggers, kept free of what people wrote: bolt logs the body of a request no
listener handles (message text included), so those records lose their body here.
"""

from __future__ import annotations

import logging


class _NoUnhandledBodies(logging.Filter):
    """Bolt's "Unhandled request (...)" warning quotes parts of the body, some of them typed by
    a person (a typeahead's `value`, a command's name) or by whoever sent a hostile request:
    the line is kept, its quote is not."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith("Unhandled request"):
            record.msg, record.args = "Unhandled request (its content is not logged)", None
        return True


_UNHANDLED = _NoUnhandledBodies()


# bolt's apps log through loggers named after their class; a filter on a parent logger would
# not see their records
BOLT_APP_LOGGERS = ("slack_bolt.AsyncApp", "slack_bolt.App")


def quiet_slack_loggers() -> None:
    """Bolt logs a whole request body (message text included) at INFO on some failures."""
    for name in ("slack_bolt", "slack_sdk"):
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in BOLT_APP_LOGGERS:
        if _UNHANDLED not in logging.getLogger(name).filters:
            logging.getLogger(name).addFilter(_UNHANDLED)
