"""Masking attempts to take a deal off the platform in what customers and buyers write to each other.

A deal moved to a phone call or a private payment loses the escrow, the deadlines and the reputation
that protect both sides, so contact details and payment links in a relayed message are hidden and
counted. Matching runs on the text as a reader sees it (core.domain.text_folding: invisible characters,
other scripts' digits, full-width and look-alike letters undone), and only the contact itself is hidden
in the text as written, so the rest of the message reads as it was sent. What is hidden, by kind:

- ``phone``: numbers as they are dialled in the parties' countries and the countries buyers work in,
  read by `phonenumbers` (core.domain.phone_numbers), however their digits are spaced or spelled;
- ``username``: ``@name`` (five or more characters, as on Telegram, Instagram, X...), also ``@ name``;
- ``email``: ``name@example.com`` and its spelled-out forms (``name at gmail dot com``, ``name(at)163.com``);
- one kind per messenger and ``payment`` for payment apps: an id after the app's name or nickname
  (``wechat: abc``, ``vx abc123``, ``微信 abc``, ``QQ 12345678``, ``扣扣``, ``LINE ID: yuki``, ``카톡 kim``,
  ``ig yuki_99``, ``tg: john``, ``电报 john``, ``venmo @john-s``, ``alipay: mei_88``...), their links however
  the dot is written (``t.me/x``, ``t 。me/x``, ``t[.]me/x``, ``paypal . me / john``, ``wa.me/…``), WeChat
  invitations without an id (``加我微信``), and any link whose address speaks of paying.

An app's name alone (``I use WeChat Pay``, ``the line was long``, ``Signal is weak here``) stays, and so do
prices, dates, sizes and numbers labelled as orders, receipts, tracking or reference numbers: the corpus in
tests/contact_corpus.py measures both sides (``python -m bench.contact_masking``).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from core.domain.phone_numbers import phone_spans
from core.domain.text_folding import fold

MASK = "[•••]"

# The countries buyers work in: their numbers are read in every chat, the parties' own countries on top.
WORKING_REGIONS = ("CN", "JP", "KR", "US", "FR", "DE", "IT", "GB")

# Folded text is lower case; \w would take Chinese characters for word characters, so edges are ASCII only.
_WORD_START = r"(?<![a-z0-9])"
_HANDLE = r"[@$]?[a-z0-9][a-z0-9._-]{2,31}(?<![._-])(?![a-z0-9_])"
_MARKED = r"(?=[@$]|[a-z0-9._-]*[0-9._-])"  # a digit, dot, dash or underscore: a handle, not a word
# Words that follow an app's name in ordinary talk and are no handle ("WeChat official", "telegram channel").
_NOT_HANDLES = (
    "account|accounts|message|messages|group|groups|channel|channels|official|profile|payment|payments|because|"
    "before|really|please|yesterday|tomorrow|though|instead|either|anyway|friends|stories|status|number|contact|"
    "people|shopping|sticker|stickers|should|always|called|moment|online|anymore|myself|sometimes|inside|friend|"
    "business|support|transfer|balance|wallet|accepted|already|working|search|scanned|around"
)
_LABEL = (
    r"\s*(?:(?:id|のid|号码|号|號|账号|帐号|number|no\.?|username|user|handle|아이디|群)\s*(?:是|is|[:：=→-]|->)?"
    r"|是|[:：=→]|->)\s*"
)
_GAP = r"(?:\s+|\s+(?:is|to|me\s+at|at|on)\s+)"
_DOT = r"\s*(?:[.。・]|\[\s*(?:\.|dot)\s*\]|\(\s*(?:\.|dot)\s*\)|\{\s*(?:\.|dot)\s*\}|\s+dot\s+)\s*"
_SLASH = r"\s*(?:/|\s+slash\s+)\s*"


def _spaced(word: str) -> str:
    """`word` also with a space, dot or dash between its letters (w e c h a t, W-e-C-h-a-t)."""
    return r"[\s._-]?".join(re.escape(char) for char in word)


def _host(*labels: str) -> str:
    return _DOT.join(labels)


# kind -> (names in Latin letters, names in other scripts)
_APPS = {
    "wechat": (_spaced("wechat") + r"|wei\s?xin|wx|v\s?x|\+\s?v", r"微信|薇信|威信|v信|绿泡泡|加微|加v"),
    "qq": (r"q\s?q", r"扣扣|企鹅"),
    "line": (r"line", r"ライン|라인"),
    "kakao": (r"kakao(?:\s?talk)?|kkt", r"카카오톡|카톡|카카오"),
    "whatsapp": (r"wh?ats?'?s?\s?app?|wa", r"瓦次艾普"),
    "signal": (r"signal", r"シグナル"),
    "instagram": (r"instagram|insta|ig|ins", r"インスタ|인스타"),
    "telegram": (_spaced("telegram") + r"|tg", r"电报|纸飞机|飞机号|テレグラム|텔레그램"),
    "payment": (r"pay\s?pal|pp|ven\s?mo|alipay|zfb|cash\s?app|revolut|zelle", r"支付宝|支付寶"),
}
# Names that are ordinary words too ("the line", "a signal", "ins and outs") need a label or a marked handle;
# the others may be followed by a plain id of six letters or more (``wechat abcdef``).
_PLAIN_ID_AFTER = "wechat|weixin|telegram|kakao|kakaotalk|whatsapp|instagram|insta|venmo|paypal"

_LINKS = {
    "telegram": _host("t", "me") + "|" + _host("telegram", "(?:me|dog)"),
    "whatsapp": _host("wa", "me") + "|" + _host("whatsapp", "com"),
    "line": _host("line", "me"),
    "kakao": _host("kakao", "com"),
    "signal": _host("signal", "(?:me|group)"),
    "instagram": _host("instagram", "com") + "|" + _host("instagr", "am"),
    "payment": "|".join(
        (_host(r"pay\s?pal", "(?:me|com)"), _host("venmo", "com"), _host("cash", "app"), _host("revolut", "me"))
    ),
}

_MAIL_PROVIDERS = r"(?:gmail|yahoo|hotmail|outlook|icloud|qq|163|126|naver|daum|gmx|sina|foxmail)"
_AT = r"(?:\s*@\s*|\s*[\[({<]\s*at\s*[\])}>]\s*|-at-|_at_|艾特|\s*#\s*(?=" + _MAIL_PROVIDERS + r"\b))"
_SPELLED_DOT = r"(?:\s*[\[({<]\s*(?:dot|\.)\s*[\])}>]\s*|\s+d[o0]t\s+|-dot-|_dot_|点|點)"
_MAIL_DOT = r"(?:\s*[.。]\s*|" + _SPELLED_DOT + ")"
_LOCAL = r"(?<![a-z0-9._%+-])[a-z0-9][a-z0-9._%+-]*"
_TLD = r"[a-z]{2,6}(?![a-z0-9/])"
# A plain " at " is everyday English ("bought it at amazon.co.jp"): an address only with a mail provider
# or dots spelled out, and "john at gmail" only at the end of the message.
_AT_THE_END = r"(?=\s*[.!?,]?\s*$)"
_EMAIL = "|".join(
    (
        _LOCAL + _AT + r"[a-z0-9-]+(?:" + _MAIL_DOT + r"[a-z0-9-]+)*" + _MAIL_DOT + _TLD,
        _LOCAL + r"\s+at\s+" + _MAIL_PROVIDERS + r"(?:(?:" + _MAIL_DOT + _TLD + ")+|" + _AT_THE_END + ")",
        _LOCAL + r"\s+at\s+[a-z0-9-]+(?:" + _MAIL_DOT + r"[a-z0-9-]+)*" + _SPELLED_DOT + _TLD,
    )
)


def _app_patterns(kind: str, latin: str, other: str) -> list[tuple[str, re.Pattern[str]]]:
    loose = "|".join(name for name in _PLAIN_ID_AFTER.split("|") if re.fullmatch(latin, name))
    patterns = [
        _WORD_START + f"(?:{latin})(?:{_LABEL}|{_GAP})" + r"\+?\d[\d\s().-]{6,}\d",  # whatsapp +44 7700 900123
        _WORD_START + f"(?:{latin})" + _LABEL + _HANDLE,  # wechat: abc
        _WORD_START + f"(?:{latin}){_GAP}{_MARKED}{_HANDLE}",  # vx abc123, PayPal to john88
        rf"(?:{other})\s*(?:{_LABEL})?\s*{_HANDLE}",  # 微信 abc
    ]
    if loose:
        patterns.append(rf"{_WORD_START}(?:{loose})\s+(?!(?:{_NOT_HANDLES})\b)[a-z]{{6,20}}(?![a-z0-9_.-])")
    if kind == "qq":  # QQ numbers are digits only, and people space them out
        label = r"\s*(?:号码|号|群|number|no\.?)?\s*[:：]?\s*"
        patterns = [rf"(?:{_WORD_START}(?:{latin})|{other}){label}\d(?:\s?\d){{4,10}}(?!\d)"]
    return [(kind, re.compile(pattern)) for pattern in patterns]


# Order matters where matches could overlap: links and e-mail addresses before handles, handles before phones.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(_EMAIL)),
    *(
        (kind, re.compile(rf"(?<![a-z0-9.-])(?:https?://)?(?:www{_DOT})?(?:[a-z0-9-]+{_DOT})*(?:{host}){_SLASH}\S+"))
        for kind, host in _LINKS.items()
    ),
    (
        "link",
        re.compile(
            r"(?:https?://|wxp://|weixin://|www\.)\S+|(?<![a-z0-9.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/\S*"
        ),
    ),
    ("wechat", re.compile(r"加我?(?:微信|薇信|威信|v信|vx)|add\s+me\s+(?:on|in)\s+(?:we\s?chat|weixin)")),
    *(pattern for kind, (latin, other) in _APPS.items() for pattern in _app_patterns(kind, latin, other)),
    ("username", re.compile(r"(?<![a-z0-9_@.])@\s*[a-z][a-z0-9_]{4,31}(?![a-z0-9_])")),
)

_PAYMENT_LINK = re.compile(
    r"paypal|alipay|wxp://|wechatpay|weixin://|pay\.weixin|stripe\.com|venmo|cash\.app|revolut|wise\.com|"
    r"(?:^|[./-])(?:pay|payment|payments|checkout|invoice)(?:[./?=-]|$)"
)


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


def _contacts(text: str, regions: Iterable[str]) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every contact in `text`, leftmost first, none overlapping."""
    folded = fold(text)
    found: list[tuple[int, int, str]] = []

    def take(start: int, end: int, kind: str) -> None:
        if not any(start < taken_end and taken_start < end for taken_start, taken_end, _ in found):
            found.append((start, end, kind))

    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(folded.text):
            if kind != "link" or _PAYMENT_LINK.search(match.group()):  # other links (a shop's page) may stay
                take(*match.span(), "payment" if kind == "link" else kind)
    for start, end in phone_spans(folded.text, (*regions, *WORKING_REGIONS)):
        take(start, end, "phone")
    return sorted((*folded.original_span(start, end), kind) for start, end, kind in found)


def mask_contacts(text: str, regions: Iterable[str] = ()) -> Masked:
    """`text` with every contact detail and payment link replaced by MASK, and what was hidden.

    `regions` are the parties' countries (ISO codes): phone numbers are read as dialled there, on top of
    the countries buyers work in (WORKING_REGIONS).
    """
    pieces: list[str] = []
    parts: list[MaskedPart] = []
    position = length = 0
    for start, end, kind in _contacts(text, regions):
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
