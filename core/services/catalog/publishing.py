"""Publishing a listing, new or edited: saved unseen, its photos hashed and scored, then published or held.

`publish_listing` (and `revise_listing`, for an edit) commits the listing as `screening` (seen by no
one but its buyer: not in browse, search, inline mode, matching or the listing index) together with
a `listing.screen` job, the sweeper, due `SWEEP_AFTER` later. It then downloads the photos (through
the function the front end passes in), hashes and scores them, and publishes or holds the listing in
one transaction that also drops the job. Whatever stops it on the way (a crash, a timeout, a photo
Telegram cannot hand over now) leaves the listing in `screening` for the sweeper, which does the
same, with the scheduler's backoff until it succeeds, and tells the buyer the outcome through the
outbox. Either finishes a listing once: the decision is taken on the listing's row, locked, only
while it is still screening."""

import logging
from collections.abc import Awaitable, Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import cast

from core import clock
from core.domain.listings import ListingStatus
from core.domain.text import clean_text
from core.models.jobs import ScheduledJob
from core.models.listings import Listing, ListingPhoto
from core.models.risk import PhotoHash
from core.services.catalog.listing_index import sync_listing
from core.services.catalog.listings import ListingInput, create_listing, update_listing
from core.services.catalog.photo_hashes import hash_photos, record_listing_photos, store_photo_hashes
from core.services.catalog.risk import assess_listing, judge_listing
from core.services.runtime import scheduler
from core.services.runtime.notifications import queue
from core.services.runtime.transactions import retrying
from core.services.sourcing.matching import announce_listing

log = logging.getLogger(__name__)

SCREEN_LISTING = "listing.screen"
SWEEP_AFTER = timedelta(minutes=1)  # the buyer's own publishing comes first
STUCK_ATTEMPTS = 4  # the sweeper failed 1, 3, 7 and 15 minutes on: shown to moderators

PhotoDownload = Callable[[str], Awaitable[bytes]]
"""A photo's bytes by its Telegram file id; raises PhotoUnavailable when they cannot be had now."""


class PhotoUnavailable(Exception):
    """A photo could not be downloaded now (a timeout, a network or Bot API error); try again later."""


@dataclass(frozen=True, slots=True)
class Publication:
    listing_id: int
    # ACTIVE or PENDING_REVIEW as decided here; None when the sweeper decides (or already did) and tells the buyer.
    status: ListingStatus | None


class _Overtaken(Exception):
    """The listing stopped screening while it was being scored: someone else finished it."""


# How this process's scheduler downloads photos; set by its entry point when it has a bot token.
_sweeper_download: ContextVar[PhotoDownload | None] = ContextVar("sweeper_download", default=None)


def sweep_with(download: PhotoDownload) -> None:
    """Let the sweeper jobs run in this context (and the tasks it starts) download photos with `download`."""
    _sweeper_download.set(download)


async def publish_listing(buyer_id: int, data: ListingInput, download: PhotoDownload) -> Publication:
    """A verified buyer lists an item: saved unseen, scored, then published or held for review."""

    async def save() -> Listing:
        listing = await create_listing(buyer_id, data, ListingStatus.SCREENING)
        await scheduler.plan(SCREEN_LISTING, str(listing.id), clock.now() + SWEEP_AFTER)
        return listing

    return await _screened(await retrying(save), data.photo_file_ids, download)


async def revise_listing(buyer_id: int, listing_id: int, data: ListingInput, download: PhotoDownload) -> Publication:
    """A buyer edits their listing: unseen again until the edit is scored, then published or held for review.

    A rejected listing sent again waits for a moderator whatever its score; it is scored for them to read.
    """
    photos_before = await _photo_ids(listing_id)

    async def save() -> Listing:
        listing = await update_listing(buyer_id, listing_id, data, publish_as=ListingStatus.SCREENING)
        if listing.status is ListingStatus.SCREENING:
            await scheduler.plan(SCREEN_LISTING, str(listing.id), clock.now() + SWEEP_AFTER)
        return listing

    listing = await retrying(save)
    new_photos = None if list(data.photo_file_ids) == photos_before else data.photo_file_ids
    if listing.status is ListingStatus.SCREENING:
        return await _screened(listing, new_photos, download)
    try:
        if new_photos is not None:
            await record_listing_photos(listing.id, await _downloaded(new_photos, download))
        await assess_listing(listing.id)
    except PhotoUnavailable:
        log.warning("listing %d sent again for review unscored: a photo could not be downloaded", listing.id)
    return Publication(listing.id, listing.status)


