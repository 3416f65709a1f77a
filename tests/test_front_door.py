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
