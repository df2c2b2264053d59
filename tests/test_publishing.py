"""A new listing is seen by customers only once scored; whatever cuts its publishing short, the sweeper finishes it."""

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.errors import Forbidden, NotFound
from core.models.jobs import ScheduledJob
from core.models.listings import Listing
from core.models.matching import ListingGram
from core.models.notifications import Notification
from core.models.risk import PhotoHash
from core.models.users import User
from core.services.catalog import publishing
from core.services.catalog.listings import moderate_listing, public_listing, search_listings, withdraw_listing
from core.services.catalog.photo_hashes import record_listing_photos
from core.services.catalog.publishing import (
    SCREEN_LISTING,
    PhotoUnavailable,
    publish_listing,
    revise_listing,
    sweep_with,
)
from core.services.oversight.moderation_queues import flagged_listings
from core.services.runtime.job_kinds import JOB_KINDS
from core.services.runtime.scheduler import run_due
from core.services.sourcing.purchase_requests import create_request
from tests import factories
from tests.conftest import Travel
from tests.photos import crop, jpeg, png, textured

# Telegram's photos by file id; "copied" is a recompressed crop of the photo Carol listed first.
PHOTOS = {
    "photo-1": png(textured(101)),
    "photo-2": png(textured(102)),
    "copied": jpeg(crop(textured(7), 90), quality=30),
}


async def telegram(file_id: str) -> bytes:
    """Telegram handing over the photos at once."""
    return PHOTOS[file_id]


async def customers_see(listing_id: int) -> bool:
    """Whether the listing shows anywhere a customer looks: browse, search, inline mode, matching's index."""
    try:
        await public_listing(listing_id)
    except NotFound:
        shown = False
    else:
        shown = True
    in_search = listing_id in [listing.id for listing in (await search_listings("Porter")).items]
    in_browse = listing_id in [listing.id for listing in (await search_listings(country="JP", category="bags")).items]
    indexed = await ListingGram.exists(listing_id=listing_id)
    assert shown == in_search == in_browse == indexed, (shown, in_search, in_browse, indexed)
    return shown


async def notices_to(user: User) -> list[tuple[str, dict[str, object]]]:
    """What the buyer was told of their own listings."""
    told = await Notification.filter(user_id=user.id, key__startswith="listing.").order_by("id")
    return [(notice.key, notice.params) for notice in told]


async def sweeper_runs(travel: Travel, download: Callable[[str], Awaitable[bytes]] = telegram) -> None:
    """A minute later, the scheduler (one that can download photos) runs what is due."""
    sweep_with(download)
    travel.forward(minutes=1, seconds=1)
    await run_due(JOB_KINDS)


async def test_a_listing_is_unseen_while_it_is_scored_then_published_and_announced() -> None:
    bob = await factories.buyer("Bob")
    seen_while_downloading: list[bool] = []

    async def download(file_id: str) -> bytes:
        listing = await Listing.get(buyer_id=bob.id)
        seen_while_downloading.append(await customers_see(listing.id))
        assert listing.status is ListingStatus.SCREENING
        return await telegram(file_id)

    publication = await publish_listing(bob.id, factories.listing_input(), download)

    assert seen_while_downloading == [False, False]
    assert publication.status is ListingStatus.ACTIVE
    listing = await Listing.get(id=publication.listing_id)
    assert listing.status is ListingStatus.ACTIVE and listing.risk_score is not None and listing.announced_at
    assert await customers_see(listing.id)
    assert await PhotoHash.filter(listing_id=listing.id).distinct().values_list("file_id", flat=True) != []
    assert not await ScheduledJob.exists(kind=SCREEN_LISTING, done_at=None)  # nothing left for the sweeper
    assert await notices_to(bob) == []  # the bot answers the buyer who pressed Publish


async def test_a_refused_listing_saves_nothing() -> None:
    shopper = await factories.customer()
    with pytest.raises(Forbidden):
        await publish_listing(shopper.id, factories.listing_input(), telegram)
    assert not await Listing.exists() and not await ScheduledJob.exists()


async def test_a_crash_while_saving_leaves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    bob = await factories.buyer("Bob")

    async def crash(*args: object) -> None:
        raise RuntimeError("killed")

    monkeypatch.setattr(publishing.scheduler, "plan", crash)
    with pytest.raises(RuntimeError):
        await publish_listing(bob.id, factories.listing_input(), telegram)
    # (Bob's verification planned his identity document's purge: that job is not the listing's.)
    assert not await Listing.exists() and not await ScheduledJob.filter(kind=publishing.SCREEN_LISTING).exists()


# Every step after the listing is saved, each made to fail as a crash there would.
STEPS = ["download", "hash_photos", "store_photo_hashes", "judge_listing", "sync_listing", "announce_listing"]


