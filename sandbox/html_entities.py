"""Telegram's HTML parse mode: markup in, plain text plus message entities out.

Follows the Bot API's "HTML style" section and words its errors like TDLib, the parser behind the Bot
API. One deliberate difference: the documentation says every `<`, `>` and `&` that is not part of a
tag or an entity must be escaped, and this parser holds bots to it, while Telegram itself lets a bare
`>` or an unknown `&...` through as text. A bot that escapes user text passes both.
"""

import re
from dataclasses import dataclass, field
from typing import Any

SUPPORTED_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
        "tg-emoji", "tg-time", "code", "pre", "blockquote",
    }
)  # fmt: skip
_SIMPLE_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
}
# Telegram supports numeric entities and only these four named ones.
_ENTITY = re.compile(r"&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|(lt|gt|amp|quot));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_LANGUAGE_PREFIX = "language-"


class HtmlParseError(ValueError):
    """Why the markup was refused; Telegram prefixes it with `can't parse entities: `."""


@dataclass
class _OpenTag:
    name: str
    attributes: dict[str, str]
    offset: int  # in UTF-16 code units of the output, as entity offsets are
    text_index: int  # in characters of the output, to read the tag's text back
    language: str = field(default="")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets and lengths."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities (sorted by offset) of `source`, or `HtmlParseError`."""
    out: list[str] = []
    offset = 0
    entities: list[dict[str, Any]] = []
    stack: list[_OpenTag] = []
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        if char == "&":
            match = _ENTITY.match(source, i)
            if match is None:
                raise HtmlParseError(f'character "&" must be escaped as "&amp;" at byte offset {_at(source, i)}')
            decoded = _decode(match)
            out.append(decoded)
            offset += utf16_len(decoded)
            i = match.end()
        elif char == ">":
            raise HtmlParseError(f'character ">" must be escaped as "&gt;" at byte offset {_at(source, i)}')
        elif char != "<":
            out.append(char)
            offset += 2 if ord(char) > 0xFFFF else 1
            i += 1
        elif i + 1 < n and source[i + 1] == "/":
            tag, i = _read_end_tag(source, i, stack)
            _close(tag, offset, "".join(out[tag.text_index :]), entities, stack)
        else:
            name, attributes, i = _read_start_tag(source, i)
            stack.append(_OpenTag(name, attributes, offset, len(out)))
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return "".join(out), entities


def _at(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _decode(match: re.Match[str]) -> str:
    decimal, hexadecimal, named = match.groups()
    if named:
        return _NAMED[named]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def _read_end_tag(source: str, begin: int, stack: list[_OpenTag]) -> tuple[_OpenTag, int]:
    if not stack:
        raise HtmlParseError(f"Unexpected end tag at byte offset {_at(source, begin)}")
    j, n = begin + 2, len(source)
    while j < n and not source[j].isspace() and source[j] != ">":
        j += 1
    name = source[begin + 2 : j].lower()
    while j < n and source[j].isspace():
        j += 1
    if j >= n or source[j] != ">":
        raise HtmlParseError(f"Unclosed end tag at byte offset {_at(source, begin)}")
    tag = stack.pop()
    if name and name != tag.name:
        raise HtmlParseError(
            f'Unmatched end tag at byte offset {_at(source, begin)}, expected "</{tag.name}>", found "</{name}>"'
        )
    return tag, j + 1


def _read_start_tag(source: str, begin: int) -> tuple[str, dict[str, str], int]:
    n = len(source)
    j = begin + 1
    while j < n and not source[j].isspace() and source[j] != ">":
        j += 1
    if j >= n:
        raise HtmlParseError(f"Unclosed start tag at byte offset {_at(source, begin)}")
    name = source[begin + 1 : j].lower()
    if name not in SUPPORTED_TAGS:
        raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {_at(source, begin)}')
    attributes: dict[str, str] = {}
    while True:
        while j < n and source[j].isspace():
            j += 1
        if j >= n:
            raise HtmlParseError(f"Unclosed start tag at byte offset {_at(source, begin)}")
        if source[j] == ">":
            break
        attribute, value, j = _read_attribute(source, j, name, begin)
        attributes[attribute] = value
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {_at(source, begin)}')
    return name, attributes, j + 1


def _read_attribute(source: str, j: int, tag: str, begin: int) -> tuple[str, str, int]:
    n = len(source)
    start = j
    while j < n and not source[j].isspace() and source[j] not in "=>":
        j += 1
    attribute = source[start:j].lower()
    if not attribute:
        raise HtmlParseError(f'Empty attribute name in the tag "{tag}" at byte offset {_at(source, begin)}')
    while j < n and source[j].isspace():
        j += 1
    if j >= n or source[j] != "=":
        if tag == "blockquote" and attribute == "expandable":
            return attribute, "", j
        raise HtmlParseError(
            f'Expected equal sign in declaration of an attribute of the tag "{tag}" at byte offset {_at(source, begin)}'
        )
    j += 1
    while j < n and source[j].isspace():
        j += 1
    if j >= n:
        raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {_at(source, begin)}')
    if source[j] in "'\"":
        quote = source[j]
        end = source.find(quote, j + 1)
        if end < 0:
            raise HtmlParseError(f"Unclosed start tag at byte offset {_at(source, begin)}")
        # Inside attribute values Telegram decodes the entities it knows and keeps any other "&".
        value = _ENTITY.sub(_decode, source[j + 1 : end])
        return attribute, value, end + 1
    start = j
    while j < n and (source[j].isalnum() or source[j] in ".-"):
        j += 1
    if j >= n or not (source[j].isspace() or source[j] == ">"):
        raise HtmlParseError(f"Unexpected end of name token at byte offset {_at(source, start)}")
    return attribute, source[start:j].lower(), j


def _close(tag: _OpenTag, offset: int, text: str, entities: list[dict[str, Any]], stack: list[_OpenTag]) -> None:
    length = offset - tag.offset
    if length <= 0:
        return
    entity: dict[str, Any] = {"offset": tag.offset, "length": length}
    if tag.name in _SIMPLE_ENTITY_TYPES:
        entity["type"] = _SIMPLE_ENTITY_TYPES[tag.name]
    elif tag.name == "a":
        url = tag.attributes.get("href") or text
        if not url:
            return
        entity.update(type="text_link", url=url)
    elif tag.name == "code":
        parent = stack[-1] if stack else None
        if parent is not None and parent.name == "pre" and parent.offset == tag.offset:
            # <pre><code class="language-x"> is one pre entity with a language.
            language = tag.attributes.get("class", "")
            if language.startswith(_LANGUAGE_PREFIX):
                parent.language = language[len(_LANGUAGE_PREFIX) :]
            return
        entity["type"] = "code"
    elif tag.name == "pre":
        entity["type"] = "pre"
        if tag.language:
            entity["language"] = tag.language
    elif tag.name == "blockquote":
        entity["type"] = "expandable_blockquote" if "expandable" in tag.attributes else "blockquote"
    elif tag.name == "tg-emoji":
        entity.update(type="custom_emoji", custom_emoji_id=tag.attributes.get("emoji-id", ""))
    else:  # tg-time
        entity["type"] = "date_time"
        unix = tag.attributes.get("unix", "")
        if unix.isdigit():
            entity["unix_time"] = int(unix)
        if "format" in tag.attributes:
            entity["date_time_format"] = tag.attributes["format"]
    entities.append(entity)
