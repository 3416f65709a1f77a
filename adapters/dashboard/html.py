"""The dashboard's pages as HTML: a chart, then the words and the table behind it, so that a
screen reader, a phone and a printout all get the figures. Everything shown is escaped; nothing
names a person (the service hands over aggregates and labels only)."""

from __future__ import annotations

from html import escape

from adapters.dashboard.charts import line_svg
from bot.service.web_pages import Chart, Idea, Matrix, Page, Point, Section

NAV = (("/admin", "Programs"), ("/admin/health", "Network health"), ("/admin/ideas", "Ideas"))


def layout(title: str, body: str, csrf: str = "", here: str = "") -> str:
    """A whole page; signed-in pages (`csrf` given) carry the navigation and a sign-out button."""
    nav = ""
    if csrf:
        current = ' aria-current="page"'
        links = "".join(f'<a href="{href}"{current if href == here else ""}>{label}</a>'
                        for href, label in NAV)
        nav = (f'<nav aria-label="Dashboard">{links}<form method="post" action="/admin/signout">'
               f"{_csrf(csrf)}<button type=\"submit\">Sign out</button></form></nav>")
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)} · weaktie</title>"
            '<link rel="icon" href="data:,">'  # no favicon request (a 404 in the console)
            '<link rel="stylesheet" href="/admin/static/dashboard.css"></head>'
            f'<body><header><p class="brand">weaktie</p>{nav}</header>'
            f"<main><h1>{escape(title)}</h1>{body}</main></body></html>")


def page(found: Page, csrf: str, here: str) -> str:
    notice = f'<p class="notice" role="status">{_code(found.notice)}</p>' if found.notice else ""
    return layout(found.title, notice + "".join(_section(s, csrf) for s in found.sections),
                  csrf, here)


def refusal(reason: str) -> str:
    return layout("Not signed in", f'<p class="refusal">{_code(reason)}</p>')


def sign_in_form(token: str, csrf: str) -> str:
    """The link's page: one button that spends it (a preview fetching the link spends nothing)."""
    return layout("Sign in", (
        "<p>This link signs you in to the weaktie dashboard, once. Your session lasts a working "
        "day.</p>"
        f'<form method="post" action="/admin/signin/{escape(token)}">{_csrf(csrf)}'
        '<button type="submit" class="primary">Sign in</button></form>'))


def signed_out() -> str:
    return layout("Signed out", "<p>You are signed out. Say <code>admin dashboard</code> to the "
                                "bot in chat to come back.</p>")


def _section(found: Section, csrf: str) -> str:
    parts = [f"<section><h2>{escape(found.heading)}</h2>"]
    parts += [f"<p>{_code(note)}</p>" for note in found.notes]
    parts += [_chart(chart) for chart in found.charts]
    parts += [_matrix(matrix) for matrix in found.matrices]
    if found.ideas:
        parts.append("<ol class=\"ideas\">" + "".join(_idea(i, found.week, csrf)
                                                       for i in found.ideas) + "</ol>")
    return "".join(parts) + "</section>"


def _chart(chart: Chart) -> str:
    head = "".join(f"<th scope=\"col\">{escape(label)}</th>" for label in chart.labels)
    rows = "".join(f"<tr><th scope=\"row\">{escape(s.name)}</th>"
                   + "".join(_cell(p) for p in s.points) + "</tr>" for s in chart.series)
    return (f'<figure class="chart"><figcaption><strong>{escape(chart.title)}</strong>. '
            f"{escape(chart.summary)}</figcaption>{line_svg(chart)}</figure>"
            f'<div class="table"><table><caption>{escape(chart.title)}: the figures behind the '
            f'chart</caption><thead><tr><th scope="col">Figure</th>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>")


def _matrix(matrix: Matrix) -> str:
    head = "".join(f"<th scope=\"col\">{escape(label)}</th>" for label in matrix.labels)
    rows = "".join(
        f"<tr><th scope=\"row\">{escape(a)}</th>"
        + "".join("<td class=\"self\">·</td>" if a == b else _cell(matrix.cells.get((a, b), "–"),
                                                                   unit="")
                  for b in matrix.labels) + "</tr>" for a in matrix.labels)
    return (f'<div class="table"><table class="matrix"><caption>{escape(matrix.title)} (number of '
            f'ties; “suppressed” where a side has fewer than 10 people)</caption><thead><tr>'
            f'<td></td>{head}</tr></thead><tbody>{rows}</tbody></table></div>')


def _idea(idea: Idea, week: str, csrf: str) -> str:
    button = ""
    if idea.draftable:
        button = (f'<form method="post" action="/admin/ideas/draft">{_csrf(csrf)}'
                  f'<input type="hidden" name="number" value="{idea.number}">'
                  f'<input type="hidden" name="week" value="{escape(week)}">'
                  '<button type="submit">Draft a program (paused)</button></form>')
    else:
        button = "<p class=\"hint\">No program can aim at this yet: programs reach offices and " \
                 "channels.</p>"
    return f"<li><p>{escape(idea.text)}</p>{button}</li>"


def _cell(point: Point, unit: str = "%") -> str:
    if isinstance(point, int | float):
        return f"<td>{point:g}{unit}</td>"
    return f'<td class="gap">{escape(point)}</td>'


def _csrf(token: str) -> str:
    return f'<input type="hidden" name="csrf" value="{escape(token)}">'


def _code(text: str) -> str:
    """Chat's `backticks` as <code>, the rest escaped."""
    parts = escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))
