"""The platform boundary: what the core asks an adapter to say, in no platform's words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.core.model import Slot
from bot.store.values import OutboxRow, StoredNudge

ACCEPT, LATER, DECLINE = "accepted", "another_time", "declined"
MET, NOT_YET, NOT_MET = "met", "not_yet", "not_met"


class DeliveryUncertain(Exception):
    """The platform may or may not have received the message (a dropped connection): the nudge
    stays claimed, and the next delivery checks the conversation before sending again."""


class DeliveryDeferred(Exception):
    """The platform refused the message for now and kept nothing (rate limited even after
    waiting): the claim is released, and a later delivery sends it as if for the first time."""


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    answer: str  # the feedback kind a click records
    nudge: int
    slot: int | None = None  # which proposed slot an Accept is for (0-based)
    after: int = 0  # an Another time: how many offers of new times its message follows

    @property
    def value(self) -> str:
        """What the click carries back: the nudge and, for an Accept, the slot; for an Another
        time on an offer of new times, how many offers came before (so that a second click on
        the same button asks for the same offer, never a new one)."""
        extra = self.slot if self.slot is not None else (self.after or None)
        return f"{self.nudge}" if extra is None else f"{self.nudge}:{extra}"


@dataclass(frozen=True, slots=True)
class NudgeMessage:
    """A meetup suggestion for a group: who, why, when (UTC slots), where, and the answers."""

    nudge: int
    members: tuple[str, ...]
    reasons: tuple[str, ...]
    slots: tuple[Slot, ...]
    place: str | None
    buttons: tuple[Button, ...]
    tenant: str = ""  # whose workspace: adapters serving many pick its credentials
    tone: str = "warm"  # the program's: see TONES
    calendars: tuple[str, ...] = ()  # members whose calendars the times fit (issue 14)
    readers: tuple = ()  # each member's Reader (bot/service/readers.py), added for delivery
    default_language: str | None = None  # the organisation's (ties of a group's language)


# A program's tone (programs.TONES): the nudge's first words and its last line, written in
# each language by bot/service/meetup_texts.py; who, why, when, where read alike in every tone.
TONES = ("warm", "brief", "playful")


@dataclass(frozen=True, slots=True)
class FollowUpMessage:
    """"Did you meet?", asked in the conversation the nudge went to (`ref`)."""

    nudge: int
    members: tuple[str, ...]
    ref: str
    buttons: tuple[Button, ...]
    tenant: str = ""
    readers: tuple = ()
    default_language: str | None = None


@dataclass(frozen=True, slots=True)
class ReminderMessage:
    """A day before the slot everyone accepted: who, when (UTC), where. `to` is the one member
    it goes to where each member is written to alone; None: the group's conversation (`ref`).
    `outbox` is its row, the id a resumed delivery looks for."""

    outbox: int
    nudge: int
    members: tuple[str, ...]
    slot: Slot
    place: str | None
    ref: str | None
    to: str | None
    tenant: str = ""
    busy: tuple[str, ...] = ()  # members whose calendar now shows the time busy
    readers: tuple = ()
    default_language: str | None = None


@dataclass(frozen=True, slots=True)
class OfferMessage:
    """New times for a nudge after a member asked for another time: offer number `offer`,
    `slots` the new ones, numbered on from the nudge's (`first` is the first one's index),
    with an Accept each. `to` and `ref` as a reminder's; `outbox` is its row."""

    outbox: int
    nudge: int
    offer: int
    members: tuple[str, ...]
    slots: tuple[Slot, ...]
    first: int
    buttons: tuple[Button, ...]
    ref: str | None
    to: str | None
    tenant: str = ""
    calendars: tuple[str, ...] = ()  # members whose free/busy the new times heed
    readers: tuple = ()
    default_language: str | None = None


MAX_OFFERS = 2  # offers of new times per nudge; then people say a time in their chat


@dataclass(frozen=True, slots=True)
class NoticeMessage:
    """A note to one person from the clock (now: paused after rounds they left unanswered)."""

    outbox: int
    to: str
    kind: str
    text: str  # in English; meetup_texts.notice_text writes it in its reader's language
    tenant: str = ""
    readers: tuple = ()
    default_language: str | None = None


IDLE_NOTICE = ("I've paused your coffee rounds: the last three suggestions went unanswered. "
               "Say `resume` whenever you'd like to meet someone again.")

CALENDAR_NOTICE = ("Your calendar stopped answering for me (the access was withdrawn or has "
                   "expired), so I propose times within your `hours` again. Say `calendar "
                   "connect` to link it again.")
NOTICES = {"idle": IDLE_NOTICE, "calendar": CALENDAR_NOTICE}

Message = NudgeMessage | FollowUpMessage | ReminderMessage | NoticeMessage | OfferMessage


class Unverifiable(DeliveryUncertain):
    """A resumed delivery the platform gives no way to check (Teams keeps no history we can
    read): the item is marked `unknown` for a person to look at, never resent."""


