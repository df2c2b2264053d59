"""Buyers list items; customers find and buy them; moderators hold, reject and remove them."""

from dataclasses import replace

import pytest

from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.errors import Forbidden, InvalidInput, InvalidState, NotFound, OutOfStock
from core.models.listings import Listing, ListingPhoto
from core.services.catalog.listings import (
    buy_listing,
    buyer_listings,
    check_days_to_ship,
    check_description,
    check_photo_count,
    check_quantity,
    check_title,
    create_listing,
    editable_listing,
    moderate_listing,
    search_listings,
    update_listing,
    withdraw_listing,
)
from core.services.trade import orders
from core.services.trade.orders import Actor
from tests import factories


async def test_a_verified_buyer_publishes_a_listing_with_photos_and_proof() -> None:
    seller = await factories.buyer()
    listing = await create_listing(seller.id, factories.listing_input(proof_file_id="receipt-1"))
    assert listing.status is ListingStatus.ACTIVE and listing.stock == 3
    photos = await ListingPhoto.filter(listing_id=listing.id)
    assert [(p.file_id, p.is_proof) for p in photos] == [
        ("photo-1", False),
        ("photo-2", False),
        ("receipt-1", True),
    ]


async def test_customers_who_are_not_verified_buyers_cannot_list() -> None:
    shopper = await factories.customer()
    with pytest.raises(Forbidden):
        await create_listing(shopper.id, factories.listing_input())
    assert await Listing.all().count() == 0


@pytest.mark.parametrize(
    "bad",
    [
        {"title": "   "},
        {"title": "x" * 121},
        {"description": "y" * 3001},
        {"category": "weapons"},
        {"country": "ZZ"},
        {"quantity": 0},
        {"quantity": 1000},
        {"days_to_ship": 0},
        {"photo_file_ids": []},
        {"photo_file_ids": [f"p{i}" for i in range(11)]},
        {"price": Money(0, "JPY")},
        {"price": Money(10**12, "JPY")},
    ],
)
async def test_bad_listing_fields_are_refused_and_nothing_is_saved(bad: dict[str, object]) -> None:
    seller = await factories.buyer()
    with pytest.raises(InvalidInput):
        await create_listing(seller.id, factories.listing_input(**bad))
    assert await Listing.all().count() == 0


async def test_a_buyer_edits_their_own_listing_only() -> None:
    seller = await factories.buyer()
    rival = await factories.buyer("Carol")
    listing = await factories.listing(seller)
    edited = await update_listing(
        seller.id,
        listing.id,
        factories.listing_input(price=Money(11800, "JPY"), photo_file_ids=["new-photo"]),
    )
    assert edited.price == 11800
    assert await ListingPhoto.filter(listing_id=listing.id).values_list("file_id", flat=True) == ["new-photo"]
    with pytest.raises(Forbidden):
        await update_listing(rival.id, listing.id, factories.listing_input(price=Money(5000, "JPY")))
    assert (await Listing.get(id=listing.id)).price == 11800


async def test_buying_reserves_stock_and_the_last_item_sells_it_out() -> None:
    seller = await factories.buyer()
    shopper = await factories.customer()
    listing = await factories.listing(seller, quantity=2)
    order = await buy_listing(shopper.id, listing.id, quantity=2)
    assert order.total == 2 * 12800
    listing = await Listing.get(id=listing.id)
    assert listing.stock == 0 and listing.status is ListingStatus.SOLD_OUT
    with pytest.raises(OutOfStock):
        await buy_listing(shopper.id, listing.id)

    await orders.cancel_order(order.id, Actor.CUSTOMER, shopper.id, "changed my mind")
    listing = await Listing.get(id=listing.id)
    assert listing.stock == 2 and listing.status is ListingStatus.ACTIVE


async def test_nobody_buys_their_own_listing_or_more_than_in_stock() -> None:
    seller = await factories.buyer()
    shopper = await factories.customer()
    listing = await factories.listing(seller, quantity=1)
    with pytest.raises(Forbidden):
        await buy_listing(seller.id, listing.id)
    with pytest.raises(OutOfStock):
        await buy_listing(shopper.id, listing.id, quantity=2)
    with pytest.raises(InvalidInput):
        await buy_listing(shopper.id, listing.id, quantity=0)
    assert (await Listing.get(id=listing.id)).stock == 1


