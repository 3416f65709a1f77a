"""One round planned for a generated organisation and delivered through the Slack stand-in
until nothing is left, as the clock's heartbeats would: shared by bench/round_delivery.py (10,000
people, the stand-in in its own process) and tests/bench/test_round_delivery.py (a tiny round)."""

from __future__ import annotations

import time
from collections import Counter
from datetime import datetime

TENANT = "TBENCH"
EVENT_TYPE = "weaktie_nudge"
INTERACTIONS = 30  # a person; enough for a full round, and the setup is not what is measured
MAX_PASSES = 50  # heartbeats before giving up on nudges that never settle


def plan_round(url: str, people: int) -> tuple[int, datetime]:
    """Import a generated organisation as a Slack tenant and store one round; its id and time."""
    from bot.service import rounds as service
    from bot.store import Store
    from demo.orggen import generate_org
    org = generate_org(people=people, seed=1, interactions_per_person=INTERACTIONS)
    store = Store.open(url)
    try:
        observed = ((f"g:{i}", item) for i, item in enumerate(org.interactions()))
        service.import_data(store, TENANT, org.people, observed, platform="slack")
        planned = service.plan_round_now(store, TENANT, None, org.now)
    finally:
        store.close()
    return planned.round_id, org.now


async def deliver_round(store, api_url: str, now: datetime,
                        max_passes: int = MAX_PASSES) -> tuple[int, float]:
    """Deliver until a heartbeat finds nothing planned or sending, one `deliver_due` each, as
    the clock would; the number of heartbeats that had work and the seconds they all took."""
    from bot.service.delivery import deliver_due
    from entrypoints.app import slack_sender
    from entrypoints.config import Settings
    sender = slack_sender(store, Settings(database_url="unused", slack_bot_token="xoxb-bench",
                                          slack_api_url=api_url))
    started = time.perf_counter()
    passes = 0
    while passes < max_passes:
        report = await deliver_due(store, "slack", sender, now)
        if not (report.sent or report.uncertain or report.deferred or report.failed):
            break
        passes += 1
    return passes, time.perf_counter() - started


def tally(nudges: list, accepted: list[dict]) -> dict:
    """Duplicates (a nudge accepted more than once), lost (never accepted) and end states."""
    seen = Counter(a["nudge"] for a in accepted if a["kind"] == EVENT_TYPE)
    ids = {n.id for n in nudges}
    return {"nudges": len(ids), "accepted": sum(seen.values()),
            "duplicates": sum(c - 1 for c in seen.values() if c > 1),
            "lost": len(ids - set(seen)), "strays": len(set(seen) - ids),
            "states": dict(Counter(n.state for n in nudges))}
