"""The dashboard's pages as HTML: a chart, then the words and the table behind it, so that a
screen reader, a phone and a printout all get the figures. Everything shown is escaped; nothing
names a person (the service hands over aggregates and labels only). The words are in the
language the service gives (the manager's, docs/languages.md), figures written as it writes
them ("93,1 %")."""

from __future__ import annotations

from html import escape

from adapters.dashboard.charts import line_svg
from bot.service.language import Texts, number, percent, texts
from bot.service.web_pages import Chart, Idea, Matrix, Page, Point, Section


def _nav(says: Texts) -> tuple[tuple[str, str], ...]:
    return (("/admin", says.gettext("Programs")), ("/admin/health", says.gettext("Network health")),
            ("/admin/ideas", says.gettext("Ideas")))


def layout(title: str, body: str, says: Texts, csrf: str = "", here: str = "") -> str:
    """A whole page; signed-in pages (`csrf` given) carry the navigation and a sign-out button."""
    nav = ""
    if csrf:
        current = ' aria-current="page"'
        links = "".join(f'<a href="{href}"{current if href == here else ""}>{escape(label)}</a>'
                        for href, label in _nav(says))
        label, out = escape(says.gettext("Dashboard")), escape(says.gettext("Sign out"))
        nav = (f'<nav aria-label="{label}">{links}<form method="post" action="/admin/signout">'
               f'{_csrf(csrf)}<button type="submit">{out}</button></form></nav>')
    return (f"<!doctype html>\n<html lang=\"{says.language}\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)} · weaktie</title>"
            '<link rel="icon" href="data:,">'  # no favicon request (a 404 in the console)
            '<link rel="stylesheet" href="/admin/static/dashboard.css"></head>'
            f'<body><header><p class="brand">weaktie</p>{nav}</header>'
            f"<main><h1>{escape(title)}</h1>{body}</main></body></html>")


def page(found: Page, csrf: str, here: str) -> str:
    says = texts(found.language)
    notice = f'<p class="notice" role="status">{_code(found.notice)}</p>' if found.notice else ""
    return layout(found.title, notice + "".join(_section(s, csrf, says) for s in found.sections),
                  says, csrf, here)


def refusal(reason: str, language: str) -> str:
    says = texts(language)
    return layout(says.gettext("Not signed in"), f'<p class="refusal">{_code(reason)}</p>', says)


def sign_in_form(token: str, csrf: str, language: str) -> str:
    """The link's page: one button that spends it (a preview fetching the link spends nothing)."""
    says = texts(language)
    button = escape(says.gettext("Sign in"))
    return layout(says.gettext("Sign in"), (
        "<p>" + escape(says.gettext("This link signs you in to the weaktie dashboard, once. "
                                    "Your session lasts a working day.")) + "</p>"
        f'<form method="post" action="/admin/signin/{escape(token)}">{_csrf(csrf)}'
        f'<button type="submit" class="primary">{button}</button>'
        "</form>"), says)


def signed_out(language: str) -> str:
    says = texts(language)
    return layout(says.gettext("Signed out"), "<p>" + _code(says.gettext(
        "You are signed out. Say `admin dashboard` to the bot in chat to come back.")) + "</p>",
        says)


def _section(found: Section, csrf: str, says: Texts) -> str:
    parts = [f"<section><h2>{escape(found.heading)}</h2>"]
    parts += [f"<p>{_code(note)}</p>" for note in found.notes]
    parts += [_chart(chart, says) for chart in found.charts]
    parts += [_matrix(matrix, says) for matrix in found.matrices]
    if found.ideas:
        parts.append("<ol class=\"ideas\">" + "".join(_idea(i, found.week, csrf, says)
                                                       for i in found.ideas) + "</ol>")
    return "".join(parts) + "</section>"


def _chart(chart: Chart, says: Texts) -> str:
    head = "".join(f"<th scope=\"col\">{escape(label)}</th>" for label in chart.labels)
    rows = "".join(f"<tr><th scope=\"row\">{escape(s.name)}</th>"
                   + "".join(_cell(p, says.language) for p in s.points) + "</tr>"
                   for s in chart.series)
    caption = says.gettext("{chart}: the figures behind the chart", chart=chart.title)
    figure = escape(says.gettext("Figure"))
    return (f'<figure class="chart"><figcaption><strong>{escape(chart.title)}</strong>. '
            f"{escape(chart.summary)}</figcaption>{line_svg(chart, says)}</figure>"
            f'<div class="table"><table><caption>{escape(caption)}</caption><thead><tr>'
            f'<th scope="col">{figure}</th>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>")


def _matrix(matrix: Matrix, says: Texts) -> str:
    head = "".join(f"<th scope=\"col\">{escape(label)}</th>" for label in matrix.labels)
    rows = "".join(
        f"<tr><th scope=\"row\">{escape(a)}</th>"
        + "".join("<td class=\"self\">·</td>" if a == b else _cell(
            matrix.cells.get((a, b), "–"), says.language, share=False) for b in matrix.labels)
        + "</tr>" for a in matrix.labels)
    caption = says.gettext("{matrix} (number of ties; “{suppressed}” where a side has fewer than "
                           "{n} people)", matrix=matrix.title, n=10,
                           suppressed=says.pgettext("figure", "suppressed"))
    return (f'<div class="table"><table class="matrix"><caption>{escape(caption)}</caption>'
            f'<thead><tr><td></td>{head}</tr></thead><tbody>{rows}</tbody></table></div>')


def _idea(idea: Idea, week: str, csrf: str, says: Texts) -> str:
    button = ""
    if idea.draftable:
        draft = escape(says.gettext("Draft a program (paused)"))
        button = (f'<form method="post" action="/admin/ideas/draft">{_csrf(csrf)}'
                  f'<input type="hidden" name="number" value="{idea.number}">'
                  f'<input type="hidden" name="week" value="{escape(week)}">'
                  f'<button type="submit">{draft}</button></form>')
    else:
        button = "<p class=\"hint\">" + escape(says.gettext(
            "No program can aim at this yet: programs reach offices and channels.")) + "</p>"
    return f"<li><p>{escape(idea.text)}</p>{button}</li>"


def _cell(point: Point, language: str, share: bool = True) -> str:
    if isinstance(point, int | float):
        return f"<td>{percent(point, language) if share else number(point, language)}</td>"
    return f'<td class="gap">{escape(point)}</td>'


def _csrf(token: str) -> str:
    return f'<input type="hidden" name="csrf" value="{escape(token)}">'


def _code(text: str) -> str:
    """Chat's `backticks` as <code>, the rest escaped."""
    parts = escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))
