"""Every new or edited listing is scored: routine ones stay published, risky ones wait for a moderator."""

from collections.abc import Callable
from datetime import timedelta

import pytest

from core import clock
from core.config import Settings
from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.errors import Conflict
from core.models.listings import Listing
from core.models.users import BuyerProfile, User
from core.services.catalog.brands import add_brand, brand_entries, unwatch_brand, watch_brand
from core.services.catalog.listings import moderate_listing
from core.services.catalog.photo_hashes import record_listing_photos
from core.services.catalog.risk import assess_listing
from core.services.money import ledger
from core.services.money.rates import set_rate
from core.services.oversight.reports import report_fake, resolve_report
from tests import factories
from tests.photos import crop, jpeg, png, textured


@pytest.fixture
def threshold(override_settings: Callable[..., Settings]) -> Callable[[int], None]:
    def set_threshold(value: int) -> None:
        override_settings(risk_hold_threshold=value)

    return set_threshold


async def established_buyer(name: str = "Bob") -> User:
    """A buyer verified long ago, with a bond that covers their listings."""
    user = await factories.buyer(name)
    await BuyerProfile.filter(user_id=user.id).update(decided_at=clock.now() - timedelta(days=400))
    await ledger.post_bond(f"bond:{user.id}", user.id, Money(1_000_000, "JPY"))
    return user


async def test_an_ordinary_listing_stays_published_with_its_score_stored() -> None:
    bob = await established_buyer()
    listing = await factories.listing(bob)

    assessment = await assess_listing(listing.id)

    assert (assessment.score, assessment.reasons, assessment.held) == (0, (), False)
    await listing.refresh_from_db()
    assert (listing.status, listing.risk_score, listing.risk_reasons, listing.status_reason) == (
        ListingStatus.ACTIVE,
        0,
        [],
        None,
    )


async def test_a_reused_photo_holds_the_listing_with_the_reason_for_the_moderator() -> None:
    bob, mallory = await established_buyer("Bob"), await established_buyer("Mallory")
    genuine, copy = await factories.listing(bob), await factories.listing(mallory)
    await record_listing_photos(genuine.id, [("p1", png(textured(1)))])
    await record_listing_photos(copy.id, [("c1", jpeg(crop(textured(1), 90), quality=30))])

    assessment = await assess_listing(copy.id)

    assert assessment.held and [r.code for r in assessment.reasons] == ["photo_reuse"]
    await copy.refresh_from_db()
    assert copy.status is ListingStatus.PENDING_REVIEW and copy.risk_score == 60
    assert copy.status_reason and copy.status_reason.startswith("Risk score 60: a photo is a near-duplicate")
    assert f"listing #{genuine.id}" in copy.status_reason
    assert copy.risk_reasons == [{"code": "photo_reuse", "params": assessment.reasons[0].params}]
    assert not (await assess_listing(genuine.id)).held  # who listed the photo first is not suspected


async def comparable_listings(prices: list[Money], brand: str = "Porter", category: str = "bags") -> None:
    for price in prices:
        await factories.listing(await established_buyer(), price=price, brand=brand, category=category)


async def test_a_price_far_below_the_brands_usual_price_is_held_once_converted_with_the_rates() -> None:
    await comparable_listings([Money(12800, "JPY")] * 3 + [Money(8500, "USD"), Money(8600, "USD")])
    too_cheap = await factories.listing(await established_buyer("Mallory"), price=Money(2000, "JPY"))

    assert not (await assess_listing(too_cheap.id)).held  # two prices are in USD, and no rate is set: 3 < 5

    await set_rate("USD", "JPY", "150", "mod")
    assessment = await assess_listing(too_cheap.id)
    [reason] = assessment.reasons
    assert reason.code == "price_anomaly" and assessment.held
    assert reason.params["median"] == 12800 and reason.params["comparables"] == 5 and reason.params["z"] < -3.5