@pytest.mark.parametrize("step", STEPS)
async def test_a_crash_after_saving_leaves_it_unseen_until_the_sweeper_publishes_it_and_tells_the_buyer(
    step: str, travel: Travel, monkeypatch: pytest.MonkeyPatch
) -> None:
    bob = await factories.buyer("Bob")

    async def crash(*args: object) -> None:
        raise RuntimeError(f"killed in {step}")

    with monkeypatch.context() as patch:
        if step != "download":
            patch.setattr(publishing, step, crash)
        with pytest.raises(RuntimeError):
            await publish_listing(bob.id, factories.listing_input(), crash if step == "download" else telegram)

    listing = await Listing.get(buyer_id=bob.id)
    assert listing.status is ListingStatus.SCREENING and listing.risk_score is None
    assert not await customers_see(listing.id)
    assert not await PhotoHash.exists(listing_id=listing.id)  # what the crash cut short was rolled back
    await run_due(JOB_KINDS)
    assert (await Listing.get(id=listing.id)).status is ListingStatus.SCREENING  # the bot gets its minute first

    await sweeper_runs(travel)

    listing = await Listing.get(id=listing.id)
    assert listing.status is ListingStatus.ACTIVE and listing.risk_score is not None
    assert await customers_see(listing.id)
    assert await PhotoHash.exists(listing_id=listing.id)
    assert await notices_to(bob) == [("listing.published", {"listing_id": listing.id, "title": listing.title})]
    await sweeper_runs(travel)  # and never again
    assert len(await notices_to(bob)) == 1


async def carols_photo_reused_by(bob: User) -> None:
    """Carol listed a photo first; Bob's listing will carry a recompressed crop of it ("copied")."""
    carol = await factories.buyer("Carol")
    earlier = await factories.listing(carol)
    await record_listing_photos(earlier.id, [("carols-photo", png(textured(7)))])


async def test_a_reused_photo_holds_the_listing_for_review_however_it_is_finished(travel: Travel) -> None:
    bob = await factories.buyer("Bob")
    await carols_photo_reused_by(bob)
    at_once = await publish_listing(bob.id, factories.listing_input(photo_file_ids=["copied"]), telegram)

    async def timed_out(file_id: str) -> bytes:
        raise PhotoUnavailable("TelegramNetworkError")

    later = await publish_listing(bob.id, factories.listing_input(photo_file_ids=["copied"]), timed_out)
    assert (at_once.status, later.status) == (ListingStatus.PENDING_REVIEW, None)
    assert not await customers_see(later.listing_id)
    await sweeper_runs(travel)

    for publication in (at_once, later):
        listing = await Listing.get(id=publication.listing_id)
        assert listing.status is ListingStatus.PENDING_REVIEW and listing.risk_reasons
        assert "photo_reuse" in [reason["code"] for reason in listing.risk_reasons]
        assert listing.status_reason and "a photo is a near-duplicate" in listing.status_reason
        assert listing.announced_at is None
    assert {listing.id for listing in (await flagged_listings()).items} == {at_once.listing_id, later.listing_id}
    title = factories.listing_input().title
    assert await notices_to(bob) == [("listing.held", {"listing_id": later.listing_id, "title": title})]


async def test_a_scheduler_that_cannot_download_tries_again_later_and_the_listing_stays_unseen(
    travel: Travel,
) -> None:
    bob = await factories.buyer("Bob")

    async def timed_out(file_id: str) -> bytes:
        raise PhotoUnavailable("TelegramNetworkError")

    publication = await publish_listing(bob.id, factories.listing_input(), timed_out)
    await sweeper_runs(travel, timed_out)

    job = await ScheduledJob.get(kind=SCREEN_LISTING, key=str(publication.listing_id))
    assert (job.done_at, job.attempts, job.last_error) == (None, 1, "PhotoUnavailable")
    assert not await customers_see(publication.listing_id)
    travel.forward(minutes=2)
    await sweeper_runs(travel)  # Telegram is back
    assert (await Listing.get(id=publication.listing_id)).status is ListingStatus.ACTIVE


@pytest.mark.parametrize("by", ["buyer", "moderator"])
async def test_a_listing_withdrawn_or_removed_while_it_waits_stays_removed(by: str) -> None:
    bob = await factories.buyer("Bob")

    async def timed_out(file_id: str) -> bytes:
        raise PhotoUnavailable("TelegramNetworkError")

    publication = await publish_listing(bob.id, factories.listing_input(), timed_out)
    if by == "buyer":
        await withdraw_listing(bob.id, publication.listing_id)
    else:
        await moderate_listing(publication.listing_id, ListingStatus.REMOVED, "its photos never arrive")
    sweep_with(telegram)
    await publishing.finish_screening(str(publication.listing_id))

    assert (await Listing.get(id=publication.listing_id)).status is ListingStatus.REMOVED
    assert await notices_to(bob) == []


