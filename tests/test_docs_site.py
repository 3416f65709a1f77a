"""The docs stay true: the MkDocs site builds with --strict (a broken link or anchor between pages
fails), and every repository path the README and docs/ write in backticks exists."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
# What a path the docs name may end with; a token ending in "/" names a folder.
SUFFIXES = (".py", ".yml", ".yaml", ".toml", ".md", ".csv")
PATH = re.compile(r"\.?[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_.-]+)*/?")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)


def test_the_docs_site_builds_strictly(tmp_path):
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                           "--site-dir", str(tmp_path / "site")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "architecture" / "index.html").is_file()


def top_level_folders() -> set[str]:
    """The repository's own top-level folders (not the virtualenv, git or build output)."""
    tooling = (".venv", ".git", ".hypothesis", ".pytest_cache", ".ruff_cache", "site", "__pycache__")
    return {p.name for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith(tooling)
            and not p.name.endswith(".egg-info")}


def named_paths(text: str, top: set[str]) -> list[str]:
    """Repository paths written in backticks: tokens with a '/' that end in a known suffix or
    in '/', or that start with one of the repository's top-level folders (`tests/unit`). In a
    list item that opens with a folder ("- `bot/store/` is ...: `schema.py`, `ingest.py`"),
    the bare file and folder names that follow are that folder's."""
    found = []
    for item in re.split(r"\n(?=[-*] )|\n\s*\n", FENCE.sub("", text)):
        folder = None
        for number, span in enumerate(re.findall(r"`([^`]+)`", item)):
            for token in span.split():
                token = re.sub(r":\d+$", "", token.strip("([{\"',;").rstrip(")]}\"',;:."))
                token = token.partition("#")[0]
                if not PATH.fullmatch(token):
                    continue
                if "/" not in token.rstrip("/") and token.rstrip("/") not in top:
                    if folder and (token.endswith(".py") or token.endswith("/")):
                        found.append(folder + token)
                    continue
                if number == 0 and item.startswith(("- ", "* ")) and token.endswith("/"):
                    folder = token
                if token.endswith(SUFFIXES) or token.endswith("/") or token.split("/")[0] in top:
                    found.append(token)
    return found


def exists(token: str) -> bool:
    """Whether the path is in the repository; `adapters/slack_request.check_shape` names a
    function of adapters/slack_request.py."""
    if (ROOT / token).exists():
        return True
    folder, _, last = token.rstrip("/").rpartition("/")
    module = last.split(".")[0]
    return "." in last and not last.endswith(SUFFIXES) and (ROOT / folder / f"{module}.py").is_file()


def doc_pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def test_the_path_finder_reads_backticks_as_the_docs_write_them():
    top = {"bot", "adapters", "tests", "bench", ".ci"}
    text = ("`bot/core/ties.py` and `adapters/web.py:115`, `tests/unit` (pure), `bench/`, "
            "`.venv/bin/python bench/quality.py [--data DIR]`, `.ci/run`, `tz Europe/Lisbon`, "
            "`application/json`, `POST /slack/events`, `../shared/data`, `WEAKTIE_PROGRAMS=a/b.yaml`, "
            "`fixtures/<slack|teams>/x.json`, `schemas/README.md`\n```\nbot/in_a_fence.py\n```\n")
    assert named_paths(text, top) == ["bot/core/ties.py", "adapters/web.py", "tests/unit", "bench/",
                                      "bench/quality.py", ".ci/run", "schemas/README.md"]
    item = "- `bot/store/` is the store: `schema.py`, `ingest.py` and `migrations/`; not `x.json`\n"
    assert named_paths(item + "\n`y.py` is no one's\n", top) == [
        "bot/store/", "bot/store/schema.py", "bot/store/ingest.py", "bot/store/migrations/"]
    assert exists("tests/conformance/schemas/") and not exists("schemas/README.md")
    assert exists("tests/test_docs_site.py") and not exists("tests/no_such_test.py")
    assert exists("tests/test_docs_site.named_paths") and not exists("tests/no_such_test.named_paths")


def test_every_path_the_readme_and_docs_name_exists():
    top = top_level_folders()
    named = {(page.relative_to(ROOT).as_posix(), token)
             for page in doc_pages() for token in named_paths(page.read_text(), top)}
    assert len(named) > 50, "the docs name too few paths: is the finder broken?"
    missing = sorted(f"{page}: {token}" for page, token in named if not exists(token))
    assert not missing, "\n".join(missing)
