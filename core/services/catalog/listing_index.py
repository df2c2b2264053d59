"""The listing index: the grams of every published listing, and finding the listings a text may fit.

Matching (requests to listings) reads a listing's title and brand in its country; customer search reads
them in every country or one, and descriptions too (core/domain/matching.listing_keys).

A listing is in the index while it is published (for sale or sold out: a sold-out listing still says
what its buyer sells); `sync_listing` is called wherever a listing's text or status changes. Candidates
come from the postings of the request's rarest grams (core/domain/matching.grams_to_look_up), so a
lookup reads a few thousand index entries whether there are ten thousand listings or a million.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import F

from core.domain.listings import ListingStatus
from core.domain.matching import (
    DESCRIPTIONS,
    EVERYWHERE,
    POSTINGS_BUDGET,
    SEARCH_POSTINGS_BUDGET,
    grams_to_look_up,
    index_keys,
    keys_for_each_word,
    keys_of,
    listing_keys,
)
from core.models.listings import Listing
from core.models.matching import GramCount, ListingGram

PUBLISHED = (ListingStatus.ACTIVE, ListingStatus.SOLD_OUT)
MAX_CANDIDATES = 200
# A search reads this many candidates' rows (titles and descriptions) for core/domain/search.py to rank: twenty
# pages of five; reading all MAX_CANDIDATES rows was the slowest part of a search at a million listings.
SEARCH_CANDIDATES = 100


async def sync_listing(listing_id: int) -> None:
    """Bring one listing's postings in step with its text and status. Call inside the change's transaction."""
    listing = await Listing.get(id=listing_id)
    indexed = set(await ListingGram.filter(listing_id=listing_id).values_list("key", flat=True))
    wanted = (
        listing_keys(listing.country, listing.title, listing.brand, listing.description)
        if listing.status in PUBLISHED
        else frozenset()
    )
    gone, new = sorted(indexed - wanted), sorted(wanted - indexed)
    if gone:
        await ListingGram.filter(listing_id=listing_id, key__in=gone).delete()
        await GramCount.filter(key__in=gone).update(listings=F("listings") - 1)
    if new:
        await ListingGram.bulk_create([ListingGram(key=key, listing_id=listing_id) for key in new])
        await GramCount.filter(key__in=new).update(listings=F("listings") + 1)
        counted = set(await GramCount.filter(key__in=new).values_list("key", flat=True))
        await GramCount.bulk_create(
            [GramCount(key=key, listings=1) for key in new if key not in counted], ignore_conflicts=True
        )


@dataclass(frozen=True, slots=True)
class Wanted:
    """Which of the index's candidates a lookup keeps."""

    statuses: tuple[ListingStatus, ...] = PUBLISHED
    category: str | None = None
    not_by: int | None = None  # a user whose own listings are left out
    # The most an item may cost, in minor units, per currency; None keeps any price, and with a dict a listing
    # priced in a currency not in it is left out.
    highest_prices: dict[str, int] | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    listing_id: int
    buyer_id: int
    title: str
    brand: str | None
    description: str


async def candidates(country: str, text: str, wanted: Wanted, limit: int) -> list[Candidate]:
    """Up to `limit` listings in `country` that `wanted` keeps among the MAX_CANDIDATES sharing the most of
    `text`'s rarest grams (in their titles and brands), most shared first (then the newest)."""
    counts = await _counts(index_keys(country, text))
    return await _read(grams_to_look_up(counts), counts, country, wanted, limit, POSTINGS_BUDGET)


async def search_candidates(words: Sequence[frozenset[str]], country: str | None, wanted: Wanted) -> list[Candidate]:
    """Up to SEARCH_CANDIDATES listings (in `country`, or anywhere) that `wanted` keeps among the MAX_CANDIDATES
    sharing the most of the rarest grams of `words` (each word's grams) in their titles, brands or descriptions;
    each word is looked up, so a listing with any one of them can be found."""
    scope = country or EVERYWHERE
    groups = [keys_of(scope, word) for word in words] + [keys_of(DESCRIPTIONS, word) for word in words]
    counts = await _counts(frozenset().union(*groups))
    chosen = keys_for_each_word(groups, counts)
    return await _read(chosen, counts, country, wanted, SEARCH_CANDIDATES, SEARCH_POSTINGS_BUDGET)


