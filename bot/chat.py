"""The platform boundary: what the core asks an adapter to say, in no platform's words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.model import Slot

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

    @property
    def value(self) -> str:
        """What the click carries back: the nudge and, for an Accept, the slot."""
        return f"{self.nudge}" if self.slot is None else f"{self.nudge}:{self.slot}"


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


@dataclass(frozen=True, slots=True)
class FollowUpMessage:
    """"Did you meet?", asked in the conversation the nudge went to (`ref`)."""

    nudge: int
    members: tuple[str, ...]
    ref: str
    buttons: tuple[Button, ...]
    tenant: str = ""


class ChatAdapter(Protocol):
    async def send(self, message: NudgeMessage | FollowUpMessage, resume: bool) -> str:
        """Post the message to its members; return where it went. With `resume`, first look
        whether an earlier attempt already posted it. Raise DeliveryUncertain when unsure."""
        ...


def nudge_message(nudge: dict) -> NudgeMessage:
    """The message for a stored nudge (as Store.nudges returns it)."""
    slots = tuple(Slot(_utc(a), _utc(b)) for a, b in nudge["slots"])
    accepts = [Button(f"Accept {i + 1}" if len(slots) > 1 else "Accept", ACCEPT, nudge["id"], i)
               for i in range(len(slots))]
    others = [Button("Another time", LATER, nudge["id"]),
              Button("Can't make it", DECLINE, nudge["id"])]
    buttons = tuple(accepts + others)
    return NudgeMessage(nudge["id"], tuple(nudge["members"]), tuple(nudge["reasons"]), slots,
                        nudge["place"], buttons, nudge.get("tenant", ""))


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text)


def follow_up_message(nudge: dict) -> FollowUpMessage:
    """The "Did you meet?" question for a delivered nudge."""
    buttons = tuple(Button(label, answer, nudge["id"]) for label, answer in (
        ("Yes, we met", MET), ("Not yet", NOT_YET), ("No", NOT_MET)))
    return FollowUpMessage(nudge["id"], tuple(nudge["members"]), nudge["delivery_ref"], buttons,
                           nudge.get("tenant", ""))
