"""Text similarity that works for Chinese and English alike, and tolerates typos.

Text is NFKC-normalised (full-width letters and digits become ASCII) and case-folded, then cut into
character n-grams, the method CJK search engines use because Chinese has no spaces between words:
- a run of Han, kana or hangul characters gives its character bigrams ("单肩包" → 单肩, 肩包), a lone
  character itself; spaces and punctuation end a run, so "波特 单肩包" and "吉田波特单肩包" share every
  bigram of the former;
- any other word (letters, digits) gives its trigrams with a space added at each end (" bag" → " ba",
  "bag", "ag "), so short words still count and a typo breaks only the two or three grams around it:
  "Portr Tankr" still shares half its grams with "Porter Tanker".
"""

import re
import unicodedata
from collections.abc import Iterable

# Han (incl. extension A and compatibility ideographs), kana, hangul.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_IS_CJK = re.compile(rf"[{_CJK}]")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def grams(text: str) -> frozenset[str]:
    """The set of character n-grams of `text` (see the module's docstring)."""
    found: set[str] = set()
    for token in _TOKEN.findall(normalise(text)):
        if _IS_CJK.match(token):
            found.update([token[i : i + 2] for i in range(max(len(token) - 1, 1))])
        else:
            padded = f" {token} "
            found.update([padded[i : i + 3] for i in range(len(padded) - 2)])
    return frozenset(found)


def spaced(text: str) -> str:
    """`text`'s words and runs of CJK characters, one space between each and at both ends: each of its grams is a
    substring of it, so a gram can be looked for without cutting the whole text into grams."""
    return f" {' '.join(_TOKEN.findall(normalise(text)))} "


def coverage(wanted: frozenset[str], offered: Iterable[str]) -> float:
    """How much of what someone wants a text offers: the share of `wanted`'s grams found in `offered`, 0 to 1.

    Asymmetric on purpose: a listing titled "吉田波特单肩包 黑色" fully covers a request for "波特 单肩包",
    however much more its title says.
    """
    if not wanted:
        return 0.0
    return len(wanted.intersection(offered)) / len(wanted)


def similarity(a: str, b: str) -> float:
    """The Dice coefficient of two texts' grams, 0 (nothing shared) to 1 (the same grams)."""
    ga, gb = grams(a), grams(b)
    if not ga or not gb:
        return 0.0
    return 2 * len(ga & gb) / (len(ga) + len(gb))
