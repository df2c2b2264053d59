"""Masking attempts to take a deal off the platform in what customers and buyers write to each other.

A deal moved to a phone call or a private payment loses the escrow, the deadlines and the reputation
that protect both sides, so contact details and payment links in a relayed message are hidden and
counted. What is hidden, by kind:

- ``phone``: international numbers (``+81 90-1234-5678``, ``+86 138 0013 8000``), Chinese mobiles
  (``13800138000``, ``138-0013-8000``), Japanese and Chinese numbers with a leading 0
  (``090-1234-5678``, ``03-1234-5678``, ``(010) 8888 6666``), North American ``(555) 123-4567``;
- ``username``: ``@name`` (five or more characters, as on Telegram, Instagram, X...);
- ``telegram``: ``t.me/...`` and ``telegram.me/...`` links;
- ``wechat``: an id after a WeChat word (``wechat: abc``, ``WeChat ID abc_1``, ``vx abc123``, ``wx: abc``,
  ``微信号 abc``, ``V信：abc``), and invitations without an id (``加我微信``, ``add me on WeChat``);
- ``whatsapp``: ``wa.me/...`` and ``whatsapp.com`` links, ``whatsapp +44 7700 900123``;
- ``qq``: ``QQ 12345678``, ``QQ号：12345678``;
- ``email``: ``name@example.com``;
- ``payment``: ``paypal.me/...`` and other PayPal links, Alipay and WeChat Pay QR links
  (``qr.alipay.com/...``, ``wxp://...``), and any link whose address speaks of paying
  (``pay``, ``checkout``, ``invoice`` in the host or the path: ``buy.stripe.com``, ``venmo.com``...).

Prices, quantities and order numbers stay: ``¥20,000``, ``12800 JPY``, ``order #123`` and dates
(``2026-11-25``) match none of the above. Full-width characters (``１３８…``, ``＠``) are read as their
ASCII forms, so they do not slip through. Other links (a shop's product page) are kept.
"""

import re
from dataclasses import dataclass

MASK = "[•••]"

# Full-width ASCII (U+FF01-U+FF5E) read as ASCII; one character for one, so positions carry over.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

# \w would take Chinese characters for word characters, so word edges here are ASCII only.
_NOT_AFTER = r"(?<![A-Za-z0-9_#¥￥$€£@./+-])"  # a digit run inside a price, a code, a link or an id is no phone
_NOT_BEFORE = r"(?![A-Za-z0-9_@]|[.,]\d)"
_SEP = r"[ .-]?"

_PHONES = (
    r"\+\s?\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){2,5}",  # international
    r"1[3-9]\d" + _SEP + r"\d{4}" + _SEP + r"\d{4}",  # Chinese mobile
    r"\(?0\d{1,4}\)?[ -]?\d{1,4}[ -]?\d{4}",  # Japanese and Chinese, leading 0
    r"\(\d{3}\)\s?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4}",  # North American
)
_WECHAT_WORD = r"(?<![A-Za-z])(?:we\s?chat|weixin|wx|vx|v信|微信|薇信|威信)"
_ID = r"(?!pay\b)[A-Za-z][-_A-Za-z0-9]{2,19}(?![-_A-Za-z0-9])"  # WeChat's own rule is 6-20, people shorten
_LABEL = r"\s*(?:(?:id|号|號|账号)\s*(?:是|is)?\s*[:：]?|(?:是|is)?\s*[:：])\s*"

