"""Fill: a partner for everyone the weak-tie search found nobody for, so nobody sits out."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping

from bot.core.model import FILL, Candidate
from bot.core.reasons import Reason, channel_reason, known_reason
from bot.core.rules import Rules, mutuals
from bot.core.ties import is_strong

FILL_OPTIONS = 3  # partners offered to someone who had no candidate, so matching has a choice
FILL_SCAN = 64  # people looked at per group when filling, so a blocked crowd stays cheap
CONNECTOR_TIES = 10  # a colleague with this many ties can introduce a newcomer around


def fill(rules: Rules, found: Mapping[tuple[str, str], Candidate]) -> list[Candidate]:
    """Low-score partners for eligible people who got no candidate, so nobody is left out."""
    covered = {p for pair in found for p in pair}
    lonely = sorted(rules.eligible - covered)
    groups = _groups(rules) if lonely else {}
    return [c for a in lonely for c in _fill_for(rules, groups, a)]


def _groups(rules: Rules) -> dict[tuple[str, object], list[str]]:
    """Eligible people by channel, community, office and all together, each list sorted."""
    groups: dict[tuple[str, object], list[str]] = {("all", None): sorted(rules.eligible)}
    # newcomers (no tie yet) first meet the best-connected colleagues of their office
    connectors = sorted((p for p in groups["all", None]
                         if len(rules.ties_of(p)) >= CONNECTOR_TIES),
                        key=lambda p: (-len(rules.ties_of(p)), p))
    for p in connectors[:FILL_SCAN * 4]:
        groups.setdefault(("connectors", rules.people[p].office), []).append(p)
    for p in groups["all", None]:
        keys = [("channel", c) for c in rules.ties.channels.get(p, ())]
        keys += [("community", rules.communities.get(p)), ("office", rules.people[p].office)]
        for key in keys:
            if key[1] is not None:
                groups.setdefault(key, []).append(p)
    return groups


def _fill_for(rules: Rules, groups: Mapping[tuple[str, object], list[str]],
              a: str) -> list[Candidate]:
    """Up to FILL_OPTIONS partners, closest context first; each group is read from a onwards."""
    joined = sorted(rules.ties.channels.get(a, ()), key=lambda c: (rules.channel_size[c], c))
    keys = [("channel", c) for c in joined]
    keys += [("community", rules.communities.get(a)), ("office", rules.people[a].office)]
    if not rules.ties_of(a) and rules.people[a].office is not None:
        # a newcomer at an office: a colleague there who can introduce them around, first (not
        # in a public community with no offices: there, on Gitter's data, it cost 3 points of
        # crossing with context and placed nobody better)
        keys.insert(0, ("connectors", rules.people[a].office))
    picked: list[str] = []
    for key in [*keys, ("all", None)]:
        members = groups.get(key, [])
        # connectors are read best-connected first; the others from a onwards, spread out
        start = 0 if key[0] == "connectors" else bisect_right(members, a)
        for i in range(min(len(members), FILL_SCAN)):
            b = members[(start + i) % len(members)]
            edge = rules.ties_of(a).get(b)
            if (b not in picked and rules.allowed(a, b)
                    and (edge is None or not is_strong(edge["strength"], rules.strong))):
                picked.append(b)
                if len(picked) == FILL_OPTIONS:
                    return [fill_candidate(rules, a, b) for b in picked]
    return [fill_candidate(rules, a, b) for b in picked]


def fill_candidate(rules: Rules, a: str, b: str) -> Candidate:
    """A weak suggestion, still with a reason; shared_context says whether anything is shared."""
    mutual = sorted(mutuals(rules.ties_of(a), rules.ties_of(b), a, b), key=lambda m: (-m[0], m[1]))
    channels = rules.shared_channels(a, b)
    office = rules.people[a].office
    if channels:
        reason, quality = channel_reason(rules, channels), 0.5
    elif mutual:
        reason, quality = known_reason(rules, mutual) or Reason.of("not_introduced"), 0.5
    elif (connector := _connector(rules, a, b)) is not None:
        same = office is not None and office == rules.people[b].office
        label = rules.people[connector].label
        reason = Reason.of("connector_office", name=label, office=office) if same \
            else Reason.of("connector", name=label)
        quality = 0.3
    elif not rules.crossing(a, b) and rules.communities.get(a) is not None:
        reason, quality = Reason.of("same_circles"), 0.25
    elif office is not None and office == rules.people[b].office:
        reason, quality = Reason.of("same_office", office=office), 0.1
    else:
        reason, quality = Reason.of("not_introduced"), 0.1
    context = rules.context.shared(a, b)
    score = round(rules.program.weights.fill * quality * rules.hours_factor(a, b), 9)
    return Candidate((a, b) if a < b else (b, a), score, FILL, (reason,), context)


def _connector(rules: Rules, a: str, b: str) -> str | None:
    """Of a newcomer at an office (no tie yet) and a well-connected colleague, the colleague,
    when they may be named; else None."""
    for new, known in ((a, b), (b, a)):
        if not rules.ties_of(new) and rules.people[new].office is not None \
                and len(rules.ties_of(known)) >= CONNECTOR_TIES and rules.nameable(known):
            return known
    return None
