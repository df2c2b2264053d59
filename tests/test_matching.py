"""Matching: a request finds the listings that fit it, in Chinese or English and despite typos; the best buyers
hear of it; a newly published listing reaches customers whose requests it fits and the buyer's followers.
Nobody is told more than their daily share."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest

from core import clock
from core.config import Settings
from core.domain.listings import ListingStatus
from core.domain.matching import BuyerRecord, grams_to_look_up, highest_price, rank_buyers
from core.domain.money import Money
from core.domain.similarity import coverage, grams, similarity
from core.models.listings import Listing
from core.models.moderators import Moderator
from core.models.notifications import MARKETING, Notification
from core.models.users import User
from core.services.catalog.listings import buy_listing, hold_for_review, update_listing, withdraw_listing
from core.services.catalog.risk import assess_listing
from core.services.money.rates import set_rate
from core.services.oversight import moderation
from core.services.people.users import follow_buyer
from core.services.sourcing.matching import fitting_listings
from core.services.sourcing.purchase_requests import create_request
from tests import factories

# --- the text rules, without a database --------------------------------------------------------


def test_english_survives_typos_and_chinese_needs_no_spaces() -> None:
    assert similarity("Porter Tanker", "Portr Tankr") > 0.5
    assert similarity("Porter Tanker", "Shiseido serum") == 0
    assert coverage(grams("Portr Tankr"), grams("PORTER Tanker shoulder bag, black")) >= 0.5
    assert coverage(grams("波特 单肩包"), grams("吉田波特单肩包 黑色")) == 1
    assert coverage(grams("波特 单肩包"), grams("资生堂红腰子精华")) == 0
    assert similarity("ＰＯＲＴＥＲ　２ｗａｙ", "porter 2way") == 1  # full-width letters, digits and space


def test_a_lookup_reads_the_rarest_grams_first_and_skips_grams_nobody_has() -> None:
    assert grams_to_look_up({1: 9_500, 2: 40, 3: 0, 4: 700}) == [2, 4]
    assert grams_to_look_up({1: 50_000, 2: 80_000}) == [1]  # only common grams: the rarest alone


def test_the_highest_price_that_fits_a_budget_in_another_currency() -> None:
    # 1,000 CNY for 2 items, one CNY is 20.8 JPY: at most ¥10,400 an item.
    assert highest_price(Money(100_000, "CNY"), 2, Decimal("20.8"), "JPY") == 10_400
    assert highest_price(Money(10_400, "JPY"), 1, Decimal("0.048"), "CNY") == 49_920  # 499.20 CNY


def test_buyers_rank_by_similarity_category_reputation_punctuality_and_load() -> None:
    def record(buyer_id: int, **changes: object) -> BuyerRecord:
        fields: dict[str, object] = {
            "serves_category": True,
            "similarity": 0.5,
            "rating": 4.0,
            "on_time_rate": 0.9,
            "open_orders": 0,
        }
        return BuyerRecord(buyer_id=buyer_id, **{**fields, **changes})  # type: ignore[arg-type]

    ranked = rank_buyers(
        [
            record(1, open_orders=30),
            record(2, similarity=1.0),
            record(3, on_time_rate=0.2),
            record(4, serves_category=False),
            record(5),
            record(6, rating=2.0),
        ]
    )
    # The more similar seller first, then the one without a weakness, then everyone with one.
    assert [r.buyer_id for r in ranked][:2] == [2, 5]


# --- which listings a customer sees ------------------------------------------------------------


async def _request_for(text: str, **overrides: object) -> list[str]:
    customer = await factories.customer("Alice")
    request = await create_request(customer.id, factories.request_input(text=text, category=None, **overrides))
    return [listing.title for listing in await fitting_listings(request)]


async def test_a_request_with_typos_finds_the_listing_it_means() -> None:
    seller = await factories.buyer()
    await factories.listing(seller, title="Porter Tanker shoulder bag", brand="Porter")
    await factories.listing(seller, title="Shiseido Ultimune serum 75ml", brand="Shiseido", category="beauty")
    assert await _request_for("Portr Tankr shouldr bag") == ["Porter Tanker shoulder bag"]
    assert await _request_for("shiseido ultimne serum") == ["Shiseido Ultimune serum 75ml"]


async def test_a_chinese_request_finds_a_chinese_listing_however_its_words_are_spaced() -> None:
    seller = await factories.buyer()
    await factories.listing(seller, title="吉田波特单肩包 黑色", brand=None)
    await factories.listing(seller, title="资生堂红腰子精华 75ml", brand=None, category="beauty")
    assert await _request_for("波特 单肩包") == ["吉田波特单肩包 黑色"]
    assert await _request_for("求购资生堂精华") == ["资生堂红腰子精华 75ml"]


async def test_only_listings_in_the_country_and_category_asked_for_fit() -> None:
    seller = await factories.buyer(countries=("JP", "KR"))
    await factories.listing(seller, title="Porter Tanker bag, Tokyo")
    await factories.listing(seller, title="Porter Tanker bag, Seoul", country="KR", price=Money(150_000, "KRW"))
    await factories.listing(seller, title="Porter Tanker bag charm", category="fashion")
    customer = await factories.customer()
    request = await create_request(customer.id, factories.request_input(text="Porter Tanker bag", category="bags"))
    assert [listing.title for listing in await fitting_listings(request)] == ["Porter Tanker bag, Tokyo"]


async def test_the_budget_is_compared_through_exchange_rates_and_unknown_currencies_are_left_out() -> None:
    seller = await factories.buyer(countries=("JP",))
    await factories.listing(seller, title="Porter Tanker bag, small", price=Money(12_800, "JPY"))
    await factories.listing(seller, title="Porter Tanker bag, large", price=Money(30_000, "JPY"))
    await factories.listing(seller, title="Porter Tanker bag, duty free", price=Money(5_000, "USD"))
    await set_rate("JPY", "CNY", "0.048", "mei")  # ¥12,800 = 614.40 CNY, ¥30,000 = 1,440 CNY
    budget = {"budget": Money(100_000, "CNY")}  # 1,000 CNY

    assert await _request_for("Porter Tanker bag", **budget) == ["Porter Tanker bag, small"]
    await set_rate("USD", "CNY", "7.2", "mei")  # $50 = 360 CNY
    assert await _request_for("Porter Tanker bag", **budget) == [
        "Porter Tanker bag, duty free",
        "Porter Tanker bag, small",
    ]
    assert await _request_for("Porter Tanker bag", quantity=2, **budget) == ["Porter Tanker bag, duty free"]


async def test_the_index_follows_edits_withdrawals_holds_approvals_and_sales() -> None:
    seller = await factories.buyer()
    listing = await factories.listing(seller, title="Porter Tanker bag", quantity=1)
    await update_listing(
        seller.id, listing.id, factories.listing_input(title="Onitsuka Tiger Mexico 66", brand="Onitsuka", quantity=1)
    )
    assert await _request_for("Porter Tanker") == []
    assert await _request_for("Onitsuka Tigr Mexico") == ["Onitsuka Tiger Mexico 66"]

    await hold_for_review(listing.id, "looks odd")
    assert await _request_for("Onitsuka Tiger Mexico") == []
    moderator = await Moderator.create(username="mei", password_hash="x")
    await moderation.decide_listing(moderator.id, listing.id, ListingStatus.ACTIVE)
    assert await _request_for("Onitsuka Tiger Mexico") == ["Onitsuka Tiger Mexico 66"]

    await buy_listing((await factories.customer("Carol")).id, listing.id)  # the last one: sold out
    assert (await Listing.get(id=listing.id)).status is ListingStatus.SOLD_OUT
    assert await _request_for("Onitsuka Tiger Mexico") == []
    other = await factories.listing(seller, title="Onitsuka Tiger Serrano")
    await withdraw_listing(seller.id, other.id)
    assert await _request_for("Onitsuka Tiger Serrano") == []


# --- which buyers hear of a request ------------------------------------------------------------


async def _told(user: User, key: str) -> list[Notification]:
    return await Notification.filter(user_id=user.id, key=key).order_by("id")


async def test_a_request_reaches_the_best_fitting_buyers_and_no_more_than_k(
    override_settings: Callable[..., Settings],
) -> None:
    override_settings(match_buyers_per_request=2)
    porter_seller, serum_seller, other, elsewhere = (
        await factories.buyer("Porter seller"),
        await factories.buyer("Serum seller"),
        await factories.buyer("Anyone in Japan"),
        await factories.buyer("In Korea", countries=("KR",)),
    )
    await factories.listing(porter_seller, title="Porter Tanker shoulder bag")
    await factories.listing(serum_seller, title="Shiseido Ultimune serum", category="beauty")
    customer = await factories.customer()

    request = await create_request(customer.id, factories.request_input(text="Portr Tankr bag", category="bags"))

    told = await Notification.filter(key="request.matched").values_list("user_id", flat=True)
    assert len(told) == 2 and porter_seller.id in told and elsewhere.id not in told
    notice = await Notification.get(user_id=porter_seller.id, key="request.matched")
    assert notice.params["request_id"] == request.id and notice.priority == MARKETING
    assert (notice.params["amount"], notice.params["currency"]) == (20000, "JPY")
    assert {serum_seller.id, other.id} & set(told)


async def test_a_buyer_gets_at_most_m_notices_a_day_and_more_the_next_day(
    monkeypatch: pytest.MonkeyPatch, override_settings: Callable[..., Settings]
) -> None:
    override_settings(match_notices_per_day=2)
    seller = await factories.buyer()
    customer = await factories.customer()
    for n in range(3):
        await create_request(customer.id, factories.request_input(text=f"Porter Tanker no. {n}"))
    assert len(await _told(seller, "request.matched")) == 2

    tomorrow = clock.now() + timedelta(days=1)
    monkeypatch.setattr("core.clock.now", lambda: tomorrow)
    await create_request(customer.id, factories.request_input(text="Porter Tanker once more"))
    assert len(await _told(seller, "request.matched")) == 3


# --- who hears of a new listing ----------------------------------------------------------------


async def _publish(seller: User, **fields: object) -> Listing:
    """As the bot does: create the listing, then let the risk engine publish (or hold) it."""
    listing = await factories.listing(seller, **fields)
    await assess_listing(listing.id)
    return await Listing.get(id=listing.id)


async def test_a_new_listing_reaches_customers_whose_requests_it_fits_and_followers_once() -> None:
    seller = await factories.buyer("Bob")
    wants_it, wants_else, follower = (
        await factories.customer("Alice"),
        await factories.customer("Carol"),
        await factories.customer("Dan"),
    )
    await create_request(wants_it.id, factories.request_input(text="波特 单肩包", category=None))
    await create_request(wants_else.id, factories.request_input(text="资生堂精华", category=None))
    await follow_buyer(follower.id, seller.id)
    await follow_buyer(wants_it.id, seller.id)

    listing = await _publish(seller, title="吉田波特单肩包 黑色", brand=None)

    fits = await _told(wants_it, "listing.fits_request")
    assert [n.params["listing_id"] for n in fits] == [listing.id]
    assert await _told(wants_it, "listing.new_from_followed") == []  # one notice per person per listing
    assert await _told(wants_else, "listing.fits_request") == []
    news = await _told(follower, "listing.new_from_followed")
    assert [(n.params["buyer"], n.params["title"]) for n in news] == [("Bob", "吉田波特单肩包 黑色")]

    await update_listing(seller.id, listing.id, factories.listing_input(title="吉田波特单肩包 黑色 新款"))
    await assess_listing(listing.id)
    assert len(await _told(follower, "listing.new_from_followed")) == 1


async def test_a_listing_held_for_review_is_announced_when_a_moderator_approves_it(
    override_settings: Callable[..., Settings],
) -> None:
    override_settings(risk_hold_threshold=1)
    seller, follower, customer = await factories.buyer(), await factories.customer("Dan"), await factories.customer()
    await follow_buyer(follower.id, seller.id)
    await create_request(customer.id, factories.request_input(text="Porter Tanker", category="bags"))

    listing = await _publish(seller, title="Porter Tanker shoulder bag")
    assert listing.status is ListingStatus.PENDING_REVIEW
    assert await Notification.filter(key__in=["listing.fits_request", "listing.new_from_followed"]).count() == 0

    moderator = await Moderator.create(username="mei", password_hash="x")
    await moderation.decide_listing(moderator.id, listing.id, ListingStatus.ACTIVE)
    assert len(await _told(follower, "listing.new_from_followed")) == 1
    assert len(await _told(customer, "listing.fits_request")) == 1


async def test_customers_told_of_a_listing_are_capped_per_listing_and_per_day(
    override_settings: Callable[..., Settings],
) -> None:
    override_settings(match_customers_per_listing=2, match_notices_per_day=1, match_buyers_per_request=0)
    seller = await factories.buyer()
    customers = [await factories.customer(f"Customer {n}") for n in range(3)]
    for customer in customers:
        await create_request(customer.id, factories.request_input(text="Porter Tanker", category=None))
    await _publish(seller, title="Porter Tanker shoulder bag")
    assert await Notification.filter(key="listing.fits_request").count() == 2

    await _publish(seller, title="Porter Tanker helmet bag")
    # The first two used today's share; the third still had theirs.
    assert [len(await _told(customer, "listing.fits_request")) for customer in customers] == [1, 1, 1]