async def _counts(keys: frozenset[int]) -> dict[int, int]:
    if not keys:
        return {}
    return dict(await GramCount.filter(key__in=list(keys)).values_list("key", "listings"))


async def _read(
    chosen: list[int], counts: dict[int, int], country: str | None, wanted: Wanted, limit: int, budget: int
) -> list[Candidate]:
    """`budget` is about how many postings to read. The postings are ranked before `wanted` filters them, so what
    a text finds does not depend on how many listings a filter leaves. Ranking and filtering are one statement,
    so the listings are read in rank order and the reading stops at `limit` rather than fetching every
    candidate's row.
    """
    if not chosen:
        return []
    client = ListingGram._meta.db
    sql = _Statement(client.capabilities.dialect)
    if len(chosen) == 1:
        # Every posting has one hit, so the best are the newest: read from the end of the key's index range
        # rather than counting postings (a common gram alone has far more than POSTINGS_BUDGET of them).
        postings = f"SELECT listing_id FROM listing_grams WHERE key = {sql.param(chosen[0])} ORDER BY listing_id DESC"
        rank = "c.listing_id DESC"
    else:
        if sum(counts[key] for key in chosen) <= budget:
            # COUNT(*) is answered from the (key, listing_id) index alone, never the table.
            postings = (
                f"SELECT listing_id, COUNT(*) AS hits FROM listing_grams WHERE key IN ({sql.params(chosen)})"
                " GROUP BY listing_id ORDER BY hits DESC, listing_id DESC"
            )
        else:
            # A search's common word: each key's newest postings only, so the reading stays within the budget;
            # a rarer key weighs more, so an older listing with a rare word still outranks new common ones.
            each = max(budget // len(chosen), MAX_CANDIDATES)
            commonest = max(counts[key] for key in chosen)
            arms = " UNION ALL ".join(
                f"SELECT listing_id, {1 + int(math.log2(commonest / counts[key]))} AS weight FROM (SELECT listing_id"
                f" FROM listing_grams WHERE key = {sql.param(key)} ORDER BY listing_id DESC LIMIT {each}) AS k{n}"
                for n, key in enumerate(chosen)
            )
            postings = (
                f"SELECT listing_id, SUM(weight) AS hits FROM ({arms}) AS p"
                " GROUP BY listing_id ORDER BY hits DESC, listing_id DESC"
            )
        rank = "c.hits DESC, c.listing_id DESC"
    conditions = [f"l.status IN ({sql.params(wanted.statuses)})"]
    if country is not None:
        conditions.append(f"l.country = {sql.param(country)}")
    if wanted.category is not None:
        conditions.append(f"l.category = {sql.param(wanted.category)}")
    if wanted.not_by is not None:
        conditions.append(f"l.buyer_id <> {sql.param(wanted.not_by)}")
    if wanted.highest_prices is not None:
        prices = [
            f"(l.currency = {sql.param(currency)} AND l.price <= {sql.param(price)})"
            for currency, price in wanted.highest_prices.items()
        ]
        conditions.append(f"({' OR '.join(prices) or 'FALSE'})")
    query = (
        f"SELECT l.id, l.buyer_id, l.title, l.brand, l.description"
        f" FROM ({postings} LIMIT {MAX_CANDIDATES}) AS c"
        f" JOIN listings AS l ON l.id = c.listing_id"
        f" WHERE {' AND '.join(conditions)} ORDER BY {rank} LIMIT {sql.param(limit)}"
    )
    _, rows = await client.execute_query(query, sql.values)
    return [Candidate(row[0], row[1], row[2], row[3], row[4]) for row in rows]


class _Statement:
    """The values of a statement being written, and their placeholders in the database's style."""

    def __init__(self, dialect: str) -> None:
        self.values: list[Any] = []
        self._numbered = dialect == "postgres"

    def param(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}" if self._numbered else "?"

    def params(self, values: Iterable[Any]) -> str:
        return ", ".join(self.param(value) for value in values)
