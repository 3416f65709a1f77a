"""Delivering planned nudges exactly once: claim, send, mark sent; never a blind resend.

A nudge moves planned -> sending -> sent, each step a guarded update that only one sender can
win. A nudge left in `sending` (a crash, a dropped connection) is resumed: the adapter first
looks in the conversation for a message carrying this nudge's id, and posts only if none is
there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.chat import ChatAdapter, DeliveryUncertain, nudge_message
from bot.store import Store


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    uncertain: list[int] = field(default_factory=list)  # left in `sending`: resumed next time
    failed: list[int] = field(default_factory=list)


async def deliver_due(store: Store, platform: str, adapter: ChatAdapter,
                      now: datetime) -> DeliveryReport:
    """Send every nudge of `platform` that is due (all planned ones, for now) exactly once."""
    report = DeliveryReport()
    for nudge in store.deliverable(platform):
        resume = nudge["state"] == "sending"
        if not resume and not store.move_nudge(nudge["id"], "planned", "sending"):
            continue  # another sender claimed it
        try:
            ref = await adapter.send(nudge_message(nudge), resume)
        except DeliveryUncertain:
            report.uncertain.append(nudge["id"])
            continue
        except Exception:  # noqa: BLE001 - the platform refused it: a person must look
            store.move_nudge(nudge["id"], "sending", "failed")
            report.failed.append(nudge["id"])
            continue
        if store.move_nudge(nudge["id"], "sending", "sent", delivery_ref=ref, sent_at=now):
            report.sent.append(nudge["id"])
    return report