# Order matters where matches could overlap: links and e-mail addresses before usernames and phones.
# Runs are matched from their first character only (the look-behinds), so a long run costs linear time.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    (
        "link",
        re.compile(
            r"(?:https?://|wxp://|weixin://|www\.)\S+|(?<![A-Za-z0-9.-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
            r"\.[A-Za-z]{2,}/\S*",
            re.I,
        ),
    ),
    ("whatsapp", re.compile(r"whats\s?app\s*(?:number|no\.?|id)?\s*[:：]?\s*\+?\d[\d ().-]{6,}\d", re.I)),
    ("qq", re.compile(r"(?<![A-Za-z])qq\s*(?:号码|号|number|no\.?)?\s*[:：]?\s*\d{5,11}(?!\d)", re.I)),
    ("wechat", re.compile(_WECHAT_WORD + _LABEL + _ID, re.I)),  # wechat: abc, 微信号 abc
    ("wechat", re.compile(_WECHAT_WORD + r"\s*(?:是|is)?\s*(?=[-_A-Za-z0-9]*[\d_])" + _ID, re.I)),  # vx abc123
    ("wechat", re.compile(r"加我?" + _WECHAT_WORD + r"|add\s+me\s+(?:on|in)\s+(?:we\s?chat|weixin)", re.I)),
    ("username", re.compile(r"(?<![A-Za-z0-9_@.])@[A-Za-z][A-Za-z0-9_]{4,31}(?![A-Za-z0-9_])")),
    ("phone", re.compile(_NOT_AFTER + "(?:" + "|".join(_PHONES) + ")" + _NOT_BEFORE)),
)

_PHONE_DIGITS = range(8, 16)
_PAYMENT_LINK = re.compile(
    r"paypal|alipay|wxp://|wechatpay|weixin://|pay\.weixin|stripe\.com|venmo|cash\.app|revolut|wise\.com|"
    r"(?:^|[./-])(?:pay|payment|payments|checkout|invoice)(?:[./?=-]|$)",
    re.I,
)
_TELEGRAM_LINK = re.compile(r"(?:^|[/.])(?:t\.me|telegram\.(?:me|dog))(?:/|$)", re.I)
_WHATSAPP_LINK = re.compile(r"(?:^|[/.])(?:wa\.me|whatsapp\.com)(?:/|$)", re.I)


@dataclass(frozen=True, slots=True)
class MaskedPart:
    """A hidden contact: its kind and where its MASK stands in the masked text."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Masked:
    text: str
    parts: tuple[MaskedPart, ...]


def _link_kind(link: str) -> str | None:
    """What a link is for, or None for an ordinary page (a product, a shop) that may stay."""
    if _TELEGRAM_LINK.search(link):
        return "telegram"
    if _WHATSAPP_LINK.search(link):
        return "whatsapp"
    if _PAYMENT_LINK.search(link):
        return "payment"
    return None


def _kind_of(kind: str, found: str) -> str | None:
    if kind == "link":
        return _link_kind(found)
    if kind == "phone" and sum(char.isdigit() for char in found) not in _PHONE_DIGITS:
        return None
    return kind


def _contacts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every contact in `text`, leftmost first, none overlapping."""
    readable = text.translate(_HALF_WIDTH)
    found: list[tuple[int, int, str]] = []
    for pattern_kind, pattern in _PATTERNS:
        for match in pattern.finditer(readable):
            kind = _kind_of(pattern_kind, match.group())
            start, end = match.span()
            if kind and not any(start < taken_end and taken_start < end for taken_start, taken_end, _ in found):
                found.append((start, end, kind))
    return sorted(found)


def mask_contacts(text: str) -> Masked:
    """`text` with every contact detail and payment link replaced by MASK, and what was hidden."""
    pieces: list[str] = []
    parts: list[MaskedPart] = []
    position = length = 0
    for start, end, kind in _contacts(text):
        pieces.append(text[position:start])
        length += start - position
        parts.append(MaskedPart(kind, length, length + len(MASK)))
        pieces.append(MASK)
        length += len(MASK)
        position = end
    pieces.append(text[position:])
    return Masked("".join(pieces), tuple(parts))


def segments(text: str, parts: list[MaskedPart]) -> list[tuple[str, str | None]]:
    """The masked text cut into (piece, kind of what was hidden there or None), for marking the hidden parts."""
    pieces: list[tuple[str, str | None]] = []
    position = 0
    for part in sorted(parts, key=lambda part: part.start):
        if part.start > position:
            pieces.append((text[position : part.start], None))
        pieces.append((text[part.start : part.end], part.kind))
        position = part.end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces
