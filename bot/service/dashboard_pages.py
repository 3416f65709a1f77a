"""What each page of the web dashboard shows, read from the kept records (bot/store/records.py):
per-round outcomes by program, the weekly health series and its bridges, and the ideas with their
draft buttons. Only aggregates that the chat commands could show; a figure over fewer than
MIN_PEOPLE people is the word "suppressed", never a number. Every word is in the manager's
language (`says`, docs/languages.md); figures stay numbers, for the page to write as that
language does. Reading kept rows only, a page costs a few small queries however large the tenant
(bench/dashboard.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.core.health import Bridge, Suggestion, suggestions
from bot.core.outcomes import MIN_PEOPLE
from bot.core.records import shown_round, snapshot_of
from bot.service.dashboard_access import language_of
from bot.service.drafts import draft_idea, draft_program
from bot.service.language import ENGLISH, Texts, percent, texts
from bot.service.network_health import idea_text
from bot.service.round_outcomes import trend_text
from bot.service.web_pages import Chart, Idea, Matrix, Page, Point, Section, Series
from bot.store import Store
from bot.store.dashboard import Visitor

EN = texts(ENGLISH)


def suppressed(says: Texts) -> str:
    return says.pgettext("figure", "suppressed")


def _suppression(says: Texts) -> str:
    return says.gettext("“{suppressed}”: fewer than {n} people are behind the figure, so it is "
                        "not shown (it could describe someone in particular).",
                        suppressed=suppressed(says), n=MIN_PEOPLE)


def overview(store: Store, tenant: str, says: Texts = EN) -> Page:
    """One section per program: its rounds' rates as a chart, and the quarter's trend."""
    records = store.round_records(tenant)
    names = sorted({p.name for p, _ in store.programs(tenant)} | {r[0] for r in records})
    sections = [_program_section(name, [r for r in records if r[0] == name], says)
                for name in names]
    if not sections:
        sections = [Section(says.gettext("No programs yet"), (
            says.gettext("Create one in chat: `admin create coffee`."),))]
    return Page(says.gettext("Programs"), tuple(sections), language=says.language)


def _program_section(name: str, records, says: Texts) -> Section:
    heading = says.gettext("Program {name}", name=name)
    if not records:
        return Section(heading, (says.gettext("No round record kept yet: the clock writes each "
                                              "round's record once a week."),))
    labels = tuple(due.date().isoformat() for _, due, _, _ in records)
    shown = [shown_round(figures) for _, _, _, figures in records]
    rounds = [f for _, _, _, f in records]
    series = (Series(says.gettext("Participation (% of eligible people placed)"),
                     tuple(_share(s["placed"], s["eligible"], says) for s in shown)),
              Series(says.gettext("Acceptance (% of placed people who accepted)"),
                     tuple(_share(s["accepted"], s["placed"], says) for s in shown)),
              Series(says.gettext("Met (% of groups that said they met)"),
                     tuple(_share(s["met"], s["groups"], says) for s in shown)),
              Series(says.gettext("Lasting ties (% of groups that met, still talking)"),
                     tuple(_lasting(s, f, says) for s, f in zip(shown, rounds, strict=True))))
    chart = Chart(says.gettext("{name}: each round", name=name), _summary(labels, series, says),
                  labels, series)
    notes = tuple(n for n in (trend_text(records, says).strip(), _suppression(says)) if n)
    return Section(heading, notes, charts=(chart,))


def _share(part: int | None, whole: int | None, says: Texts) -> Point:
    if part is None or whole is None:
        return suppressed(says)
    return round(100.0 * part / whole, 1) if whole else says.pgettext("figure", "none yet")


def _lasting(shown: Mapping[str, Any], figures: Mapping[str, Any], says: Texts) -> Point:
    """A round's lasting-tie rate, or why there is none: its groups' weeks have not passed, or
    too few people are behind it."""
    if shown["lasting"]["met"] is not None:
        return shown["lasting"]["met"]
    if shown["placed"] is None:
        return suppressed(says)
    if figures["lasting"]["met"]["groups"]:
        return suppressed(says)
    return says.pgettext("figure", "too early") if figures["lasting"]["pending"] \
        else says.pgettext("figure", "none yet")


def _summary(labels: tuple[str, ...], series: tuple[Series, ...], says: Texts) -> str:
    """The latest value of each line, in words (the table below the chart holds them all)."""
    if not labels:
        return says.gettext("No data yet.")
    parts = [says.gettext("{line}: {value}", line=s.name.split(" (")[0],
                          value=_said(s.points[-1], says)) for s in series]
    return says.gettext("Latest ({week}): {figures}.", week=labels[-1], figures="; ".join(parts))


def _said(point: Point, says: Texts) -> str:
    return percent(point, says.language) if isinstance(point, float | int) else point


def _health_lines(says: Texts) -> tuple[tuple[str, str], ...]:
    return (("across_communities", says.gettext("Tie to another community (% of people)")),
            ("across_teams", says.gettext("Tie to another team (% of people)")),
            ("across_offices", says.gettext("Tie to another office (% of people)")),
            ("isolated", says.gettext("No direct interaction in 60 days (% of people)")))


def health(store: Store, tenant: str, says: Texts = EN) -> Page:
    """The kept weekly snapshots as a chart, and the latest week's bridges as matrices."""
    kept = store.health_series(tenant)
    title = says.gettext("Network health")
    if not kept:
        return Page(title, (Section(says.gettext("No week kept yet"), (says.gettext(
            "The clock keeps a snapshot each week; `admin health` in chat shows this week "
            "now."),)),), language=says.language)
    labels = tuple(week.date().isoformat() for week, _ in kept)
    series = tuple(Series(line, tuple(_kept(f, name, says) for _, f in kept))
                   for name, line in _health_lines(says))
    chart = Chart(says.gettext("Share of people, week by week"), _summary(labels, series, says),
                  labels, series)
    latest = snapshot_of(kept[-1][1])
    matrices = tuple(_matrix(heading, bridges, says) for heading, bridges in
                     ((says.gettext("Ties between offices"), latest.office_bridges),
                      (says.gettext("Ties between teams"), latest.team_bridges)) if bridges)
    if latest.people >= MIN_PEOPLE:
        notes = (says.ngettext("Latest week kept: {week} ({n} person).",
                               "Latest week kept: {week} ({n} people).", latest.people,
                               week=labels[-1]),)
    else:
        notes = (says.gettext("Latest week kept: {week} (fewer than {n} people, so every figure "
                              "is {suppressed}).", week=labels[-1], n=MIN_PEOPLE,
                              suppressed=suppressed(says)),)
    return Page(title, (Section(says.gettext("The network, week by week"),
                                notes + (_suppression(says),), (chart,), matrices),),
                language=says.language)


def _kept(figures: Mapping[str, Any], name: str, says: Texts) -> Point:
    value = figures.get(name)
    return suppressed(says) if value is None or figures["people"] < MIN_PEOPLE else value


def _matrix(title: str, bridges: tuple[Bridge, ...], says: Texts) -> Matrix:
    labels = tuple(sorted({b.a for b in bridges} | {b.b for b in bridges}))
    cells: dict[tuple[str, str], Point] = {}
    for b in bridges:
        value: Point = suppressed(says) if b.ties is None else b.ties
        cells[(b.a, b.b)] = cells[(b.b, b.a)] = value
    return Matrix(title, labels, cells)


def latest_ideas(store: Store, tenant: str) -> tuple[datetime, list[Suggestion]] | None:
    """The latest kept week and its ideas, in the order the page numbers them."""
    kept = store.latest_health(tenant)
    return None if kept is None else (kept[0], suggestions(snapshot_of(kept[1])))


def ideas(store: Store, tenant: str, notice: str = "", says: Texts = EN) -> Page:
    """The latest kept week's ideas, each with a draft button where a program can aim at it."""
    kept = latest_ideas(store, tenant)
    title = says.gettext("Ideas")
    if kept is None:
        return Page(title, (Section(says.gettext("No week kept yet"), (says.gettext(
            "Ideas come from the weekly snapshot the clock keeps."),)),), notice, says.language)
    week, found = kept
    listed = tuple(Idea(n, idea_text(idea, says), draft_program(idea) is not None)
                   for n, idea in enumerate(found, 1))
    notes = (says.gettext("From the week of {week}. A draft program is created paused: nothing "
                          "is sent until a manager resumes it (`admin resume NAME`).",
                          week=week.date().isoformat()),) if listed \
        else (says.gettext("Nothing stands out this week."),)
    return Page(title, (Section(says.gettext("Where a program could help"), notes, ideas=listed,
                                week=week.isoformat()),), notice, says.language)


def _draft(store: Store, tenant: str, number: int, week: str, now: datetime,
          platform: str, says: Texts = EN) -> str:
    """The dashboard's draft button: the idea numbered `number` in the week the page showed."""
    kept = latest_ideas(store, tenant)
    if kept is None or kept[0].isoformat() != week:
        return says.gettext("The ideas changed since the page was shown (a new week was kept): "
                            "here they are.")
    found = kept[1]
    if not 1 <= number <= len(found):
        return says.gettext("There is no such idea any more: here they are.")
    return draft_idea(store, tenant, found[number - 1], now, platform, says)


def shown(store: Store, visitor: Visitor, page: str, draft: tuple[int, str] | None,
          now: datetime) -> Page:
    """The page `page` for a signed-in manager, in their language; `draft`: (idea number, week)
    to draft first, the outcome shown atop the ideas."""
    says = texts(language_of(store, visitor))
    if draft is not None:
        notice = _draft(store, visitor.tenant, *draft, now, visitor.platform, says)
        return ideas(store, visitor.tenant, notice, says)
    if page == "ideas":
        return ideas(store, visitor.tenant, says=says)
    return (health if page == "health" else overview)(store, visitor.tenant, says)
