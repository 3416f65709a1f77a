"""The web boundary: what the managers' dashboard (adapters/dashboard/) draws, in no web
framework's words: pages of sections holding charts, matrices and ideas, or a refusal that says
what to do (docs/dashboard.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Refused:
    """Why a page is not shown, and what to do about it (the 403 page says both)."""

    reason: str
    language: str = "en"  # the reader's, when the service knows who they are


Point = float | str  # a figure, or why there is none ("suppressed", "too early")


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    points: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    """A line chart and the table behind it: one column per label (a round, a week)."""

    title: str
    summary: str  # the chart said in one sentence, for who cannot see it
    labels: tuple[str, ...]
    series: tuple[Series, ...]


@dataclass(frozen=True, slots=True)
class Matrix:
    """Ties between each two groups (offices, teams): the cell's figure, or why there is none."""

    title: str
    labels: tuple[str, ...]
    cells: dict[tuple[str, str], Point]


@dataclass(frozen=True, slots=True)
class Idea:
    number: int
    text: str
    draftable: bool  # whether a draft program can be aimed at it (two offices)


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    notes: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()
    matrices: tuple[Matrix, ...] = ()
    ideas: tuple[Idea, ...] = ()
    week: str = ""  # the kept week the ideas come from (a draft checks it still is the latest)


@dataclass(frozen=True, slots=True)
class Page:
    title: str
    sections: tuple[Section, ...]
    notice: str = ""  # the outcome of what the manager just did (a draft)
    language: str = "en"  # the manager's (docs/languages.md): every word above is in it