class ChatAdapter(Protocol):
    """The port a platform's sender fills: a GroupChat (Slack) or a MemberChat (Teams).
    Whether a group's messages go to one shared conversation (Slack's group DM) or to each
    member alone (Teams): a reminder is then one message, or one per member."""

    shared_conversation: bool


class GroupChat(ChatAdapter, Protocol):
    """A platform that writes to the whole group in one conversation."""

    async def send(self, message: Message, resume: bool) -> str:
        """Post the message to its members; return where it went. With `resume`, first look
        whether an earlier attempt already posted it. Raise DeliveryUncertain when unsure."""
        ...


@dataclass(frozen=True, slots=True)
class Recipient:
    """One member a per-member platform writes to: where (the conversation reference the
    platform gave), and the group's names and sign-in names to render with."""

    member: str
    reference: dict
    names: dict[str, str]
    sign_ins: dict[str, str]


class MemberChat(ChatAdapter, Protocol):
    """A platform that cannot write to a group (Teams): the service runs each member's
    delivery states and asks the adapter to post one copy to one person."""

    platform: str

    async def send_to(self, message: Message, to: Recipient) -> None:
        """Post `message` to one person; raise DeliveryUncertain when unsure it arrived."""
        ...


def nudge_message(nudge: StoredNudge) -> NudgeMessage:
    """The message for a stored nudge (as Store.deliverable returns it)."""
    slots = nudge.slots
    accepts = [Button(f"Accept {i + 1}" if len(slots) > 1 else "Accept", ACCEPT, nudge.id, i)
               for i in range(len(slots))]
    others = [Button("Another time", LATER, nudge.id),
              Button("Can't make it", DECLINE, nudge.id)]
    buttons = tuple(accepts + others)
    return NudgeMessage(nudge.id, nudge.members, nudge.reasons, slots, nudge.place, buttons,
                        nudge.tenant, nudge.tone or "warm", nudge.calendars)


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text)


def follow_up_message(nudge: StoredNudge) -> FollowUpMessage:
    """The "Did you meet?" question for a delivered nudge."""
    buttons = tuple(Button(label, answer, nudge.id) for label, answer in (
        ("Yes, we met", MET), ("Not yet", NOT_YET), ("No", NOT_MET)))
    return FollowUpMessage(nudge.id, nudge.members, nudge.delivery_ref, buttons, nudge.tenant)


def outbox_message(row: OutboxRow) -> ReminderMessage | NoticeMessage | OfferMessage:
    """The message for a stored outbox row (as Store.outbox_due returns it)."""
    payload = row.payload
    if row.kind == "offer":
        return _offer(row)
    if row.kind == "reminder":
        slot = Slot(_utc(payload["start"]), _utc(payload["end"]))
        return ReminderMessage(row.id, row.nudge, tuple(payload["members"]), slot,
                               payload.get("place"), payload.get("ref"), row.to, row.tenant,
                               tuple(payload.get("busy") or ()))
    return NoticeMessage(row.id, row.to, row.kind, NOTICES.get(row.kind, IDLE_NOTICE), row.tenant)


def _offer(row: OutboxRow) -> OfferMessage:
    """An offer's Accepts carry the new slots' indices in the nudge; it has an Another time
    only while another offer may still come."""
    payload, nudge, offer = row.payload, row.nudge, int(row.payload["offer"])
    slots = tuple(Slot(_utc(a), _utc(b)) for a, b in payload["slots"])
    first = int(payload["first"])
    buttons = [Button(f"Accept {first + i + 1}", ACCEPT, nudge, first + i)
               for i in range(len(slots))]
    if offer < MAX_OFFERS:
        buttons.append(Button("Another time", LATER, nudge, after=offer))
    buttons.append(Button("Can't make it", DECLINE, nudge))
    return OfferMessage(row.id, nudge, offer, tuple(payload["members"]), slots, first,
                        tuple(buttons), payload.get("ref"), row.to, row.tenant,
                        tuple(payload.get("calendars") or ()))


@dataclass(frozen=True, slots=True)
class Home:
    """What a person's home screen shows: their state, profile and current suggestion."""

    person: str
    joined: bool
    paused_until: str | None
    office: str | None
    timezone: str
    hours: str
    avoid: tuple[str, ...]
    suggestion: StoredNudge | None
    # None: this install offers no calendars; "": none connected; else the connected provider's
    # name ("Google Calendar"), for a "Connect your calendar" button or a line saying so
    calendar: str | None = None
    language: str = "en"  # the reader's (bot/service/language.py): the Home tab and form's words


@dataclass(frozen=True, slots=True)
class Answered:
    """A click on a nudge, recorded: the reply to the clicker, the announcement everyone reads
    once all accepted the same slot, and every member's latest answer {user: (kind, slot)}."""

    reply: str
    announcement: str | None = None
    answers: dict = field(default_factory=dict)
    language: str | None = None  # the message's (its group's): the answers line under it
