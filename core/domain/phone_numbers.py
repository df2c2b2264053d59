"""Phone numbers in folded text (core.domain.text_folding), read by `phonenumbers` as the parties' countries dial them.

A run of digits is a phone number when it is one as written: ``+`` and a number of a possible length
(``+33 6 12 34 56 78``), an international prefix and a valid number (``0086 138 0013 8000``), or a valid
number of one of the regions exactly as it is dialled there, trunk prefix included (``06 12 34 56 78``
in France, ``13800138000`` in China, ``090-1234-5678`` in Japan). North American numbers grouped 3-3-4
count even when the area code is not in use (``555 123 4567``): people write made-up-looking numbers to
test the filter.

The digits may be spread over groups with any separators (``1 3 8 0 0 …``, ``138_0013_8000``), and a
number may stand next to other digits, so every run of groups is tried. What is not a phone number even
when its digits would dial one: a date, a price, and a number after a word that says what it is (an
order, a receipt, a tracking or reference number, a barcode).
"""

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import pairwise

import phonenumbers

_SEPARATOR = r"[\s\-_./()·・~〜ー–—‐−]"
_RUN = re.compile(r"(?<![a-z0-9_#$¥€£₩.,])(?:\+\s*)?\d(?:" + _SEPARATOR + r"{1,3}\d|\d)*(?![a-z0-9]|[.,]\d)")
_GROUP = re.compile(r"\d+")
_NOT_PHONES = re.compile(
    r"(?:19|20)\d\d\s?[-/.年]\s?\d{1,2}\s?[-/.月]\s?\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d\d"  # dates
    r"|(?<!\d)\d{1,2}/\d{1,2}(?![\d/])"  # 12/03
    r"|[¥$€£₩]\s?[\d,.]+|[\d,.]+\s?(?:[¥$€£₩円元]|yen|jpy|usd|eur|rmb|cny|krw|won)"  # prices
    r"|(?<![a-z])(?:order|receipt|invoice|tracking|waybill|ref|sku|jan|ean|barcode|serial|usps|ups|dhl|fedex|ems|yamato"
    r"|单号|订单号?|运单号?|レシート番号|追跡番号|注文番号|伝票番号|番号)\W{0,3}[\d\s-]+"  # labelled numbers
)
_NORTH_AMERICAN = re.compile(r"(?:1\D+)?\(?[2-9]\d\d\)?\D+\d{3}\D+\d{4}")
_DIGITS = range(7, 16)


# Reading a number costs a parse per region. A message made of hundreds of digit groups would cost seconds of
# a worker's time, so past this many candidates every candidate left is hidden without reading it.
MAX_CANDIDATES = 300


def phone_spans(text: str, regions: Iterable[str]) -> list[tuple[int, int]]:
    """[start, end) of every phone number in folded `text`, reading national numbers in `regions`."""
    regions = tuple(dict.fromkeys(region.upper() for region in regions))
    not_phones = [match.span() for match in _NOT_PHONES.finditer(text)]
    budget = [MAX_CANDIDATES]

    def is_phone_number(start: int, end: int) -> bool:
        if any(start < stop and begin < end for begin, stop in not_phones):
            return False
        budget[0] -= 1
        return budget[0] < 0 or _is_phone_number(text[start:end], regions)

    found: list[tuple[int, int]] = []
    for run in _RUN.finditer(text):
        groups = [(run.start() + group.start(), run.start() + group.end()) for group in _GROUP.finditer(run.group())]
        starts = [begin for begin, _ in groups]
        first = 0
        while first < len(groups):
            plus = first == 0 and text[run.start()] == "+"
            span = _longest_number_from(groups[first:], run.start() if plus else groups[first][0], is_phone_number)
            if span is None:
                first += 1
                continue
            found.append(span)
            first = bisect_left(starts, span[1])
    return found


def _longest_number_from(
    groups: list[tuple[int, int]], start: int, is_phone_number: Callable[[int, int], bool]
) -> tuple[int, int] | None:
    """The longest phone number from `start` to the end of one of `groups`, if any."""
    ends = []
    digits = 0
    for begin, end in groups:
        digits += end - begin
        if digits > _DIGITS.stop - 1:
            break
        if digits in _DIGITS:
            ends.append(end)
    return next(((start, end) for end in reversed(ends) if is_phone_number(start, end)), None)


def _is_phone_number(written: str, regions: tuple[str, ...]) -> bool:
    digits = "".join(char for char in written if char.isdigit())
    if written.startswith("+"):
        return _valid("+" + digits, None)
    if _is_list(written):
        return False
    if "US" in regions and _NORTH_AMERICAN.fullmatch(written):
        return True
    return any(_valid(digits, region) for region in regions)


def _is_list(written: str) -> bool:
    """Sizes in a row (``36 37 38 39 40``): three or more rising numbers of as many digits, none with a leading 0."""
    numbers = _GROUP.findall(written)
    return (
        len(numbers) >= 3
        and len({len(number) for number in numbers}) == 1
        and not any(number.startswith("0") for number in numbers)
        and all(int(a) < int(b) for a, b in pairwise(numbers))
    )


@lru_cache(maxsize=4096)
def _valid(digits: str, region: str | None) -> bool:
    """Whether `digits` dial a valid number in `region` exactly as written (trunk or international prefix kept)."""
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return False
    if region is None:  # written with its +: someone meant it as a phone number
        return phonenumbers.is_possible_number(number)
    if not phonenumbers.is_valid_number(number):
        return False
    if digits.startswith(("00", "011")):
        return True
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return "".join(char for char in national if char.isdigit()) == digits
