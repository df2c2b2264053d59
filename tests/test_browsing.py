"""What customers browse by, what they may start to buy, and following the buyers they like."""

import pytest

from core.domain.buyers import BuyerStatus
from core.domain.listings import ListingStatus
from core.errors import Forbidden, InvalidInput, NotFound, OutOfStock
from core.services.catalog.listings import (
    buy_listing,
    listing_categories,
    listing_countries,
    listing_for_sale,
    moderate_listing,
    public_listing,
    withdraw_listing,
)
from core.services.people import users
from tests import factories


async def test_countries_and_categories_are_those_with_something_for_sale() -> None:
    seller = await factories.buyer(countries=("JP", "KR", "FR"))
    for _ in range(2):
        await factories.listing(seller, country="KR", category="beauty")
    await factories.listing(seller, country="JP", category="bags")
    await factories.listing(seller, country="JP", category="food")
    held = await factories.listing(seller, country="FR", category="fashion")
    await moderate_listing(held.id, ListingStatus.PENDING_REVIEW, "looks too cheap")

    assert await listing_countries() == ["JP", "KR"]  # two each: ties by code; France's only one is held
    await factories.listing(seller, country="KR", category="food")
    assert await listing_countries() == ["KR", "JP"]
    assert await listing_countries(limit=1) == ["KR"]
    assert await listing_categories() == ["bags", "beauty", "food"]
    assert await listing_categories("jp") == ["bags", "food"]
    assert await listing_categories("FR") == []
    with pytest.raises(InvalidInput):
        await listing_categories("Narnia")


async def test_only_listings_for_sale_or_sold_out_are_public() -> None:
    seller = await factories.buyer()
    shopper = await factories.customer()
    listing = await factories.listing(seller, quantity=1)
    assert (await public_listing(listing.id)).title == listing.title
    await buy_listing(shopper.id, listing.id)
    assert (await public_listing(listing.id)).status is ListingStatus.SOLD_OUT
    await withdraw_listing(seller.id, listing.id)
    with pytest.raises(NotFound):
        await public_listing(listing.id)
    with pytest.raises(NotFound):
        await public_listing(987654)


async def test_starting_to_buy_refuses_what_buying_would_refuse() -> None:
    seller = await factories.buyer()
    shopper = await factories.customer()
    listing = await factories.listing(seller, quantity=1)
    assert (await listing_for_sale(shopper.id, listing.id)).stock == 1
    with pytest.raises(Forbidden):
        await listing_for_sale(seller.id, listing.id)
    await buy_listing(shopper.id, listing.id)
    with pytest.raises(OutOfStock):
        await listing_for_sale(shopper.id, listing.id)


async def test_following_toggles_and_only_verified_buyers_gain_followers() -> None:
    seller = await factories.buyer()
    fan = await factories.customer("Fan")
    assert await users.toggle_follow(fan.id, seller.id) is True
    assert await users.follower_ids(seller.id) == [fan.id]
    assert await users.toggle_follow(fan.id, seller.id) is False
    assert await users.follower_ids(seller.id) == []

    await users.toggle_follow(fan.id, seller.id)
    await users.decide_buyer(seller.id, BuyerStatus.SUSPENDED, "late shipments")
    assert await users.toggle_follow(fan.id, seller.id) is False  # leaving is always possible
    with pytest.raises(Forbidden):
        await users.toggle_follow(fan.id, seller.id)
    with pytest.raises(Forbidden):
        await users.toggle_follow(seller.id, fan.id)  # a plain customer
    with pytest.raises(InvalidInput):
        await users.toggle_follow(fan.id, fan.id)
    assert await users.follower_ids(seller.id) == []
