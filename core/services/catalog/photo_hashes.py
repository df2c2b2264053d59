"""Perceptual hashes of listing photos, stored for finding the same photo in another buyer's listing."""

import asyncio
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, cast

from tortoise import connections
from tortoise.transactions import in_transaction

from core.domain.listings import ListingStatus
from core.domain.photo_hash import (
    CHUNK_BITS,
    MATCH_DISTANCE,
    chunk_neighbours,
    chunks,
    hamming,
    photo_hashes,
    to_signed,
)
from core.domain.risk import PhotoMatch
from core.errors import NotFound
from core.models.listings import Listing, ListingPhoto
from core.models.risk import PhotoHash
from core.services.oversight.user_links import UserLink, link_to


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


async def hash_photos(listing: Listing, photos: Sequence[tuple[str, bytes]]) -> list[PhotoHash]:
    """The hash rows of `photos` (file id, image bytes), not stored yet; a flat or unreadable image has none.

    Hashing is CPU work, so it runs in a thread.
    """
    return [row for file_id, data in photos for row in await asyncio.to_thread(_rows, listing, file_id, data)]


async def store_photo_hashes(listing_id: int, rows: Sequence[PhotoHash]) -> None:
    """Replace the listing's stored hashes with `rows`."""
    async with in_transaction():
        await PhotoHash.filter(listing_id=listing_id).delete()
        await PhotoHash.bulk_create(rows)


async def record_listing_photos(listing_id: int, photos: Sequence[tuple[str, bytes]]) -> int:
    """Replace the listing's stored hashes with those of `photos` (file id, image bytes); returns photos hashed."""
    listing = await Listing.get_or_none(id=listing_id)
    if listing is None:
        raise NotFound("listing.not_found")
    rows = await hash_photos(listing, photos)
    await store_photo_hashes(listing_id, rows)
    return len({row.file_id for row in rows})


# Written out rather than built with the ORM: Tortoise took 10-30 ms to compose the query for a 4-photo
# listing's ~2,600 chunk neighbours, longer than the database takes to answer it at 1,000,000 rows
# (docs/benchmarks.md). Each chunk's neighbours are one parameter, an array or a JSON list, so the text
# never changes. One SELECT a chunk, not one OR of the three: each then reads only its chunk's index, which
# holds the looked-up columns too (core/models/risk.py); OR made PostgreSQL visit the table for every row.
# A row near the listing in two chunks comes twice, which the callers' "closest" bookkeeping absorbs.
_CANDIDATES = {
    "postgres": " UNION ALL ".join(
        f'SELECT {{columns}} FROM "photo_hashes" WHERE "chunk{i}" = ANY(${i + 1}) AND "buyer_id" <> $4'
        for i in range(3)
    ),
    "sqlite": " UNION ALL ".join(
        f'SELECT {{columns}} FROM "photo_hashes" WHERE "chunk{i}" IN (SELECT "value" FROM json_each(?{i + 1}))'
        ' AND "buyer_id" <> ?4'
        for i in range(3)
    ),
}


async def _candidates(columns: Sequence[str], values: Collection[int], buyer_id: int) -> list[tuple[Any, ...]]:
    """Other buyers' rows sharing a chunk neighbour with one of `values`, as tuples of `columns`.

    That is every row within the match distance of one of the values, and a few more.
    """
    neighbours = [
        sorted({n for value in values for n in chunk_neighbours(chunks(value)[i], bits)})
        for i, bits in enumerate(CHUNK_BITS)
    ]
    connection = connections.get("default")
    dialect = connection.capabilities.dialect
    arguments = [chunk if dialect == "postgres" else json.dumps(chunk) for chunk in neighbours]
    sql = _CANDIDATES[dialect].format(columns=", ".join(f'"{column}"' for column in columns))
    _, rows = await connection.execute_query(sql, [*arguments, buyer_id])
    return [tuple(row) for row in rows]


