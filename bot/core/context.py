"""Shared context: what makes a suggested meeting natural rather than a blind date.

Two people share context when they have interacted themselves (however lightly), when someone is
close to both of them (a strong tie of each: a natural go-between), or when both post in a small
channel. Org-wide channels (#general, #random) say nothing about a pair, so a channel counts only
while it is small. Candidates and the evaluation use this one definition, so what the matcher
aims at is what the benchmarks measure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.ties import is_strong

SMALL_CHANNEL_MIN = 30  # a channel this small always says something about its members
SMALL_CHANNEL_SHARE = 0.02  # ... and so does one with at most 2% of the people posting


def small_channels(channels: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """Channels with few enough posters that sharing one is a real common interest."""
    sizes: dict[str, int] = {}
    for joined in channels.values():
        for channel in joined:
            sizes[channel] = sizes.get(channel, 0) + 1
    limit = max(SMALL_CHANNEL_MIN, int(SMALL_CHANNEL_SHARE * len(channels)))
    return frozenset(c for c, n in sizes.items() if n <= limit)


@dataclass(frozen=True, slots=True)
class Context:
    """Answers 'do a and b share context?' for one tie graph (adjacency with edge strengths)."""

    adj: Mapping[str, Mapping[str, Mapping[str, Any]]]
    channels: Mapping[str, frozenset[str]]
    small: frozenset[str]
    strong: float

    @classmethod
    def of(cls, adj: Mapping[str, Mapping[str, Mapping[str, Any]]],
           channels: Mapping[str, frozenset[str]], strong: float) -> Context:
        return cls(adj, channels, small_channels(channels), strong)

    def go_betweens(self, a: str, b: str) -> list[str]:
        """Mutual contacts with a strong tie to both a and b, sorted by id."""
        adj_a, adj_b = self.adj.get(a, {}), self.adj.get(b, {})
        small, large = (adj_a, adj_b) if len(adj_a) <= len(adj_b) else (adj_b, adj_a)
        return sorted(m for m in small if m in large and m not in (a, b)
                      and is_strong(adj_a[m]["strength"], self.strong)
                      and is_strong(adj_b[m]["strength"], self.strong))

    def small_shared(self, a: str, b: str) -> frozenset[str]:
        """Small channels both post in."""
        none: frozenset[str] = frozenset()
        return self.channels.get(a, none) & self.channels.get(b, none) & self.small

    def shared(self, a: str, b: str) -> bool:
        """A direct tie, a close mutual contact, or a small shared channel."""
        if b in self.adj.get(a, {}):
            return True
        return bool(self.small_shared(a, b)) or bool(self.go_betweens(a, b))
