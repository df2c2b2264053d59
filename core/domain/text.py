"""Checks for the free text people type: titles, descriptions, notes, reviews."""

import re
import unicodedata

from core.errors import InvalidInput

TITLE_LENGTH = 120  # what a listing or an order is called (the columns' length)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str, field: str, max_length: int, *, allow_empty: bool = False) -> str:
    """Trimmed, NFC-normalised text without control characters, or a domain error naming `field`."""
    text = _CONTROL.sub("", unicodedata.normalize("NFC", value or "")).strip()
    if not text and not allow_empty:
        raise InvalidInput("text.empty", field=field)
    if len(text) > max_length:
        raise InvalidInput("text.too_long", field=field, max=max_length, length=len(text))
    return text


def clean_words(value: str, field: str, max_length: int) -> str:
    """`clean_text` that also names something: at least one letter or digit, not only emoji or symbols.

    For what a thing is called (a request, a listing's title, the item an offer buys), which people search
    and orders are titled by.
    """
    text = clean_text(value, field, max_length)
    if not any(char.isalnum() for char in text):
        raise InvalidInput("text.no_words", field=field)
    return text


_WHOLE_NUMBER = re.compile(r"\d{1,9}")


def parse_count(text: str) -> int:
    """A whole number as people type it (`3`, ` 12 `, full-width `３`), or `number.not_whole`."""
    cleaned = text.strip()
    if not _WHOLE_NUMBER.fullmatch(cleaned):
        raise InvalidInput("number.not_whole", value=cleaned[:20])
    return int(cleaned)
