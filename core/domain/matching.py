"""The rules of matching requests, listings and buyers: index keys, which grams to look up, fit and ranking.

Pure functions; core/services/catalog/listing_index.py and core/services/sourcing/matching.py run them against the
database.
"""

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from core.domain.money import Money, exponent
from core.domain.similarity import grams

# A listing fits a request when its title and brand hold at least this share of the request's grams.
MIN_COVERAGE = 0.4
# Candidate lookup reads the rarest grams' postings, up to about this many index entries.
POSTINGS_BUDGET = 10_000
MAX_LOOKUP_GRAMS = 8


MATCH_TEXT_CHARS = 200  # of a request: its opening says what is wanted; the rest is detail


def listing_text(title: str, brand: str | None) -> str:
    return f"{title} {brand or ''}"


def request_text(text: str) -> str:
    return text[:MATCH_TEXT_CHARS]


def index_key(country: str, gram: str) -> int:
    """A gram of a listing in a country as one signed 32-bit integer, the index's key.

    The country is part of the key, as every request names one, so a lookup reads only that country's
    postings. CRC-32 is stable across processes (unlike `hash`); a rare collision only adds a candidate
    that the exact similarity then drops.
    """
    return zlib.crc32(f"{country}\x1f{gram}".encode()) - 2**31


def index_keys(country: str, text: str) -> frozenset[int]:
    return keys_of(country, grams(text))


def keys_of(scope: str, text_grams: Iterable[str]) -> frozenset[int]:
    return frozenset(index_key(scope, gram) for gram in text_grams)


# Customer search (core/domain/search.py) reads two more scopes of keys: a listing's title and brand in every
# country, so a search everywhere reads one key per gram rather than one per country, and its description
# (its opening: the rest is detail), in every country too, counted below the title when ranking.
EVERYWHERE = "*"
DESCRIPTIONS = "*description"
DESCRIPTION_CHARS = 500


def listing_keys(country: str, title: str, brand: str | None, description: str) -> frozenset[int]:
    """Every key of a published listing: its matching keys (title and brand in its country) and its search keys."""
    named = grams(listing_text(title, brand))
    described = index_keys(DESCRIPTIONS, description[:DESCRIPTION_CHARS])
    return keys_of(country, named) | keys_of(EVERYWHERE, named) | described


def grams_to_look_up(frequencies: dict[int, int]) -> list[int]:
    """The keys worth reading: the rarest first, until their postings reach POSTINGS_BUDGET.

    Rare grams say the most about a text and cost the least to read; a gram no listing has (a typo's)
    is skipped. A request made only of common grams gets its rarest one alone, over the budget: the caller
    then reads only its newest postings.
    """
    chosen: list[int] = []
    postings = 0
    for key, count in sorted(frequencies.items(), key=lambda item: (item[1], item[0])):
        if count <= 0:
            continue
        if chosen and (postings + count > POSTINGS_BUDGET or len(chosen) == MAX_LOOKUP_GRAMS):
            break
        chosen.append(key)
        postings += count
    return chosen


MAX_SEARCH_KEYS = 12
# A search reads fewer index entries than a request's matching: it runs at every typed message, and its
# candidates are re-scored in Python (core/domain/search.py).
SEARCH_POSTINGS_BUDGET = 4_000


def keys_for_each_word(words: Sequence[Iterable[int]], frequencies: dict[int, int]) -> list[int]:
    """The keys a customer's search reads: each word's rarest key first (`words` are the keys of each word, or
    of each name of a brand it names, in the order they matter), so a listing with any one word can be found;
    then the rarest of the others while their postings stay within SEARCH_POSTINGS_BUDGET; MAX_SEARCH_KEYS at most.

    A word's key may be common (over the budget): the lookup then reads only its newest postings.
    """
    chosen: list[int] = []
    for keys in words:
        present = sorted((frequencies[key], key) for key in keys if frequencies.get(key, 0) > 0)
        if present and present[0][1] not in chosen and len(chosen) < MAX_SEARCH_KEYS:
            chosen.append(present[0][1])
    postings = sum(min(frequencies[key], SEARCH_POSTINGS_BUDGET) for key in chosen)
    for key, count in sorted(frequencies.items(), key=lambda item: (item[1], item[0])):
        if len(chosen) == MAX_SEARCH_KEYS or postings + count > SEARCH_POSTINGS_BUDGET:
            break
        if count > 0 and key not in chosen:
            chosen.append(key)
            postings += count
    return chosen


def highest_price(budget: Money, quantity: int, rate: Decimal, currency: str) -> int:
    """The most one item may cost, in minor units of `currency`, for `quantity` of them to stay within `budget`.

    `rate` is what one major unit of the budget's currency is worth in `currency`.
    """
    value = (budget.major * rate / quantity).scaleb(exponent(currency))
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


@dataclass(frozen=True, slots=True)
class BuyerRecord:
    """What ranks a buyer for a request; each share is 0 to 1."""

    buyer_id: int
    serves_category: bool
    similarity: float  # their best published listing in the request's country against the request
    rating: float  # Bayesian 1-5 stars
    on_time_rate: float | None
    open_orders: int


# Weights of the buyer fit; they sum to 1, so a fit is 0 to 1.
SIMILARITY_WEIGHT = 0.35
CATEGORY_WEIGHT = 0.15
RATING_WEIGHT = 0.2
ON_TIME_WEIGHT = 0.15
LOAD_WEIGHT = 0.15
LOAD_HALF = 5  # open orders at which the load share halves
UNKNOWN_ON_TIME = 0.5  # a buyer who never shipped is neither punctual nor late


def buyer_fit(record: BuyerRecord) -> float:
    on_time = UNKNOWN_ON_TIME if record.on_time_rate is None else record.on_time_rate
    return (
        SIMILARITY_WEIGHT * record.similarity
        + CATEGORY_WEIGHT * record.serves_category
        + RATING_WEIGHT * (record.rating - 1) / 4
        + ON_TIME_WEIGHT * on_time
        + LOAD_WEIGHT * LOAD_HALF / (LOAD_HALF + record.open_orders)
    )


def rank_buyers(records: Iterable[BuyerRecord]) -> list[BuyerRecord]:
    """Best fit first; equal fits go to the buyer who joined first (the lower id), so the order is stable."""
    return sorted(records, key=lambda r: (-buyer_fit(r), r.buyer_id))


def pre_rank(similarities: dict[int, float], categories: dict[int, bool], keep: int) -> Sequence[int]:
    """The buyers worth a full look: the most similar sellers, those serving the category first among equals."""
    ranked = sorted(similarities, key=lambda b: (-similarities[b] - CATEGORY_WEIGHT * categories[b], b))
    return ranked[:keep]