async def test_search_filters_and_pages_newest_first() -> None:
    seller = await factories.buyer(countries=("JP", "KR"))
    for i in range(12):
        await factories.listing(seller, title=f"Porter bag {i}")
    await factories.listing(
        seller,
        title="Sulwhasoo cream",
        description="From the Myeongdong store",
        country="KR",
        category="beauty",
        brand="Sulwhasoo",
    )

    first = await search_listings("porter", limit=5)
    assert [x.title for x in first.items] == [f"Porter bag {i}" for i in range(11, 6, -1)]
    second = await search_listings("porter", limit=5, cursor=first.next_before)
    third = await search_listings("porter", limit=5, cursor=second.next_before)
    assert len(second.items) == 5 and len(third.items) == 2 and third.next_before is None

    korean = await search_listings(country="kr", category="beauty")
    assert [x.title for x in korean.items] == ["Sulwhasoo cream"]
    assert (await search_listings("sulwhasoo")).items[0].brand == "Sulwhasoo"


async def test_held_rejected_and_removed_listings_are_not_for_sale() -> None:
    seller = await factories.buyer()
    shopper = await factories.customer()
    listing = await factories.listing(seller)
    held = await moderate_listing(listing.id, ListingStatus.PENDING_REVIEW, "price far below market")
    assert held.status is ListingStatus.PENDING_REVIEW
    assert (await search_listings()).items == ()
    with pytest.raises(NotFound):
        await buy_listing(shopper.id, listing.id)

    with pytest.raises(InvalidInput):
        await moderate_listing(listing.id, ListingStatus.REJECTED)  # reason required
    rejected = await moderate_listing(listing.id, ListingStatus.REJECTED, "photos taken from a shop site")
    assert rejected.status_reason == "photos taken from a shop site"
    resubmitted = await update_listing(seller.id, listing.id, factories.listing_input(photo_file_ids=["own-photo"]))
    assert resubmitted.status is ListingStatus.PENDING_REVIEW
    approved = await moderate_listing(listing.id, ListingStatus.ACTIVE)
    assert approved.status is ListingStatus.ACTIVE

    removed = await withdraw_listing(seller.id, listing.id)
    assert removed.status is ListingStatus.REMOVED
    with pytest.raises(InvalidState):
        await update_listing(seller.id, listing.id, factories.listing_input())


async def test_a_buyer_sees_all_their_own_listings_newest_first_in_pages() -> None:
    seller = await factories.buyer()
    other = await factories.buyer("Carol")
    first, second, third = [await factories.listing(seller, title=f"Item {n}") for n in range(3)]
    await factories.listing(other)
    await withdraw_listing(seller.id, second.id)
    page = await buyer_listings(seller.id, limit=2)
    assert [listing.id for listing in page.items] == [third.id, second.id] and page.next_before == second.id
    rest = await buyer_listings(seller.id, before_id=page.next_before, limit=2)
    assert [listing.id for listing in rest.items] == [first.id] and rest.next_before is None


async def test_an_edit_starts_from_what_the_listing_says_now() -> None:
    seller = await factories.buyer()
    listing = await factories.listing(seller, proof_file_id="receipt-1")
    current = await editable_listing(seller.id, listing.id)
    assert current == factories.listing_input(proof_file_id="receipt-1")
    edited = await update_listing(seller.id, listing.id, replace(current, price=Money(9900, "JPY")))
    assert (edited.price, edited.title) == (9900, listing.title)
    assert await ListingPhoto.filter(listing_id=listing.id).count() == 3
    with pytest.raises(Forbidden):
        await editable_listing((await factories.buyer("Mallory")).id, listing.id)
    await withdraw_listing(seller.id, listing.id)
    with pytest.raises(InvalidState):
        await editable_listing(seller.id, listing.id)


def test_listing_fields_are_checked_one_by_one() -> None:
    assert check_title("  Porter bag ") == "Porter bag"
    assert (check_quantity(999), check_days_to_ship(90)) == (999, 90)
    for check, value in [
        (check_title, ""),
        (check_title, "x" * 121),
        (check_description, " "),
        (check_quantity, 0),
        (check_quantity, 1000),
        (check_days_to_ship, 91),
        (check_photo_count, []),
        (check_photo_count, ["p"] * 11),
    ]:
        with pytest.raises(InvalidInput):
            check(value)  # type: ignore[operator]


async def test_withdrawing_a_listing_a_moderator_removed_keeps_the_moderators_reason() -> None:
    seller = await factories.buyer()
    listing = await factories.listing(seller)
    await moderate_listing(listing.id, ListingStatus.REMOVED, "counterfeit")
    await withdraw_listing(seller.id, listing.id)
    withdrawn = await Listing.get(id=listing.id)
    assert (withdrawn.status, withdrawn.status_reason) == (ListingStatus.REMOVED, "counterfeit")
