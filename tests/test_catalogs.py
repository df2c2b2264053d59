"""Every string the bot and admin web show exists, translated, in every catalog.

A missing translation would show English to a Chinese-speaking user; a lost `{placeholder}`
or HTML tag would crash `.format` or make Telegram refuse the message. Plural entries (`ngettext`)
are held to the same checks in every form the language has.
"""

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from core.domain.languages import DEFAULT_LANGUAGE, DOMAIN, LOCALES_DIR, supported_languages

ROOT = Path(__file__).resolve().parent.parent
_PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
_TAG = re.compile(r"</?[a-z]+>")


def source_messages() -> set[str]:
    found: set[str] = set()
    for folder in ("core", "bot", "admin_web"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder,
            method_map=[("**.py", "python")],
            keywords={"_": None, "__": None, "N_": None, "ngettext": (1, 2)},
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


TRANSLATED = [lang for lang in supported_languages() if lang != DEFAULT_LANGUAGE]


def test_there_is_a_second_language() -> None:
    assert "zh" in TRANSLATED


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_with_its_placeholders_and_tags(language: str) -> None:
    with (LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        catalog = read_po(po)
    entries = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    missing = sorted(source_messages() - entries.keys())
    assert not missing, f"not in the {language} catalog (run `make catalogs`): {missing[:5]}"
    for message_id, entry in entries.items():
        assert not entry.fuzzy, f"fuzzy in {language}: {message_id!r}"
        for source, translated in _forms(entry.id, entry.string, catalog.num_plurals):
            assert translated, f"untranslated in {language}: {source!r}"
            assert Counter(_PLACEHOLDER.findall(translated)) == Counter(_PLACEHOLDER.findall(source)), source
            assert Counter(_TAG.findall(translated)) == Counter(_TAG.findall(source)), source
    # What `pybabel compile` (run by `make run`) refuses, such as %-placeholders that do not match.
    problems = [(message.id, errors) for message, errors in catalog.check()]
    assert not problems, problems[:3]


def _forms(source: object, translated: object, num_plurals: int) -> list[tuple[str, str]]:
    """Each translated form with the English it must match: a plural entry has one form per plural of the
    language (Chinese one, Russian three), each held to the English plural, which carries every placeholder."""
    if isinstance(source, str):
        assert isinstance(translated, str), source
        return [(source, translated)]
    assert isinstance(source, tuple) and isinstance(translated, tuple), source
    singular, plural = source
    assert Counter(_PLACEHOLDER.findall(singular)) <= Counter(_PLACEHOLDER.findall(plural)), source
    assert len(translated) == num_plurals, f"{source!r} has {len(translated)} forms, the language {num_plurals}"
    return [(plural, form) for form in translated]


def test_plural_forms_are_checked_like_any_message() -> None:
    assert _forms(("{n} review", "{n} reviews"), ("{n} 条评价",), 1) == [("{n} reviews", "{n} 条评价")]
    with pytest.raises(AssertionError):
        _forms(("{n} review", "{n} reviews"), ("{n} 条评价", "{n} 条评价"), 1)