@pytest.mark.parametrize("first", ["bot", "sweeper", "together"])
async def test_the_bot_and_the_sweeper_racing_finish_it_once_and_tell_the_buyer_once(
    first: str, travel: Travel
) -> None:
    """The bot's downloads take so long that the sweeper starts too; whichever decides first wins, and the
    buyer hears of it once: from the bot's answer, or from the sweeper's notice."""
    bob = await factories.buyer("Bob")
    anna = await factories.customer("Anna")
    await create_request(anna.id, factories.request_input(text="Porter Tanker shoulder bag", category="bags"))
    scored: list[int] = []
    judge = publishing.judge_listing

    async def counted(listing: Listing) -> object:
        scored.append(listing.id)
        return await judge(listing)

    downloading = {"bot": asyncio.Event(), "sweeper": asyncio.Event()}
    release = {"bot": asyncio.Event(), "sweeper": asyncio.Event()}

    def slow(side: str) -> Callable[[str], Awaitable[bytes]]:
        async def download(file_id: str) -> bytes:
            downloading[side].set()
            await release[side].wait()
            return await telegram(file_id)

        return download

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(publishing, "judge_listing", counted)
        bot = asyncio.create_task(publish_listing(bob.id, factories.listing_input(), slow("bot")))
        await asyncio.wait_for(downloading["bot"].wait(), 10)
        sweeper = asyncio.create_task(sweeper_runs(travel, slow("sweeper")))
        await asyncio.wait_for(downloading["sweeper"].wait(), 10)  # both have the listing screening in hand
        if first != "together":
            release[first].set()
            await asyncio.wait_for(bot if first == "bot" else sweeper, 10)
        release["bot"].set()
        release["sweeper"].set()
        publication, _ = await asyncio.wait_for(asyncio.gather(bot, sweeper), 10)

    listing = await Listing.get(buyer_id=bob.id)
    assert listing.status is ListingStatus.ACTIVE and scored == [listing.id]
    if first != "together":
        assert publication.status is (ListingStatus.ACTIVE if first == "bot" else None)
    told = [key for key, _ in await notices_to(bob)]
    assert told == ([] if publication.status is ListingStatus.ACTIVE else ["listing.published"])
    assert await Notification.filter(key="listing.fits_request").count() == 1  # announced once


async def test_an_edit_is_unseen_until_scored_again_and_a_crash_leaves_it_to_the_sweeper(travel: Travel) -> None:
    bob = await factories.buyer("Bob")
    first = await publish_listing(bob.id, factories.listing_input(), telegram)
    seen_while_downloading: list[bool] = []

    async def crash(file_id: str) -> bytes:
        seen_while_downloading.append(await customers_see(first.listing_id))
        raise RuntimeError("the bot was killed while downloading")

    with pytest.raises(RuntimeError):
        edit = factories.listing_input(title="Porter Tanker, new colour", photo_file_ids=["photo-2", "photo-1"])
        await revise_listing(bob.id, first.listing_id, edit, crash)

    assert seen_while_downloading == [False]
    assert not await customers_see(first.listing_id)
    await sweeper_runs(travel)
    assert await customers_see(first.listing_id)
    assert await notices_to(bob) == [
        ("listing.published", {"listing_id": first.listing_id, "title": "Porter Tanker, new colour"})
    ]


async def test_an_edit_that_keeps_the_photos_needs_no_download_and_one_with_a_copied_photo_is_held() -> None:
    bob = await factories.buyer("Bob")
    await carols_photo_reused_by(bob)
    listing_id = (await publish_listing(bob.id, factories.listing_input(), telegram)).listing_id

    async def no_download(file_id: str) -> bytes:
        raise AssertionError("the photos did not change")

    repriced = await revise_listing(bob.id, listing_id, factories.listing_input(price=Money(9800, "JPY")), no_download)
    copied = await revise_listing(bob.id, listing_id, factories.listing_input(photo_file_ids=["copied"]), telegram)

    assert (repriced.status, copied.status) == (ListingStatus.ACTIVE, ListingStatus.PENDING_REVIEW)
    assert not await customers_see(listing_id)


async def test_a_rejected_listing_sent_again_waits_for_a_moderator_whatever_its_score() -> None:
    bob = await factories.buyer("Bob")
    listing_id = (await publish_listing(bob.id, factories.listing_input(), telegram)).listing_id
    await moderate_listing(listing_id, ListingStatus.REJECTED, "blurry photos")

    again = await revise_listing(bob.id, listing_id, factories.listing_input(photo_file_ids=["photo-2"]), telegram)

    listing = await Listing.get(id=listing_id)
    assert again.status is ListingStatus.PENDING_REVIEW and listing.status is ListingStatus.PENDING_REVIEW
    assert listing.risk_score is not None and not await ScheduledJob.exists(kind=SCREEN_LISTING, done_at=None)
    assert await PhotoHash.filter(listing_id=listing_id).distinct().values_list("file_id", flat=True) == ["photo-2"]
