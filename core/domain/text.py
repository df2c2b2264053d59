"""Checks for the free text people type: titles, descriptions, notes, reviews."""

import re
import unicodedata

from core.errors import InvalidInput

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str, field: str, max_length: int, *, allow_empty: bool = False) -> str:
    """Trimmed, NFC-normalised text without control characters, or a domain error naming `field`."""
    text = _CONTROL.sub("", unicodedata.normalize("NFC", value or "")).strip()
    if not text and not allow_empty:
        raise InvalidInput("text.empty", field=field)
    if len(text) > max_length:
        raise InvalidInput("text.too_long", field=field, max=max_length, length=len(text))
    return text
