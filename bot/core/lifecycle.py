"""What the clock decides after a round is out, pure: when to remind a group of the slot they
agreed on, and who has gone quiet. Data and `now` in, data out."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

REMIND_BEFORE = timedelta(hours=24)
IDLE_ROUNDS = 3  # unanswered rounds in a row before a person is paused
ANSWER_TIME = timedelta(days=2)  # after a nudge's last slot, time left to say anything at all
NO_SLOTS = timedelta(days=7)  # a nudge without proposed times counts as over a week after its round

Answer = tuple[str, int | None, datetime]  # (kind, slot, when): a member's latest answer


def common_slot(members: Sequence[str], answers: Mapping[str, tuple]) -> int | None:
    """The slot every member accepted, if they all accepted the same one. `answers` holds each
    member's latest answer as (kind, slot, ...); the one rule for a confirmation, a calendar
    link and a reminder."""
    said = [answers.get(m) for m in members]
    if not said or any(a is None or a[0] != "accepted" or a[1] is None for a in said):
        return None
    return said[0][1] if len({a[1] for a in said}) == 1 else None


def agreement(members: Sequence[str], answers: Mapping[str, Answer]) -> tuple[int, datetime] | None:
    """The slot every member accepted, and when the last of them did; None until they all
    accepted the same one."""
    slot = common_slot(members, answers)
    return None if slot is None else (slot, max(answers[m][2] for m in members))


def reminder_due(start: datetime, agreed_at: datetime, now: datetime) -> bool:
    """Whether to remind now of a slot starting at `start`: from a day before it until it
    starts. A slot agreed less than a day ahead gets no reminder at all: the agreement was
    the reminder, and a second message the same day is noise."""
    remind_at = start - REMIND_BEFORE
    return agreed_at <= remind_at <= now < start


@dataclass(frozen=True, slots=True)
class Turn:
    """One round in which a person was sent a nudge: when it was due, when the time to answer
    it ran out (ANSWER_TIME after its last slot), and whether they answered anything."""

    round_id: int
    due_at: datetime
    over_at: datetime
    answered: bool


def finished_at(due_at: datetime, slot_ends: Sequence[datetime]) -> datetime:
    """When a nudge stops waiting for an answer: ANSWER_TIME after its last slot ends."""
    return (max(slot_ends) if slot_ends else due_at + NO_SLOTS) + ANSWER_TIME


def gone_quiet(turns: Mapping[Hashable, Sequence[Turn]], since: Mapping[Hashable, datetime],
               now: datetime) -> dict[Hashable, int]:
    """person -> the latest of their last IDLE_ROUNDS finished rounds, for each person who
    answered none of them. Only rounds due after `since[person]` (their last pause) count, so
    someone who says `resume` starts again from zero."""
    quiet = {}
    for person, theirs in turns.items():
        after = since.get(person)
        done = sorted((t for t in theirs if t.over_at <= now
                       and (after is None or t.due_at > after)),
                      key=lambda t: (t.due_at, t.round_id), reverse=True)
        last = _per_round(done)[:IDLE_ROUNDS]
        if len(last) == IDLE_ROUNDS and not any(t.answered for t in last):
            quiet[person] = last[0].round_id
    return quiet


def _per_round(turns: Sequence[Turn]) -> list[Turn]:
    """One turn per round (a re-match can put a person in two nudges of one round): answered
    if either was."""
    merged: dict[int, Turn] = {}
    for turn in turns:
        seen = merged.get(turn.round_id)
        merged[turn.round_id] = turn if seen is None else Turn(
            turn.round_id, seen.due_at, max(seen.over_at, turn.over_at),
            seen.answered or turn.answered)
    return list(merged.values())