async def _photo_ids(listing_id: int) -> list[str]:
    photos = ListingPhoto.filter(listing_id=listing_id, is_proof=False).order_by("position")
    return cast(list[str], await photos.values_list("file_id", flat=True))


async def _downloaded(file_ids: Sequence[str], download: PhotoDownload) -> list[tuple[str, bytes]]:
    return [(file_id, await download(file_id)) for file_id in file_ids]


async def _screened(listing: Listing, file_ids: Sequence[str] | None, download: PhotoDownload) -> Publication:
    """Finish a listing just saved as screening: its photos (None: the ones hashed before) downloaded and hashed,
    then scored; left to the sweeper when a photo cannot be had now."""
    try:
        photos = None if file_ids is None else await _downloaded(file_ids, download)
    except PhotoUnavailable:
        log.warning("listing %d left to the sweeper: a photo could not be downloaded", listing.id)
        return Publication(listing.id, None)
    return Publication(listing.id, await _screen(listing, photos, tell_buyer=False))


async def _screen(
    listing: Listing, photos: Sequence[tuple[str, bytes]] | None, *, tell_buyer: bool
) -> ListingStatus | None:
    """Hash (unless `photos` is None: the stored hashes stand), score and publish or hold a screening listing:
    the status it got, or None when it was no longer screening (finished by another, or withdrawn)."""
    rows = None if photos is None else await hash_photos(listing, photos)
    try:
        return await retrying(lambda: _decide(listing.id, rows, tell_buyer))
    except _Overtaken:
        return None


async def _decide(listing_id: int, rows: Sequence[PhotoHash] | None, tell_buyer: bool) -> ListingStatus:
    # Locking the listing first (lock order: listings, then jobs, then the outbox) makes a second finisher
    # wait here, then find it screened.
    listing = await Listing.filter(id=listing_id, status=ListingStatus.SCREENING).select_for_update().first()
    if listing is None:
        raise _Overtaken
    if rows is not None:
        await store_photo_hashes(listing_id, rows)
    verdict = await judge_listing(listing)
    status = ListingStatus.PENDING_REVIEW if verdict.hold else ListingStatus.ACTIVE
    # Conditional as well: on SQLite the lock above is no lock.
    if not await Listing.filter(id=listing_id, status=ListingStatus.SCREENING).update(
        status=status,
        status_reason=clean_text(verdict.summary, "reason", 1000) if verdict.hold else None,
        risk_score=verdict.score,
        risk_reasons=verdict.stored_reasons(),
    ):
        raise _Overtaken
    await sync_listing(listing_id)
    if status is ListingStatus.ACTIVE:
        await announce_listing(listing_id)
    await scheduler.drop(SCREEN_LISTING, str(listing_id))
    if tell_buyer and verdict.hold:
        await queue(listing.buyer_id, "listing.held", listing_id=listing_id, title=listing.title)
    elif tell_buyer:
        await queue(listing.buyer_id, "listing.published", listing_id=listing_id, title=listing.title)
    return status


async def finish_screening(key: str) -> None:
    """The sweeper: a listing still screening (its publishing was cut short) is downloaded, scored and
    published or held, and its buyer told which. Raises PhotoUnavailable to be tried again later."""
    listing = await Listing.get_or_none(id=int(key), status=ListingStatus.SCREENING)
    if listing is None:
        return
    download = _sweeper_download.get()
    if download is None:
        raise PhotoUnavailable("this scheduler has no bot token to download photos with")
    await _screen(listing, await _downloaded(await _photo_ids(listing.id), download), tell_buyer=True)


async def stuck_listings() -> int:
    """Listings still unseen after the sweeper failed STUCK_ATTEMPTS times: photos Telegram will not hand over,
    or no scheduler with a bot token. A moderator may remove one."""
    return await ScheduledJob.filter(kind=SCREEN_LISTING, done_at=None, attempts__gte=STUCK_ATTEMPTS).count()
