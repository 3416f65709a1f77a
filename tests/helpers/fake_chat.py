"""Recording chat adapters for service tests (cosmicpython's FakeNotifications): they fill the
service's outbound ports (bot/service/outbound.py) with a list instead of a platform, so the
delivery rules are tested without HTTP. The real adapters are tested over HTTP elsewhere."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.service.outbound import DeliveryUncertain, Message, Recipient


@dataclass
class FakeGroupChat:
    """Slack-like: one conversation per group. `uncertain` nudges raise DeliveryUncertain once
    (the connection dropped after the platform kept the message: it is in `posted`)."""

    shared_conversation = True
    posted: list[tuple[Message, bool]] = field(default_factory=list)
    uncertain: set[int] = field(default_factory=set)

    async def send(self, message: Message, resume: bool) -> str:
        nudge = getattr(message, "nudge", None)
        already = any(getattr(m, "nudge", None) == nudge and type(m) is type(message)
                      for m, _ in self.posted)
        if resume and already:
            return f"fake:{nudge}"  # looked in the conversation: it is there, not sent again
        self.posted.append((message, resume))
        if nudge in self.uncertain:
            self.uncertain.discard(nudge)
            raise DeliveryUncertain(f"nudge {nudge}: the connection dropped")
        return f"fake:{nudge}"


@dataclass
class FakeMemberChat:
    """Teams-like: one copy per member. `drop` members' next copy raises DeliveryUncertain."""

    shared_conversation = False
    platform = "teams"
    posted: list[tuple[Message, Recipient]] = field(default_factory=list)
    drop: set[str] = field(default_factory=set)

    async def send_to(self, message: Message, to: Recipient) -> None:
        if to.member in self.drop:
            self.drop.discard(to.member)
            raise DeliveryUncertain(f"{to.member}: the connection dropped")
        self.posted.append((message, to))

    def copies_to(self, member: str) -> int:
        return sum(1 for _, to in self.posted if to.member == member)
