"""What each page of the web dashboard shows, read from the kept records (bot/store/records.py):
per-round outcomes by program, the weekly health series and its bridges, and the ideas with their
draft buttons. Only aggregates that the chat commands could show; a figure over fewer than
MIN_PEOPLE people is the word "suppressed", never a number. Reading kept rows only, a page costs
a few small queries however large the tenant (bench/dashboard.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.core.health import Bridge, Suggestion, suggestions
from bot.core.outcomes import MIN_PEOPLE
from bot.core.records import shown_round, snapshot_of
from bot.service.drafts import draft_idea, draft_program
from bot.service.round_outcomes import trend_text
from bot.service.web_pages import Chart, Idea, Matrix, Page, Point, Section, Series
from bot.store import Store

SUPPRESSED, TOO_EARLY, NONE_YET = "suppressed", "too early", "none yet"
SUPPRESSION = (f"“suppressed”: fewer than {MIN_PEOPLE} people are behind the figure, so it is not "
               "shown (it could describe someone in particular).")


def overview(store: Store, tenant: str) -> Page:
    """One section per program: its rounds' rates as a chart, and the quarter's trend."""
    records = store.round_records(tenant)
    names = sorted({p.name for p, _ in store.programs(tenant)} | {r[0] for r in records})
    sections = [_program_section(name, [r for r in records if r[0] == name]) for name in names]
    if not sections:
        sections = [Section("No programs yet", ("Create one in chat: `admin create coffee`.",))]
    return Page("Programs", tuple(sections))


def _program_section(name: str, records) -> Section:
    if not records:
        return Section(f"Program {name}", ("No round record kept yet: the clock writes each "
                                           "round's record once a week.",))
    labels = tuple(due.date().isoformat() for _, due, _, _ in records)
    shown = [shown_round(figures) for _, _, _, figures in records]
    series = (Series("Participation (% of eligible people placed)",
                     tuple(_share(s["placed"], s["eligible"]) for s in shown)),
              Series("Acceptance (% of placed people who accepted)",
                     tuple(_share(s["accepted"], s["placed"]) for s in shown)),
              Series("Met (% of groups that said they met)",
                     tuple(_share(s["met"], s["groups"]) for s in shown)),
              Series("Lasting ties (% of groups that met, still talking)",
                     tuple(_lasting(s, f) for s, (_, _, _, f) in zip(shown, records, strict=True))))
    chart = Chart(f"{name}: each round", _summary(labels, series), labels, series)
    notes = tuple(n for n in (trend_text(records).strip(), SUPPRESSION) if n)
    return Section(f"Program {name}", notes, charts=(chart,))


def _share(part: int | None, whole: int | None) -> Point:
    if part is None or whole is None:
        return SUPPRESSED
    return round(100.0 * part / whole, 1) if whole else NONE_YET


def _lasting(shown: Mapping[str, Any], figures: Mapping[str, Any]) -> Point:
    """A round's lasting-tie rate, or why there is none: its groups' weeks have not passed, or
    too few people are behind it."""
    if shown["lasting"]["met"] is not None:
        return shown["lasting"]["met"]
    if shown["placed"] is None:
        return SUPPRESSED
    judged = figures["lasting"]["met"]["groups"]
    return (TOO_EARLY if figures["lasting"]["pending"] else NONE_YET) if not judged else SUPPRESSED


def _summary(labels: tuple[str, ...], series: tuple[Series, ...]) -> str:
    """The latest value of each line, in words (the table below the chart holds them all)."""
    if not labels:
        return "No data yet."
    parts = [f"{s.name.split(' (')[0].lower()} {_said(s.points[-1])}" for s in series]
    return f"Latest ({labels[-1]}): " + "; ".join(parts) + "."


def _said(point: Point) -> str:
    return f"{point:g}%" if isinstance(point, float | int) else point


HEALTH_LINES = (("across_communities", "Tie to another community"),
                ("across_teams", "Tie to another team"), ("across_offices", "Tie to another office"),
                ("isolated", "No direct interaction in 60 days"))


def health(store: Store, tenant: str) -> Page:
    """The kept weekly snapshots as a chart, and the latest week's bridges as matrices."""
    kept = store.health_series(tenant)
    if not kept:
        return Page("Network health", (Section("No week kept yet", (
            "The clock keeps a snapshot each week; `admin health` in chat shows this week now.",)),))
    labels = tuple(week.date().isoformat() for week, _ in kept)
    series = tuple(Series(f"{title} (% of people)", tuple(_kept(f, name) for _, f in kept))
                   for name, title in HEALTH_LINES)
    chart = Chart("Share of people, week by week", _summary(labels, series), labels, series)
    latest = snapshot_of(kept[-1][1])
    matrices = tuple(_matrix(title, bridges) for title, bridges in
                     (("Ties between offices", latest.office_bridges),
                      ("Ties between teams", latest.team_bridges)) if bridges)
    people = (f"{latest.people} people" if latest.people >= MIN_PEOPLE
              else f"fewer than {MIN_PEOPLE} people, so every figure is suppressed")
    notes = (f"Latest week kept: {labels[-1]} ({people}).", SUPPRESSION)
    return Page("Network health", (Section("The network, week by week", notes, (chart,),
                                           matrices),))


def _kept(figures: Mapping[str, Any], name: str) -> Point:
    value = figures.get(name)
    return SUPPRESSED if value is None or figures["people"] < MIN_PEOPLE else value


def _matrix(title: str, bridges: tuple[Bridge, ...]) -> Matrix:
    labels = tuple(sorted({b.a for b in bridges} | {b.b for b in bridges}))
    cells: dict[tuple[str, str], Point] = {}
    for b in bridges:
        value: Point = SUPPRESSED if b.ties is None else b.ties
        cells[(b.a, b.b)] = cells[(b.b, b.a)] = value
    return Matrix(title, labels, cells)


def latest_ideas(store: Store, tenant: str) -> tuple[datetime, list[Suggestion]] | None:
    """The latest kept week and its ideas, in the order the page numbers them."""
    kept = store.latest_health(tenant)
    return None if kept is None else (kept[0], suggestions(snapshot_of(kept[1])))


def ideas(store: Store, tenant: str, notice: str = "") -> Page:
    """The latest kept week's ideas, each with a draft button where a program can aim at it."""
    kept = latest_ideas(store, tenant)
    if kept is None:
        return Page("Ideas", (Section("No week kept yet", (
            "Ideas come from the weekly snapshot the clock keeps.",)),), notice)
    week, found = kept
    listed = tuple(Idea(n, idea.text, draft_program(idea) is not None)
                   for n, idea in enumerate(found, 1))
    notes = (f"From the week of {week.date().isoformat()}. A draft program is created paused: "
             "nothing is sent until a manager resumes it (`admin resume NAME`).",) if listed \
        else ("Nothing stands out this week.",)
    return Page("Ideas", (Section("Where a program could help", notes, ideas=listed,
                                  week=week.isoformat()),), notice)


def draft(store: Store, tenant: str, number: int, week: str, now: datetime,
          platform: str) -> str:
    """The dashboard's draft button: the idea numbered `number` in the week the page showed."""
    kept = latest_ideas(store, tenant)
    if kept is None or kept[0].isoformat() != week:
        return "The ideas changed since the page was shown (a new week was kept): here they are."
    found = kept[1]
    if not 1 <= number <= len(found):
        return "There is no such idea any more: here they are."
    return draft_idea(store, tenant, found[number - 1], now, platform)