async def near_duplicates(listing_id: int) -> list[PhotoMatch]:
    """Photos of other buyers' earlier listings within the match distance of this listing's full-size photos.

    Only earlier listings: the one who listed a photo first is not suspected when someone copies it later.
    """
    # The hashes carry their listing's buyer, so the listing itself need not be read.
    rows = cast(
        list[tuple[int, int]],
        await PhotoHash.filter(listing_id=listing_id, crop_percent=100).values_list("hash", "buyer_id"),
    )
    if not rows:
        return []
    own = [value for value, _ in rows]
    buyer_id = rows[0][1]
    # One query for all the photos: a round trip costs more than the few hundred candidates each brings.
    matches: dict[int, int] = {}
    for other_listing, other_hash in await _candidates(("listing_id", "hash"), own, buyer_id):
        if other_listing >= listing_id:
            continue
        distance = min([hamming(value, other_hash) for value in own])  # a list: a generator a row costs 3x more
        if distance <= MATCH_DISTANCE and distance < matches.get(other_listing, MATCH_DISTANCE + 1):
            matches[other_listing] = distance
    return [PhotoMatch(listing_id=other, distance=distance) for other, distance in sorted(matches.items())]


@dataclass(frozen=True, slots=True)
class LookAlike:
    """A photo of another buyer's listing that looks like one of this listing's photos."""

    file_id: str
    distance: int
    listing_id: int
    listing_title: str
    listing_status: ListingStatus
    buyer: UserLink


@dataclass(frozen=True, slots=True)
class PhotoLookAlikes:
    """One of the listing's hashed photos and its look-alikes, closest first."""

    file_id: str
    look_alikes: tuple[LookAlike, ...]


async def look_alikes(listing_id: int, per_photo: int = 10) -> list[PhotoLookAlikes]:
    """For each of the listing's hashed photos, the closest photos of other buyers' listings, for moderators.

    Unlike near_duplicates this looks both ways: at earlier and later listings, and at a crop of either photo
    (this photo at full size against the other's crops, and this photo's crops against the other at full size).
    """
    listing = await Listing.get_or_none(id=listing_id)
    if listing is None:
        raise NotFound("listing.not_found")
    own = await PhotoHash.filter(listing_id=listing_id).order_by("id").values_list("file_id", "crop_percent", "hash")
    closest: dict[str, dict[tuple[int, str], int]] = {}
    for file_id, percent, value in cast(list[tuple[str, int, int]], own):
        found = closest.setdefault(file_id, {})
        rows = await _candidates(("listing_id", "file_id", "crop_percent", "hash"), [value], listing.buyer_id)
        for other_listing, other_file, other_percent, other_hash in rows:
            if percent != 100 and other_percent != 100:
                continue
            distance = hamming(value, other_hash)
            key = (other_listing, other_file)
            if distance <= MATCH_DISTANCE and distance < found.get(key, MATCH_DISTANCE + 1):
                found[key] = distance
    ranked = {
        file_id: sorted(found.items(), key=lambda item: (item[1], item[0]))[:per_photo]
        for file_id, found in closest.items()
    }
    listing_ids = {other for matches in ranked.values() for (other, _), _ in matches}
    others = {o.id: o for o in await Listing.filter(id__in=listing_ids).prefetch_related("buyer")}
    positions = dict(
        cast(
            list[tuple[str, int]],
            await ListingPhoto.filter(listing_id=listing_id).values_list("file_id", "position"),
        )
    )
    order = sorted(ranked, key=lambda file_id: positions.get(file_id, len(positions)))
    return [
        PhotoLookAlikes(
            file_id,
            tuple(
                LookAlike(
                    file_id=other_file,
                    distance=distance,
                    listing_id=other,
                    listing_title=others[other].title,
                    listing_status=others[other].status,
                    buyer=link_to(others[other].buyer),
                )
                for (other, other_file), distance in ranked[file_id]
            ),
        )
        for file_id in order
    ]
