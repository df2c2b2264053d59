"""The matching index: the grams of every published listing, and finding the listings a text may fit.

A listing is in the index while it is published (for sale or sold out: a sold-out listing still says
what its buyer sells); `sync_listing` is called wherever a listing's text or status changes. Candidates
come from the postings of the request's rarest grams (core/domain/matching.grams_to_look_up), so a
lookup reads a few thousand index entries whether there are ten thousand listings or a million.
"""

from typing import cast

from tortoise.expressions import F
from tortoise.functions import Count

from core.domain.matching import POSTINGS_BUDGET, grams_to_look_up, index_keys, listing_text
from core.models.listings import Listing, ListingStatus
from core.models.matching import GramCount, ListingGram

PUBLISHED = (ListingStatus.ACTIVE, ListingStatus.SOLD_OUT)
MAX_CANDIDATES = 200


async def sync_listing(listing_id: int) -> None:
    """Bring one listing's postings in step with its text and status. Call inside the change's transaction."""
    listing = await Listing.get(id=listing_id)
    indexed = set(await ListingGram.filter(listing_id=listing_id).values_list("key", flat=True))
    wanted = (
        index_keys(listing.country, listing_text(listing.title, listing.brand))
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


async def candidates(country: str, text: str) -> list[int]:
    """Ids of published listings in `country` sharing the most of `text`'s rarest grams, up to MAX_CANDIDATES."""
    keys = index_keys(country, text)
    if not keys:
        return []
    counts = dict(await GramCount.filter(key__in=list(keys)).values_list("key", "listings"))
    chosen = grams_to_look_up(counts)
    if not chosen:
        return []
    if sum(counts[key] for key in chosen) > POSTINGS_BUDGET:
        # Only common grams: the newest listings having the rarest of them.
        newest = ListingGram.filter(key=chosen[0]).order_by("-listing_id").limit(MAX_CANDIDATES)
        return cast(list[int], await newest.values_list("listing_id", flat=True))
    best = (
        ListingGram.filter(key__in=chosen)
        .group_by("listing_id")
        .annotate(hits=Count("listing_id"))  # not "id": counted from the index alone, never the table
        .order_by("-hits", "-listing_id")
        .limit(MAX_CANDIDATES)
    )
    return [listing_id for listing_id, _ in await best.values_list("listing_id", "hits")]
