"""The README's promises: CI runs exactly the README's test command; the demo command is there."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).parents[1]


def command_after(marker: str, text: str) -> str:
    """The first line of the first code block after the line that holds `marker`."""
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if marker in line)
    fence = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("```"))
    return lines[fence + 1].strip()


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    command = command_after("Run the tests", readme)
    assert command.startswith("python3 -m venv .venv")
    assert command in ci.splitlines()


def test_readme_gives_the_demo_command_first():
    readme = (ROOT / "README.md").read_text()
    command = command_after("Try it", readme)
    assert command.endswith("weaktie demo")


def anchor(heading: str) -> str:
    """GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to dashes."""
    kept = "".join(c for c in heading.strip().lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


def test_every_link_between_the_readme_and_docs_leads_somewhere():
    import re

    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text()):
            if "://" in target or target.startswith("mailto:"):
                continue
            path, _, fragment = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            if not linked.exists():
                broken.append(f"{page.name}: {target}")
            elif fragment and linked.suffix == ".md":
                headings = re.findall(r"^#+ (.+)$", linked.read_text(), re.M)
                if fragment not in {anchor(h) for h in headings}:
                    broken.append(f"{page.name}: {target} (no such heading)")
    assert pages[1:], "docs/ has no pages"
    assert not broken, broken
