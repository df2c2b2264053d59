"""Customer search: what a query asks for, and how well a listing answers it.

Every word of a query is optional: a listing is ranked by how many of the query's words it has (a word
counts when most of its grams are there, so a typo or a part of a word still counts), then by how many
of the query's grams it has, its title and brand counting twice its description, then newest first.
A brand named in the query by any of its names (core/domain/brands.named_in) counts as found in a listing
that has any of that brand's names: 资生堂 finds "Shiseido Ultimune", and "porter" finds "吉田波特单肩包".
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from core.domain.brands import named_in
from core.domain.matching import DESCRIPTION_CHARS, listing_text
from core.domain.similarity import coverage, grams, normalise, spaced

WORD_FOUND = 0.5  # the share of a word's grams a listing must have for the word to count as found
TITLE_WEIGHT = 2
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class NamedBrand:
    typed: frozenset[str]  # the grams of the name as the query has it
    names: tuple[frozenset[str], ...]  # the grams of each of the brand's names


@dataclass(frozen=True, slots=True)
class Query:
    words: tuple[frozenset[str], ...]  # the grams of each word the customer typed
    brands: tuple[NamedBrand, ...]
    typed: frozenset[str]  # the grams of all the words

    @property
    def looked_up(self) -> tuple[frozenset[str], ...]:
        """What to look up in the index, the grams of each: the query's words, and every name of each brand it names."""
        return self.words + tuple(name for brand in self.brands for name in brand.names)


def query_of(text: str, names: Mapping[str, int]) -> Query:
    """What `text` asks for, `names` being every brand name and alias with its brand's id."""
    by_brand: dict[int, list[str]] = {}
    for name, brand_id in names.items():
        by_brand.setdefault(brand_id, []).append(name)
    named = named_in(text, names)
    separated = normalise(text)
    for alias in named:  # a brand's name is a word of its own, even inside a run of Chinese ("求购资生堂精华")
        separated = separated.replace(normalise(alias), f" {normalise(alias)} ")
    words = tuple(word_grams for word in _WORD.findall(separated) if (word_grams := grams(word)))
    brands = tuple(
        NamedBrand(grams(alias), tuple(grams(name) for name in by_brand[brand_id])) for alias, brand_id in named.items()
    )
    return Query(words, brands, frozenset().union(*words))


@dataclass(frozen=True, slots=True)
class Found:
    """A listing the index offered for a query."""

    listing_id: int
    title: str
    brand: str | None
    description: str


def relevance(query: Query, found: Found) -> tuple[int, int]:
    """(words found, weighted grams found): higher is better; no word found means the listing does not answer.

    Grams are looked for as substrings of the listing's texts (similarity.spaced): a few hundred candidates a
    search are scored this way in a few milliseconds, where cutting each text into grams took tens.
    """
    title = spaced(listing_text(found.title, found.brand))
    description = spaced(found.description[:DESCRIPTION_CHARS])
    typed = query.typed
    in_title = {gram for gram in typed if gram in title}
    in_description = {gram for gram in typed if gram in description}
    for brand in query.brands:
        if any(name and all(gram in title for gram in name) for name in brand.names):
            in_title |= brand.typed
        elif any(name and all(gram in description for gram in name) for name in brand.names):
            in_description |= brand.typed
    offered = in_title | in_description
    words = sum(coverage(word, offered) >= WORD_FOUND for word in query.words)
    return words, TITLE_WEIGHT * len(in_title) + len(in_description - in_title)


def ranked(query: Query, found: Iterable[Found]) -> Sequence[int]:
    """The ids of the listings that have at least one of the query's words, best first, newest first among equals."""
    scored = [(relevance(query, listing), listing.listing_id) for listing in found]
    return [listing_id for score, listing_id in sorted(scored, reverse=True) if score[0]]