async def test_a_branded_listing_is_compared_with_its_brand_and_one_without_with_its_category() -> None:
    await comparable_listings([Money(12800, "JPY")] * 4)
    await comparable_listings([Money(13000, "JPY")] * 2, brand="Yoshida")
    await comparable_listings([Money(1000, "JPY")] * 5, brand="Shiseido", category="beauty")
    mallory = await established_buyer("Mallory")
    unbranded = await factories.listing(mallory, price=Money(90000, "JPY"), brand=None)
    porter = await factories.listing(mallory, price=Money(90000, "JPY"))

    [reason] = (await assess_listing(unbranded.id)).reasons

    assert (reason.code, reason.params["median"], reason.params["comparables"]) == ("price_anomaly", 12800, 6)
    assert (await assess_listing(porter.id)).reasons == ()  # four Porter prices are too few to judge


async def test_a_watched_brand_alone_is_not_enough_but_adds_to_a_new_buyers_score() -> None:
    await watch_brand("Louis Vuitton", added_by="mod")
    with pytest.raises(Conflict):
        await watch_brand("louis  VUITTON")
    assert [b.name for b in await brand_entries() if b.watched] == ["Louis Vuitton"]

    veteran = await factories.listing(await established_buyer(), brand="Louis Vuitton", title="Neverfull MM")
    assert [r.code for r in (await assess_listing(veteran.id)).reasons] == ["watchlist_brand"]
    assert (await assess_listing(veteran.id)).held is False

    mallory = await factories.buyer("Mallory", bond=None)
    newcomer = await factories.listing(mallory, brand=None, title="Louis Vuitton Speedy")
    assessment = await assess_listing(newcomer.id)
    assert {r.code for r in assessment.reasons} == {"watchlist_brand", "new_buyer", "small_bond"}
    assert (assessment.score, assessment.held) == (55, True)

    assert await unwatch_brand("LOUIS VUITTON") and not await unwatch_brand("Louis Vuitton")
    assert [b.name for b in await brand_entries() if b.watched] == []


async def test_a_watched_brand_is_recognised_by_its_other_names_too() -> None:
    await add_brand("Louis Vuitton", "LV, 路易威登")
    await watch_brand("路易威登", added_by="mod")  # any of its names finds the brand
    mallory = await factories.buyer("Mallory", bond=None)
    listing = await factories.listing(mallory, brand=None, title="LV Speedy 30")

    assert [b.name for b in await brand_entries() if b.watched] == ["Louis Vuitton"]
    assert "watchlist_brand" in {r.code for r in (await assess_listing(listing.id)).reasons}


async def test_a_buyers_upheld_reports_and_rejected_listings_count_against_their_new_listings() -> None:
    bob = await established_buyer()
    rejected = await factories.listing(bob)
    await moderate_listing(rejected.id, ListingStatus.REJECTED, "blurry photos")
    reported = await factories.listing(bob)
    report = await report_fake((await factories.customer()).id, "fake logo", listing_id=reported.id)
    await resolve_report(report.id, uphold=True, resolution="counterfeit")

    assessment = await assess_listing((await factories.listing(bob)).id)

    assert {(r.code, r.params["count"]) for r in assessment.reasons} == {("past_rejections", 1), ("upheld_reports", 1)}
    assert assessment.held


@pytest.mark.parametrize(("value", "held"), [(24, True), (25, True), (26, False)])
async def test_the_threshold_comes_from_the_settings(threshold: Callable[[int], None], value: int, held: bool) -> None:
    threshold(value)
    listing = await factories.listing(await factories.buyer(bond=None))  # new buyer (15) without a bond (10): 25

    assessment = await assess_listing(listing.id)

    assert (assessment.score, assessment.held) == (25, held)
    assert (await Listing.get(id=listing.id)).status is (ListingStatus.PENDING_REVIEW if held else ListingStatus.ACTIVE)


async def test_a_listing_that_is_not_published_is_scored_but_its_status_is_left_alone() -> None:
    mallory = await factories.buyer("Mallory")
    listing = await factories.listing(mallory, price=Money(5000, "JPY"))
    await moderate_listing(listing.id, ListingStatus.REJECTED, "no receipt")
    await watch_brand("Porter")
    await comparable_listings([Money(12800, "JPY")] * 5)

    assessment = await assess_listing(listing.id)

    assert assessment.score >= 50 and not assessment.held
    assert (await Listing.get(id=listing.id)).status is ListingStatus.REJECTED
