"""Message text and captions as Telegram stores them: parse mode applied, whitespace trimmed."""

import logging
from dataclasses import dataclass, field
from typing import Any

from sandbox.errors import bad_request
from sandbox.html_entities import HtmlParseError, parse_html, utf16_len

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FormattedText:
    """Plain text and its entities (offsets in UTF-16 code units)."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def format_text(text: str | None, parse_mode: str | None, entities: Any = None) -> FormattedText:
    """Apply `parse_mode` (or explicit `entities`) to `text`; 400 on markup Telegram would refuse."""
    text = text or ""
    mode = (parse_mode or "").lower()
    if mode == "html":
        try:
            text, parsed = parse_html(text)
        except HtmlParseError as error:
            raise bad_request(f"can't parse entities: {error}") from None
    elif mode in ("markdown", "markdownv2"):
        logger.warning("parse_mode %s is passed through unchecked by the sandbox", parse_mode)
        parsed = []
    elif mode:
        raise bad_request("unsupported parse_mode")
    else:
        parsed = _explicit_entities(entities)
    return _trimmed(text, parsed)


def _explicit_entities(entities: Any) -> list[dict[str, Any]]:
    if entities is None:
        return []
    if not isinstance(entities, list) or not all(
        isinstance(entity, dict) and {"type", "offset", "length"} <= entity.keys() for entity in entities
    ):
        raise bad_request("can't parse entities JSON object")
    return [dict(entity) for entity in entities]


def _trimmed(text: str, entities: list[dict[str, Any]]) -> FormattedText:
    # Telegram drops leading and trailing whitespace and moves the entities with the text.
    stripped = text.strip()
    if stripped == text:
        return FormattedText(text, entities)
    shift = utf16_len(text[: len(text) - len(text.lstrip())])
    end = utf16_len(stripped)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        stop = min(entity["offset"] + entity["length"] - shift, end)
        if stop > start:
            kept.append({**entity, "offset": start, "length": stop - start})
    return FormattedText(stripped, kept)
