"""Brands and their names across languages: how names compare, and which brands a customer's words name.

A brand has aliases (its own name among them): 资生堂 and Shiseido, 波特, 吉田カバン and Porter. Search looks
up every alias of a brand named anywhere in the query, so a customer typing 资生堂 also finds "Shiseido
Ultimune" and one typing "porter" also finds "吉田波特单肩包".
"""

import re
from collections.abc import Iterable, Mapping

from core.domain.similarity import normalise

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_NOT_WORD = re.compile(r"[\W_]+")


def brand_key(name: str) -> str:
    """How brand names compare: case, width and spacing do not matter."""
    return " ".join(normalise(name).split())


def _words(text: str) -> str:
    """`text` as space-separated words, punctuation dropped: "SK-II," and "sk ii" read alike."""
    return " ".join(_NOT_WORD.sub(" ", normalise(text)).split())


def named_in(text: str, aliases: Mapping[str, int]) -> dict[str, int]:
    """The aliases (keys, each with its brand's id) found in `text`.

    An alias with Chinese, Japanese or Korean characters counts anywhere in the text, since those scripts
    put no spaces between words ("求购资生堂精华" names 资生堂); any other only as whole words (LV in
    "LV wallet", not in "lvmh").
    """
    words = f" {_words(text)} "
    found = {}
    for alias, brand_id in aliases.items():
        wanted = _words(alias)
        if wanted and (f" {wanted} " in words or (_CJK.search(wanted) and wanted in words)):
            found[alias] = brand_id
    return found


def alias_names(names: Iterable[str]) -> list[str]:
    """Names as a moderator typed them, one per comma or line, each once (by its key), blanks dropped."""
    seen: dict[str, str] = {}
    for name in re.split(r"[,，\n]", "\n".join(names)):
        name = " ".join(name.split())
        if name and brand_key(name) not in seen:
            seen[brand_key(name)] = name
    return list(seen.values())
