"""A photo taken from another buyer's listing is recognised, even cropped, shrunk and recompressed."""

import random

import pytest

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
from core.models.listings import Listing
from core.models.risk import PhotoHash
from core.services.catalog.photo_hashes import PhotoLookAlikes, look_alikes, near_duplicates, record_listing_photos
from sandbox import make_png
from tests import factories
from tests.photos import crop, jpeg, png, resize, textured


def full_hash(data: bytes) -> int:
    hashes = photo_hashes(data)
    assert hashes is not None
    return hashes[100]


def reused(seed: int) -> bytes:
    """What a copier uploads: another buyer's photo cropped to 90%, halved, and saved as a poor JPEG."""
    return jpeg(resize(crop(textured(seed), 90), 50), quality=30)


@pytest.mark.parametrize("seed", range(5))
def test_a_cropped_shrunk_recompressed_copy_is_near_one_of_the_stored_hashes(seed: int) -> None:
    stored = photo_hashes(png(textured(seed)))
    assert stored is not None and set(stored) == {100, 90, 80}
    copy = full_hash(reused(seed))
    assert min(hamming(copy, value) for value in stored.values()) <= MATCH_DISTANCE
    unrelated = full_hash(png(textured(seed + 100)))
    assert min(hamming(unrelated, value) for value in stored.values()) > MATCH_DISTANCE


def test_a_flat_or_unreadable_image_is_not_hashed() -> None:
    assert photo_hashes(make_png(64, 64)) is None
    assert photo_hashes(b"not an image") is None


def test_hashes_round_trip_through_a_signed_bigint_and_split_into_chunks() -> None:
    top = (1 << 64) - 1
    assert to_signed(top) == -1 and hamming(to_signed(top), 0) == 64
    assert chunks((1 << 42) | (2 << 21) | 3) == (1, 2, 3)
    assert chunks(to_signed(0x8000_0000_0000_0000)) == (1 << 21, 0, 0)
    assert chunks(to_signed(top)) == ((1 << 22) - 1, (1 << 21) - 1, (1 << 21) - 1)


def test_any_hash_within_the_match_distance_shares_a_chunk_neighbour() -> None:
    rng = random.Random(5)
    for _ in range(200):
        value = rng.getrandbits(64)
        other = value
        for bit in rng.sample(range(64), MATCH_DISTANCE):
            other ^= 1 << bit
        assert any(
            o in chunk_neighbours(c, bits) for c, o, bits in zip(chunks(value), chunks(other), CHUNK_BITS, strict=True)
        )
    assert len(chunk_neighbours(0, 22)) == 1 + 22 + 231


async def test_a_photo_from_another_buyers_listing_is_found_but_not_ones_own() -> None:
    original, copier = await factories.buyer("Bob"), await factories.buyer("Mallory")
    genuine = await factories.listing(original)
    second = await factories.listing(original)
    copy = await factories.listing(copier)
    assert await record_listing_photos(genuine.id, [("p1", png(textured(1))), ("p2", png(textured(2)))]) == 2
    await record_listing_photos(second.id, [("p3", reused(1))])
    assert await record_listing_photos(copy.id, [("c1", reused(2)), ("flat", make_png(64, 64))]) == 1

    [match] = await near_duplicates(copy.id)
    assert match.listing_id == genuine.id and match.distance <= MATCH_DISTANCE
    assert await near_duplicates(second.id) == []  # Bob reusing his own photo is fine

    unrelated = await factories.listing(copier)
    await record_listing_photos(unrelated.id, [("u", png(textured(50)))])
    assert await near_duplicates(unrelated.id) == []


async def test_recording_photos_again_replaces_the_listings_hashes() -> None:
    bob, mallory = await factories.buyer("Bob"), await factories.buyer("Mallory")
    genuine, copy = await factories.listing(bob), await factories.listing(mallory)
    await record_listing_photos(genuine.id, [("p1", png(textured(1)))])
    await record_listing_photos(copy.id, [("c1", reused(1))])
    assert [type(m) for m in await near_duplicates(copy.id)] == [PhotoMatch]

    await record_listing_photos(copy.id, [("c2", png(textured(9)))])
    assert await near_duplicates(copy.id) == []
    assert await PhotoHash.filter(listing_id=copy.id).count() == 3  # one photo: full size and two crops
    with pytest.raises(NotFound):
        await record_listing_photos(copy.id + 100, [("x", png(textured(1)))])


async def test_look_alikes_pair_each_photo_with_other_buyers_photos_both_ways() -> None:
    bob, mallory, carol = await factories.buyer("Bob"), await factories.buyer("Mallory"), await factories.buyer("Carol")
    genuine = await factories.listing(bob, title="Genuine bag", photo_file_ids=["p1", "p2"])
    mallorys_own = await factories.listing(mallory, photo_file_ids=["m1"])
    copy = await factories.listing(mallory, title="Copied bag", photo_file_ids=["fresh", "c1"])
    later = await factories.listing(carol, title="Later copy", photo_file_ids=["k2"])
    await record_listing_photos(genuine.id, [("p1", png(textured(1))), ("p2", png(textured(2)))])
    await record_listing_photos(mallorys_own.id, [("m1", png(textured(1)))])
    await record_listing_photos(copy.id, [("c1", reused(1)), ("fresh", png(textured(7)))])
    await record_listing_photos(later.id, [("k2", reused(2))])

    found = await look_alikes(copy.id)

    # In the listing's photo order; Mallory's own listing with the same photo is not a look-alike.
    assert [(photo.file_id, len(photo.look_alikes)) for photo in found] == [("fresh", 0), ("c1", 1)]
    [match] = found[1].look_alikes
    assert (match.file_id, match.listing_id, match.listing_title, match.buyer.id) == (
        "p1",
        genuine.id,
        "Genuine bag",
        bob.id,
    )
    assert match.listing_status is (await Listing.get(id=genuine.id)).status
    assert 0 <= match.distance <= MATCH_DISTANCE
    # The original's page shows later copies too (through its crops), the exact copy first.
    by_photo = {
        photo.file_id: [(m.file_id, m.listing_id) for m in photo.look_alikes] for photo in await look_alikes(genuine.id)
    }
    assert by_photo == {"p1": [("m1", mallorys_own.id), ("c1", copy.id)], "p2": [("k2", later.id)]}


async def test_look_alikes_of_a_listing_without_hashed_photos_or_matches_are_empty() -> None:
    bob, mallory = await factories.buyer("Bob"), await factories.buyer("Mallory")
    listing, unrelated = await factories.listing(bob), await factories.listing(mallory)
    assert await look_alikes(listing.id) == []
    await record_listing_photos(listing.id, [("photo-1", png(textured(3)))])
    await record_listing_photos(unrelated.id, [("photo-1", png(textured(4)))])
    assert await look_alikes(listing.id) == [PhotoLookAlikes("photo-1", ())]
    with pytest.raises(NotFound):
        await look_alikes(listing.id + 100)
