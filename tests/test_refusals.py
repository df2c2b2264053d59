"""Every refusal raised is declared in `core/refusals.py`, and every front end says each one it can show, translated.

The raise sites are found in the source, not by running it, so a refusal on a path no test takes is checked too.
"""

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from admin_web.errors import TEXTS as ADMIN_WEB_TEXTS
from bot.error_texts import TEXTS as BOT_TEXTS
from core import errors
from core.cli_texts import TEXTS as CLI_TEXTS
from core.domain.languages import DEFAULT_LANGUAGE, DOMAIN, LOCALES_DIR, supported_languages
from core.errors import DomainError
from core.refusals import REFUSALS, Audience, codes_seen_by
from sandbox.limits import MAX_CALLBACK_ANSWER_LENGTH

ROOT = Path(__file__).resolve().parent.parent
KINDS = {name: kind for name, kind in vars(errors).items() if isinstance(kind, type) and issubclass(kind, DomainError)}
FRONT_ENDS = {Audience.CHAT: BOT_TEXTS, Audience.MODERATORS: ADMIN_WEB_TEXTS, Audience.OPERATORS: CLI_TEXTS}


@dataclass(frozen=True)
class Raised:
    code: str
    kind: str
    params: frozenset[str]
    where: str


def _codes(call: ast.Call, kind: str) -> list[str]:
    if not call.args:
        return [KINDS[kind].code]
    code = call.args[0]
    # "moderator.already_active" if active else "moderator.already_inactive": both
    options = [code.body, code.orelse] if isinstance(code, ast.IfExp) else [code]
    return [option.value if isinstance(option, ast.Constant) else "<not a literal>" for option in options]


def raised_refusals() -> Iterator[Raised]:
    for folder in ("core", "bot", "admin_web"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if not isinstance(node, ast.Call):
                    continue
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if name not in KINDS:
                    continue
                params = frozenset(keyword.arg or "**" for keyword in node.keywords)
                for code in _codes(node, name):
                    yield Raised(code, name, params, f"{path.relative_to(ROOT)}:{node.lineno}")


RAISED = list(raised_refusals())


def test_the_scan_finds_the_refusals() -> None:
    found = {raised.code for raised in RAISED}
    assert {"order.prompt_outdated", "moderator.already_active", "ledger.already_posted", "throttled"} <= found


@pytest.mark.parametrize("raised", RAISED, ids=lambda raised: raised.where)
def test_every_raised_refusal_is_declared_with_its_kind_and_parameters(raised: Raised) -> None:
    refusal = REFUSALS.get(raised.code)
    assert refusal is not None, f"{raised.where}: {raised.code} is not declared in core/refusals.py"
    assert KINDS[raised.kind] is refusal.kind, f"{raised.where}: declared as {refusal.kind.__name__}"
    assert raised.params == set(refusal.params), f"{raised.where}: declared with {refusal.params}"


def test_every_declared_refusal_is_raised_somewhere() -> None:
    assert not REFUSALS.keys() - {raised.code for raised in RAISED}


def test_amounts_are_parameters_in_a_currency() -> None:
    for refusal in REFUSALS.values():
        assert set(refusal.amounts) <= set(refusal.params), refusal.code
        assert not refusal.amounts or "currency" in refusal.params, refusal.code


# Parameters beside a currency that are not sums of money in it.
NOT_AMOUNTS = {"currency", "places", "target"}


def test_every_sum_of_money_a_refusal_names_is_shown_as_money() -> None:
    """A refusal with a currency shows each sum as money ("¥1,093,219"), never as "1093219 JPY"."""
    for refusal in REFUSALS.values():
        if "currency" in refusal.params:
            assert set(refusal.params) - NOT_AMOUNTS == set(refusal.amounts), refusal.code


def _catalog(language: str) -> Catalog:
    """English is the template (its msgids are the English texts); any other language, its own catalog."""
    if language == DEFAULT_LANGUAGE:
        path = LOCALES_DIR / "messages.pot"
    else:
        path = LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as po:
        return read_po(po)


def _placeholders(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conversion in Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("audience", FRONT_ENDS, ids=lambda audience: audience.name)
def test_a_front_end_has_a_text_for_exactly_the_refusals_it_can_show(audience: Audience) -> None:
    texts = FRONT_ENDS[audience]
    assert not codes_seen_by(audience) - texts.keys(), "refusals without a text"
    assert not texts.keys() - codes_seen_by(audience), "texts for refusals this front end cannot show"


@pytest.mark.parametrize("language", supported_languages())
@pytest.mark.parametrize("audience", FRONT_ENDS, ids=lambda audience: audience.name)
def test_every_refusal_text_is_in_the_catalog_with_only_declared_parameters(audience: Audience, language: str) -> None:
    catalog = _catalog(language)
    for code, text in FRONT_ENDS[audience].items():
        entry = catalog.get(text)
        assert entry is not None, f"{code}: not in the {language} catalog (run `make catalogs`)"
        said = text if language == DEFAULT_LANGUAGE else entry.string
        assert isinstance(said, str) and said and not entry.fuzzy, f"{code}: untranslated in {language}"
        assert _placeholders(said) <= set(REFUSALS[code].params), f"{code} in {language}: {said!r}"
        said.format(**dict.fromkeys(REFUSALS[code].params, "x"))  # no stray braces


def test_texts_use_one_placeholder_style() -> None:
    for texts in FRONT_ENDS.values():
        assert not [text for text in texts.values() if re.search(r"%\(\w+\)s", text)]


@pytest.mark.parametrize("language", supported_languages())
def test_every_bot_refusal_fits_in_the_alert_a_button_press_gets(language: str) -> None:
    catalog = _catalog(language)
    for code, text in BOT_TEXTS.items():
        said = text if language == DEFAULT_LANGUAGE else catalog[text].string
        assert isinstance(said, str)
        widest = said.format(**dict.fromkeys(REFUSALS[code].params, "1234567.89"))
        assert len(widest) <= MAX_CALLBACK_ANSWER_LENGTH, f"{code} in {language}: {len(widest)} characters"
