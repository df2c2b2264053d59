"""Text folded to the plain form a reader sees, so a contact written in disguise reads as itself.

People hide a phone number or a handle from a pattern in ways a reader does not notice: invisible
characters between the digits (``138\\u200b0013``), digits of another script (``١٣٨``, ``𝟏𝟑𝟖``, ``一三八``),
full-width or mathematical letters (``ｗｅｃｈａｔ``, ``𝐰𝐞𝐜𝐡𝐚𝐭``) and Cyrillic letters that look Latin
(``wеchat``). Folding undoes all of these: Unicode NFKC, format characters (category Cf) dropped, every
decimal digit and Chinese numeral as an ASCII digit, look-alike letters as Latin, everything lower case.

A folded text remembers where each of its characters came from, so what is found in it can be hidden in
the text as written.
"""

import re
import unicodedata
from dataclasses import dataclass

# Chinese numerals, everyday and financial forms, as digits: 一三八零零一三八零零零 is a phone number.
_CHINESE_NUMERALS = ("零〇洞", "一壹幺", "二贰貳两兩", "三叁參", "四肆", "五伍", "六陆陸", "七柒", "八捌", "九玖")
_CHINESE_DIGITS = {numeral: str(digit) for digit, numerals in enumerate(_CHINESE_NUMERALS) for numeral in numerals}
# Cyrillic and Greek letters drawn like Latin ones.
_LOOK_ALIKES = dict(zip("аеорсухкмтнвіјѕԁԛԝοαερτυικνχ", "aeopcyxkmthbijsdqwoaeptuikvx", strict=True))
_SPELLED_DIGITS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
# Five or more digits spelled out in a row ("one three eight zero zero ...") are read as digits.
_SPELLED_WORD = re.compile("|".join(_SPELLED_DIGITS))
_SPELLED_RUN = re.compile(rf"\b(?:(?:{_SPELLED_WORD.pattern})[\s,-]+){{4,}}(?:{_SPELLED_WORD.pattern})\b")


@dataclass(frozen=True, slots=True)
class Folded:
    """The folded text and, for each of its characters, the span of the original text it came from."""

    text: str
    origins: tuple[tuple[int, int], ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Where the folded text's [start, end) stands in the original text."""
        return self.origins[start][0], self.origins[end - 1][1]


def _fold_character(char: str) -> str:
    if unicodedata.category(char) == "Cf":  # zero-width spaces and joiners, word joiners, BOMs
        return ""
    folded = []
    for part in unicodedata.normalize("NFKC", char).lower():
        digit = unicodedata.decimal(part, None)
        folded.append(str(digit) if digit is not None else _CHINESE_DIGITS.get(part) or _LOOK_ALIKES.get(part, part))
    return "".join(folded)


def fold(text: str) -> Folded:
    """`text` as a reader sees it, with where each character came from."""
    chars: list[str] = []
    origins: list[tuple[int, int]] = []
    for position, char in enumerate(text):
        for part in _fold_character(char):
            chars.append(part)
            origins.append((position, position + 1))
    folded = "".join(chars)
    for run in reversed(list(_SPELLED_RUN.finditer(folded))):  # from the end, so earlier positions hold
        words = list(_SPELLED_WORD.finditer(run.group()))
        digits = [_SPELLED_DIGITS[word.group()] for word in words]
        spans = [(origins[run.start() + w.start()][0], origins[run.start() + w.end() - 1][1]) for w in words]
        chars[run.start() : run.end()] = digits
        origins[run.start() : run.end()] = spans
        folded = "".join(chars)
    return Folded(folded, tuple(origins))
