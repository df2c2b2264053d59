"""What a customer sees of a listing: its card, read for one listing, a page, or a draft not saved yet."""

from decimal import Decimal

import pytest

from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.errors import NotFound
from core.models.listings import Listing
from core.services.catalog.listing_cards import draft_card, found_cards, listing_card, shared_card
from core.services.catalog.listings import moderate_listing
from core.services.money.rates import conversion_into, set_rate
from tests import factories
from tests.query_counts import counted_queries


async def test_a_card_says_everything_a_customer_needs_with_the_price_at_home() -> None:
    await set_rate("JPY", "USD", Decimal("0.0067"), "test")
    seller = await factories.buyer()
    shopper = await factories.customer()
    listing = await factories.listing(seller, proof_file_id="receipt-1")
    home = await conversion_into("USD")

    card = await listing_card(listing.id, shopper.id, home)
    assert (card.id, card.title, card.brand, card.city, card.country) == (
        listing.id,
        "Porter Tanker shoulder bag",
        "Porter",
        "Tokyo",
        "JP",
    )
    assert (card.price, card.price_at_home) == (Money(12800, "JPY"), Money(8576, "USD"))
    assert (card.stock, card.days_to_ship, card.status) == (3, 7, ListingStatus.ACTIVE)
    assert card.photo_file_ids == ("photo-1", "photo-2")  # the proof is not one of the item's photos
    assert (card.buyer.id, card.buyer.name, card.buyer.verified) == (seller.id, "Bob", True)
    assert not card.viewer_owns and (await listing_card(listing.id, seller.id, home)).viewer_owns
    assert (await listing_card(listing.id, shopper.id, await conversion_into("GBP"))).price_at_home is None


async def test_a_listing_not_for_sale_shows_only_to_its_buyer_and_is_never_shared() -> None:
    seller = await factories.buyer()
    shopper = await factories.customer()
    listing = await factories.listing(seller)
    await moderate_listing(listing.id, ListingStatus.PENDING_REVIEW, "price far below market")
    home = await conversion_into("USD")
    assert (await listing_card(listing.id, seller.id, home)).status is ListingStatus.PENDING_REVIEW
    for look in (
        listing_card(listing.id, shopper.id, home),
        shared_card(listing.id, seller.id, home),
        listing_card(987654, seller.id, home),
    ):
        with pytest.raises(NotFound):
            await look


async def test_a_drafts_card_is_read_without_saving_anything() -> None:
    seller = await factories.buyer()
    card = await draft_card(seller.id, factories.listing_input(), await conversion_into("JPY"))
    assert card.id is None and card.viewer_owns and card.buyer.name == "Bob"
    assert (card.status, card.price_at_home, card.photo_file_ids) == (
        ListingStatus.ACTIVE,
        Money(12800, "JPY"),
        ("photo-1", "photo-2"),
    )
    assert await Listing.all().count() == 0


async def test_a_page_of_cards_runs_as_many_queries_for_many_buyers_as_for_one() -> None:
    shopper = await factories.customer()
    sellers = [await factories.buyer(name) for name in ("Bob", "Carol", "Dave")]
    home = await conversion_into("USD")
    await factories.listing(sellers[0])
    with counted_queries() as one:
        assert len((await found_cards(shopper.id, home)).items) == 1
    for seller in sellers:
        for _ in range(3):
            await factories.listing(seller)
    with counted_queries() as many:
        page = await found_cards(shopper.id, home)
    assert [card.buyer.name for card in page.items] == ["Dave"] * 3 + ["Carol"] * 3 + ["Bob"] * 4
    assert 0 < len(many) == len(one)
