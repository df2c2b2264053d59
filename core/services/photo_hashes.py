"""Perceptual hashes of listing photos, stored for finding the same photo in another buyer's listing."""

import asyncio
from collections.abc import Sequence
from functools import reduce
from operator import or_
from typing import Any, cast

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from core.domain.photo_hash import MATCH_DISTANCE, chunk_neighbours, chunks, hamming, photo_hashes, to_signed
from core.domain.risk import PhotoMatch
from core.errors import NotFound
from core.models.listings import Listing
from core.models.risk import PhotoHash


def _rows(listing: Listing, file_id: str, data: bytes) -> list[PhotoHash]:
    hashes = photo_hashes(data) or {}
    return [
        PhotoHash(
            listing_id=listing.id,
            buyer_id=listing.buyer_id,
            file_id=file_id,
            crop_percent=percent,
            hash=to_signed(value),
            **{f"chunk{i}": chunk for i, chunk in enumerate(chunks(value))},
        )
        for percent, value in hashes.items()
    ]


async def record_listing_photos(listing_id: int, photos: Sequence[tuple[str, bytes]]) -> int:
    """Replace the listing's stored hashes with those of `photos` (file id, image bytes); returns photos hashed.

    Hashing is CPU work, so it runs in a thread; a flat or unreadable image is not hashed.
    """
    listing = await Listing.get_or_none(id=listing_id)
    if listing is None:
        raise NotFound("listing.not_found")
    rows = [row for file_id, data in photos for row in await asyncio.to_thread(_rows, listing, file_id, data)]
    async with in_transaction():
        await PhotoHash.filter(listing_id=listing_id).delete()
        await PhotoHash.bulk_create(rows)
    return len({row.file_id for row in rows})


def _chunk_filter(index: int, chunk: int) -> dict[str, Any]:
    return {f"chunk{index}__in": chunk_neighbours(chunk)}


async def near_duplicates(listing_id: int) -> list[PhotoMatch]:
    """Photos of other buyers' earlier listings within the match distance of this listing's full-size photos.

    Only earlier listings: the one who listed a photo first is not suspected when someone copies it later.
    """
    listing = await Listing.get(id=listing_id)
    own = cast(
        list[int], await PhotoHash.filter(listing_id=listing_id, crop_percent=100).values_list("hash", flat=True)
    )
    matches: dict[int, int] = {}
    for value in own:
        probes = [Q(**_chunk_filter(i, chunk)) for i, chunk in enumerate(chunks(value))]
        candidates = (
            await PhotoHash.filter(reduce(or_, probes))
            .filter(listing_id__lt=listing.id)
            .exclude(buyer_id=listing.buyer_id)
            .values_list("listing_id", "hash")
        )
        for other_listing, other_hash in candidates:
            distance = hamming(value, other_hash)
            if distance <= MATCH_DISTANCE and distance < matches.get(other_listing, MATCH_DISTANCE + 1):
                matches[other_listing] = distance
    return [PhotoMatch(listing_id=other, distance=distance) for other, distance in sorted(matches.items())]
