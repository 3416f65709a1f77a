"""A share and how it moved, in the manager's language ("41 %, en hausse par rapport à 33 %
le trimestre précédent"): bot/core/records.py's trend_words, said through the catalog, with
numbers as the language writes them."""

from __future__ import annotations

from bot.core.records import SAME
from bot.service.language import Texts, percent


def shown(value: float | None, says: Texts) -> str:
    """A share in percent, or "not shown" where it is suppressed (under MIN_PEOPLE people)."""
    return says.gettext("not shown") if value is None else percent(value, says.language)


def trend(now_rate: float | None, then_rate: float | None, says: Texts,
          quarter_ago: bool = False) -> str:
    """Now against then; the earlier figure only where it can be shown. `quarter_ago`: then is
    a quarter before now (`admin health`), else the quarter before (kept round records)."""
    if now_rate is None or then_rate is None:
        return shown(now_rate, says)
    now, then = percent(now_rate, says.language), percent(then_rate, says.language)
    if abs(now_rate - then_rate) < SAME:
        return says.gettext("{now}, about the same as a quarter ago ({then})", now=now,
                            then=then) if quarter_ago else \
            says.gettext("{now}, about the same as the quarter before ({then})", now=now,
                         then=then)
    if now_rate > then_rate:
        return says.gettext("{now}, up from {then} a quarter ago", now=now, then=then) \
            if quarter_ago else says.gettext("{now}, up from {then} the quarter before", now=now,
                                             then=then)
    return says.gettext("{now}, down from {then} a quarter ago", now=now, then=then) \
        if quarter_ago else says.gettext("{now}, down from {then} the quarter before", now=now,
                                         then=then)
