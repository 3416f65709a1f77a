"""Delivering planned nudges exactly once: claim, send, mark sent; never a blind resend.

A nudge moves planned -> sending -> sent, each step a guarded update that only one sender can
win. A nudge left in `sending` (a crash, a dropped connection) is resumed: the adapter first
looks in the conversation for a message carrying this nudge's id, and posts only if none is
there.

A platform that cannot write to a group (Teams: a bot cannot open a group chat) gets each
member's copy on its own: each copy moves planned -> sending -> sent by itself here, and the
adapter only posts one card to one person (`MemberChat.send_to`). A copy found `sending` on
resume cannot be checked in Teams, so it is marked `unknown` for a person to look at, never
resent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.service.outbound import (
    ChatAdapter,
    DeliveryDeferred,
    DeliveryUncertain,
    FollowUpMessage,
    MemberChat,
    NoticeMessage,
    OfferMessage,
    Recipient,
    ReminderMessage,
    Unverifiable,
    follow_up_message,
    nudge_message,
    outbox_message,
)
from bot.service.readers import with_readers
from bot.store import Store
from bot.store.values import OutboxRow, StoredNudge


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    uncertain: list[int] = field(default_factory=list)  # left in `sending`: resumed next time
    failed: list[int] = field(default_factory=list)
    deferred: list[int] = field(default_factory=list)  # refused for now: ready again


Fence = Callable[[], bool]  # whether this sender may still send (the clock still leads)
FOLLOW_UP_AFTER = timedelta(hours=1)  # after the last proposed slot has ended
IN_FLIGHT = 8  # messages being sent at once, per workspace
ONE_PERSON = (ReminderMessage, NoticeMessage, OfferMessage)  # outbox rows: `to` names them


async def deliver_due(store: Store, platform: str, adapter: ChatAdapter,
                      now: datetime, fence: Fence | None = None) -> DeliveryReport:
    """Send every nudge of `platform` that is due (all planned ones, for now) exactly once."""
    return await _deliver(store, store.deliverable(platform), adapter, now,
                          ("planned", "sending", "sent"), nudge_message, fence=fence)


async def ask_did_you_meet(store: Store, platform: str, adapter: ChatAdapter,
                           now: datetime, fence: Fence | None = None) -> DeliveryReport:
    """Ask "Did you meet?" once in each delivered nudge's conversation, an hour after its last
    proposed slot has ended."""
    due = [n for n in store.delivered(platform)
           if n.slots and n.slots[-1].end + FOLLOW_UP_AFTER <= now]
    return await _deliver(store, due, adapter, now, ("sent", "asking", "asked"), follow_up_message,
                          fence=fence)


async def deliver_outbox(store: Store, platform: str, adapter: ChatAdapter,
                         now: datetime, fence: Fence | None = None) -> DeliveryReport:
    """Send every planned outbox row of `platform` (reminders, notices) exactly once, the way
    nudges go: claimed, sent, marked; one cut off mid-send is looked for before anything else."""
    return await _deliver(store, store.outbox_due(platform), adapter, now,
                          ("planned", "sending", "sent"), outbox_message, store.move_outbox,
                          fence=fence)


async def _deliver(store: Store, due: list[StoredNudge] | list[OutboxRow], adapter: ChatAdapter,
                   now: datetime, states: tuple[str, str, str], compose, move=None,
                   fence: Fence | None = None) -> DeliveryReport:
    """Claim, send and mark each item once: `states` are (ready, in flight, done); `move` takes
    an item's row from one state to the next (a nudge's by default). Several go at a time, so
    one conversation's rate limit (a wait for Retry-After) holds up no other. `fence` is asked
    before each item: a clock that lost its leadership mid-round stops at once, rather than
    sending beside the standby that took over (whose resumes could not see its posts yet)."""
    report = DeliveryReport()
    move = move or store.move_nudge
    gates: dict[str, asyncio.Semaphore] = {}  # one workspace waiting out 429s holds no other's

    async def one(nudge: StoredNudge | OutboxRow) -> None:
        async with gates.setdefault(nudge.tenant, asyncio.Semaphore(IN_FLIGHT)):
            if fence is not None and not await asyncio.to_thread(fence):
                return
            await _deliver_one(store, move, nudge, adapter, now, states, compose, report)

    await asyncio.gather(*(one(nudge) for nudge in due))
    for found in (report.sent, report.uncertain, report.failed, report.deferred):
        found.sort()
    return report


async def _deliver_one(store: Store, move, nudge: StoredNudge | OutboxRow, adapter: ChatAdapter,
                       now: datetime, states: tuple[str, str, str], compose,
                       report: DeliveryReport) -> None:
    ready, flying, done = states
    resume = nudge.state == flying
    if not resume and not await asyncio.to_thread(move, nudge.id, ready, flying):
        return  # another sender claimed it
    try:
        message = await asyncio.to_thread(with_readers, store, compose(nudge))
        ref = await adapter.send(message, resume) if adapter.shared_conversation \
            else await _each_member(store, adapter, message, resume)
    except Unverifiable:  # cut off earlier, and nothing to look in: a person decides
        await asyncio.to_thread(move, nudge.id, flying, "unknown")
        report.uncertain.append(nudge.id)
        return
    except DeliveryUncertain:
        report.uncertain.append(nudge.id)
        return
    except DeliveryDeferred:
        # Released only if no earlier attempt could have posted it; a resumed item stays
        # claimed, so its next attempt still looks in the conversation first.
        if resume:
            report.uncertain.append(nudge.id)
        elif await asyncio.to_thread(move, nudge.id, flying, ready):
            report.deferred.append(nudge.id)
        return
    except Exception:  # noqa: BLE001 - the platform refused it: a person must look
        await asyncio.to_thread(move, nudge.id, flying, "failed")
        report.failed.append(nudge.id)
        return
    marks = {"delivery_ref": ref, "sent_at": now} if done == "sent" else {}
    if await asyncio.to_thread(move, nudge.id, flying, done, **marks):
        report.sent.append(nudge.id)


async def _each_member(store: Store, adapter: MemberChat, message, resume: bool) -> str:
    """A message for a platform that writes to each member alone: a reminder, notice or offer
    of new times goes to its one person (an outbox row each); a nudge or a "Did you meet?" to
    each member, each copy claimed, sent and marked on its own, so a resume never sends a
    member's copy twice."""
    if isinstance(message, ONE_PERSON):
        if resume:
            raise Unverifiable(f"outbox {message.outbox}: cut off mid-send; the platform "
                               "cannot be asked")
        group = await _group(store, message)
        await adapter.send_to(message, await _recipient(store, message, message.to, group))
        return f"{adapter.platform}:outbox:{message.outbox}"
    ready, flying, done = ("sent", "asking", "asked") \
        if isinstance(message, FollowUpMessage) else ("planned", "sending", "sent")
    # Cut off mid-send earlier: a person decides (`weaktie deliveries`, `admin deliveries`),
    # told apart from a cut-off "Did you meet?" by its state.
    cut_off = "unknown" if flying == "sending" else "ask_unknown"
    group = await _group(store, message)
    for member in message.members:
        if await asyncio.to_thread(store.move_member, message.tenant, message.nudge, member,
                                   flying, cut_off):
            continue
        if not await asyncio.to_thread(store.move_member, message.tenant, message.nudge,
                                       member, ready, flying):
            continue  # done already
        await adapter.send_to(message, await _recipient(store, message, member, group))
        await asyncio.to_thread(store.move_member, message.tenant, message.nudge, member,
                                flying, done)
    return f"{adapter.platform}:{message.nudge}"


async def _group(store: Store, message) -> tuple[dict[str, str], dict[str, str]]:
    """The group's names and sign-in names (for chat links), read once for every copy."""
    def read() -> tuple[dict[str, str], dict[str, str]]:
        people = {m: store.person(message.tenant, m) for m in getattr(message, "members", ())}
        names = {m: p.label for m, p in people.items() if p is not None}
        links = store.sign_ins(message.tenant, list(message.members)) \
            if not isinstance(message, ONE_PERSON) else {}
        return names, links
    return await asyncio.to_thread(read)


async def _recipient(store: Store, message, member: str,
                     group: tuple[dict[str, str], dict[str, str]]) -> Recipient:
    """Where to write to one member: the conversation the platform gave us. LookupError when
    the bot may not write first to this person (Teams: only to people who installed it)."""
    reference = await asyncio.to_thread(store.reference, message.tenant, member)
    if reference is None:
        raise LookupError(f"{member} has never talked to the bot: Teams lets a bot write "
                          "first only to people who installed it")
    return Recipient(member, reference, *group)
