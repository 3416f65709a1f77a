"""The catalogs' CI check: every message id of the source (extracted in-process with Babel's
own extractor and babel.cfg, as `pybabel extract` does) has its French translation, none is
left fuzzy or stale, every translation keeps exactly its message id's placeholders, and no
translation call is handed an f-string or a concatenation (which the extractor cannot see,
or which glues translated pieces together)."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from bot.service.language import CATALOGS, DOMAIN, LANGUAGES, texts

ROOT = Path(__file__).parents[2]
# gettext's names, with the positions of their message arguments (Babel's default keywords)
CALLS = {"gettext": (0,), "ngettext": (0, 1), "pgettext": (0, 1), "npgettext": (0, 1, 2),
         "_": (0,)}
LOOKUP = ROOT / "bot/service/language.py"  # the one place that passes ids it was given


def source_ids() -> dict[tuple[str | None, str | tuple], str]:
    """(context, id) -> where it was found, for every message of the source."""
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = {}
    for path, line, message, _, context in extract_from_dir(str(ROOT), method_map, options_map):
        found[(context, message)] = f"{path}:{line}"
    return found


def catalog(language: str):
    with open(CATALOGS / language / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as po:
        return read_po(po, locale=language, domain=DOMAIN)


OTHERS = [language for language in LANGUAGES if language != "en"]


def test_the_source_has_messages_to_translate():
    assert len(source_ids()) >= 30


@pytest.mark.parametrize("language", OTHERS)
def test_every_message_of_the_source_is_translated_and_none_is_stale(language):
    translated = catalog(language)
    ids = source_ids()
    missing = [f"{where}: {message!r}" for (context, message), where in ids.items()
               if not _translated(translated.get(message, context))]
    assert missing == [], "run pybabel extract/update (docs/development.md) and translate:\n" + \
        "\n".join(missing)
    stale = [m.id for m in translated if m.id and (m.context, m.id) not in ids]
    assert stale == [], "messages no longer in the source: run pybabel update"
    assert [m.id for m in translated if m.id and m.fuzzy] == []


def _translated(message) -> bool:
    if message is None or message.fuzzy:
        return False
    forms = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(isinstance(form, str) and form.strip() for form in forms)


@pytest.mark.parametrize("language", OTHERS)
def test_every_translation_keeps_exactly_its_placeholders(language):
    wrong = []
    for message in catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set().union(*(_fields(i) for i in ids))
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        wrong += [f"{message.id!r} -> {form!r}" for form in forms if _fields(form) != wanted]
    assert wrong == []


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@pytest.mark.parametrize("language", OTHERS)
def test_the_catalog_has_cldrs_plural_rule_and_compiles(language):
    translated = catalog(language)
    rule = get_plural(language)
    assert translated.num_plurals == rule.num_plurals
    assert translated.plural_expr == rule.plural_expr
    assert texts(language).language == language  # compiled in memory without error


def translation_calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else \
            getattr(node.func, "id", None)
        if name in CALLS:
            yield node, [node.args[i] if i < len(node.args) else None for i in CALLS[name]]


def sources() -> list[Path]:
    """Every module Babel extracts from (babel.cfg: bot/, adapters/, demo/)."""
    return sorted(p for folder in ("bot", "adapters", "demo") for p in (ROOT / folder).rglob("*.py"))


def test_no_translation_call_is_handed_an_f_string_or_a_concatenation():
    wrong = []
    for path in sources():
        if path == LOOKUP:
            continue
        for node, arguments in translation_calls(path):
            if not all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                       for a in arguments):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert wrong == []


@pytest.mark.parametrize("source, bad", [
    ('says.gettext(f"Hello {name}")', True),
    ('says.gettext("Hello " + name)', True),
    ('says.ngettext("{n} day", plural, n)', True),
    ('says.gettext("Hello {name}", name=name)', False),
    ('says.pgettext("command", "status")', False),
])
def test_the_check_itself_tells_an_f_string_from_a_literal(tmp_path, source, bad):
    module = tmp_path / "m.py"
    module.write_text(source + "\n")
    [(_, arguments)] = list(translation_calls(module))
    assert (not all(isinstance(a, ast.Constant) for a in arguments)) is bad


def calls_inside_f_strings(path: Path) -> list[int]:
    """Lines of translation calls written inside an f-string: Babel's extractor (on Python
    3.11) does not look there, so their message ids would escape the checks above."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.JoinedStr):
            found += [inner.lineno for inner in ast.walk(node) if isinstance(inner, ast.Call)
                      and (inner.func.attr if isinstance(inner.func, ast.Attribute)
                           else getattr(inner.func, "id", None)) in CALLS]
    return found


def test_no_translation_call_is_written_inside_an_f_string(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('line = f"<h1>{says.gettext(\'Health\')}</h1>"\nok = says.gettext("Hi")\n')
    assert calls_inside_f_strings(module) == [1]  # the check sees one when there is one
    wrong = [f"{path.relative_to(ROOT)}:{line}" for path in sources()
             for line in calls_inside_f_strings(path)]
    assert wrong == []
