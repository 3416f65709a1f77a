"""Thirds who share context with only one member of their group of three, paired instead.

After the second pass some people sit as the third of a pair whose other member they share
nothing with: the pair they knew had no room for two. Where two such thirds share context, or a
third and someone in a pair do while that pair's other member shares context with another
third (an augmenting path of three edges), both leave their threes: every pair of every group
changed then shares context, and nobody is left out (bot/core/settle.py calls this last).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.core.rules import Rules


def pair_thirds(rules: Rules, kept: list[list[str]],
                partners_of: Callable[[str], Sequence[str]]) -> int:
    """Move thirds into pairs along context, in place (groups of three become pairs); returns
    how many thirds moved. Deterministic: thirds are tried by id."""
    shared, crossing = rules.context.shared, rules.crossing
    where = {m: i for i, g in enumerate(kept) for m in g}

    def third(m: str) -> bool:
        """m is in a three, lacks context with a member, and the other two share context."""
        group = kept[where[m]]
        if len(group) != 3:
            return False
        rest = [o for o in group if o != m]
        return not all(shared(m, o) for o in rest) and shared(rest[0], rest[1])

    def crosses(*groups: Sequence[str]) -> int:
        """How many of the groups cross circles (some two members in different ones)."""
        return sum(any(crossing(a, b) for a in g for b in g if a < b) for g in groups)

    def without(m: str) -> list[str]:
        return [o for o in kept[where[m]] if o != m]

    def leave(m: str) -> None:
        kept[where[m]].remove(m)

    def pair(a: str, b: str) -> None:
        kept.append([a, b])
        where[a] = where[b] = len(kept) - 1

    moved = 0
    for x in sorted(m for g in kept if len(g) == 3 for m in g):
        if not third(x):
            continue  # an earlier move changed x's group
        # crossing circles first, then by id: the move should not cost the round its bridges
        for y in sorted(partners_of(x), key=lambda y: not crossing(x, y)):
            if y not in where or where[y] == where[x] or not shared(x, y):
                continue
            if third(y) and (crosses(without(x), without(y), [x, y])
                             >= crosses(kept[where[x]], kept[where[y]])):
                # two thirds who share context: a pair of their own, as many groups crossing
                leave(x)
                leave(y)
                pair(x, y)
                moved += 2
                break
            group = kept[where[y]]
            if len(group) != 2:
                continue
            z = group[0] if group[1] == y else group[1]
            w = next((w for w in sorted(partners_of(z), key=lambda w: not crossing(z, w))
                      if w in where and w != x and where[w] != where[x] and third(w)
                      and shared(z, w)), None)
            if w is not None and (crosses(without(x), without(w), [x, y], [z, w])
                                  >= crosses(kept[where[x]], kept[where[w]], group)):
                # x takes z's place beside y; z pairs with w; as many groups crossing
                leave(x)
                leave(w)
                group[:] = [y, x]
                where[x] = where[y]
                pair(z, w)
                moved += 2
                break
    return moved
