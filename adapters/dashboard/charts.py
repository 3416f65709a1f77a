"""Charts as SVG drawn on the server by pygal, so a page needs no script and no asset from
elsewhere (self-hosted installs are often offline). pygal adds an inline <script> holding its
tooltip settings even without tooltips: it is removed, so the pages can forbid every script."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pygal
from pygal.style import Style

from bot.service.language import Texts, percent
from bot.service.web_pages import Chart

# Colours told apart by people with the common colour-vision deficiencies (Okabe & Ito), and
# dark enough on white for text.
STYLE = Style(background="white", plot_background="white", foreground="#222",
              foreground_strong="#111", foreground_subtle="#666", font_family="system-ui, sans-serif",
              colors=("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"),
              label_font_size=13, major_label_font_size=13, legend_font_size=13,
              title_font_size=15, no_data_font_size=16)
SVG = "{http://www.w3.org/2000/svg}"


def line_svg(chart: Chart, says: Texts) -> str:
    """The chart as an <svg> element to put in a page; a point that is a word ("suppressed") is a
    gap in its line (the table beside it says the word). The chart's own words and figures are in
the language of `says`."""
    drawn = pygal.Line(js=[], style=STYLE, disable_xml_declaration=True, explicit_size=False,
                       width=760, height=380, range=(0, 100), include_x_axis=True,
                       allow_interruptions=True, legend_at_bottom=True, legend_at_bottom_columns=2,
                       truncate_legend=-1, truncate_label=-1, x_label_rotation=30 if len(
                           chart.labels) > 6 else 0, dots_size=4,
                       no_data_text=says.gettext("No figure can be shown"),
                       value_formatter=lambda v: percent(v, says.language))
    drawn.x_labels = list(chart.labels)
    for series in chart.series:
        drawn.add(series.name, [p if isinstance(p, int | float) else None for p in series.points])
    tree = drawn.render_tree()
    for parent in tree.iter():
        for child in [c for c in parent if c.tag in ("script", f"{SVG}script")]:
            parent.remove(child)
    tree.set("role", "img")
    tree.set("aria-label", chart.summary)
    tree.set("focusable", "false")
    return ET.tostring(tree, encoding="unicode")
