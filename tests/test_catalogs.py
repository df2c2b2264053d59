"""Every string the bot and admin web show exists, translated, in every catalog.

A missing translation would show English to a Chinese-speaking user; a lost `{placeholder}`
or HTML tag would crash `.format` or make Telegram refuse the message.
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
            ROOT / folder, method_map=[("**.py", "python")], keywords={"_": None, "__": None, "N_": None}
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
    entries = {m.id: m for m in catalog if m.id}
    missing = sorted(source_messages() - entries.keys())
    assert not missing, f"not in the {language} catalog (run `make catalogs`): {missing[:5]}"
    for message_id, entry in entries.items():
        assert isinstance(message_id, str) and isinstance(entry.string, str)
        assert entry.string and not entry.fuzzy, f"untranslated in {language}: {message_id!r}"
        assert Counter(_PLACEHOLDER.findall(entry.string)) == Counter(_PLACEHOLDER.findall(message_id)), message_id
        assert Counter(_TAG.findall(entry.string)) == Counter(_TAG.findall(message_id)), message_id
    # What `pybabel compile` (run by `make run`) refuses, such as %-placeholders that do not match.
    problems = [(message.id, errors) for message, errors in catalog.check()]
    assert not problems, problems[:3]
