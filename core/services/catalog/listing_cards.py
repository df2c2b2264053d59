"""Listing cards: all a customer sees of a listing, read for one listing or a page, and a draft's preview."""

from collections.abc import Sequence
from dataclasses import dataclass

from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.errors import NotFound
from core.models.listings import Listing
from core.services.catalog.listing_index import PUBLISHED
from core.services.catalog.listings import PAGE_SIZE, ListingInput, public_listing, saved_input, search_listings
from core.services.money.rates import Conversion
from core.services.people.buyer_records import BuyerRecord, buyer_records
from core.services.people.users import followed_among
from core.services.runtime.pages import Page


@dataclass(frozen=True, slots=True)
class ListingCard:
    id: int | None  # None on a draft's preview: not saved yet
    title: str
    description: str
    category: str
    brand: str | None
    country: str
    city: str | None
    price: Money
    price_at_home: Money | None  # the price in the reader's home currency; None when no rate is set
    stock: int
    days_to_ship: int
    status: ListingStatus
    photo_file_ids: tuple[str, ...]  # the item's photos, in order; never the proof photo
    buyer: BuyerRecord
    viewer_owns: bool
    viewer_follows: bool  # the reader follows this listing's buyer (the Follow button says so)


def _card(
    listing_id: int | None,
    item: ListingInput,
    status: ListingStatus,
    buyer: BuyerRecord,
    viewer_id: int,
    home: Conversion,
    viewer_follows: bool = False,
) -> ListingCard:
    return ListingCard(
        id=listing_id,
        title=item.title,
        description=item.description,
        category=item.category,
        brand=item.brand,
        country=item.country,
        city=item.city,
        price=item.price,
        price_at_home=home(item.price),
        stock=item.quantity,
        days_to_ship=item.days_to_ship,
        status=status,
        photo_file_ids=tuple(item.photo_file_ids),
        buyer=buyer,
        viewer_owns=buyer.id == viewer_id,
        viewer_follows=viewer_follows,
    )


async def _cards(
    listings: Sequence[Listing], viewer_id: int, home: Conversion, *, for_viewer: bool = True
) -> tuple[ListingCard, ...]:
    """Cards of listings loaded with their photos; their buyers' records, and whom the viewer follows, read together.

    `for_viewer=False` for a card others will read (shared into a chat): it says nothing of whom the sharer follows."""
    buyer_ids = {listing.buyer_id for listing in listings}
    records = await buyer_records(buyer_ids)
    followed = set(await followed_among(viewer_id, buyer_ids)) if for_viewer else set()
    return tuple(
        _card(
            listing.id,
            saved_input(listing, listing.photos),
            listing.status,
            records[listing.buyer_id],
            viewer_id,
            home,
            viewer_follows=listing.buyer_id in followed,
        )
        for listing in listings
    )


async def listing_card(listing_id: int, viewer_id: int, home: Conversion) -> ListingCard:
    """A listing as `viewer_id` may see it: for sale or sold out, or their own in any status; NotFound otherwise."""
    listing = await Listing.get_or_none(id=listing_id).prefetch_related("photos")
    if listing is None or (listing.status not in PUBLISHED and listing.buyer_id != viewer_id):
        raise NotFound("listing.not_found")
    (card,) = await _cards([listing], viewer_id, home)
    return card


async def shared_card(listing_id: int, sharer_id: int, home: Conversion) -> ListingCard:
    """A listing shared into another chat: only one anyone may see, whoever shares it."""
    (card,) = await _cards([await public_listing(listing_id)], sharer_id, home, for_viewer=False)
    return card


async def found_cards(
    viewer_id: int,
    home: Conversion,
    text: str = "",
    country: str | None = None,
    category: str | None = None,
    cursor: int | None = None,
    limit: int = PAGE_SIZE,
) -> Page[ListingCard]:
    """A page of `search_listings`, as cards; `cursor` is the previous page's `next_before`."""
    found = await search_listings(text, country, category, cursor, limit)
    return Page(await _cards(found.items, viewer_id, home), found.next_before)


async def draft_card(buyer_id: int, draft: ListingInput, home: Conversion) -> ListingCard:
    """A listing not saved yet, as customers will see it once it is published."""
    records = await buyer_records([buyer_id])
    return _card(None, draft, ListingStatus.ACTIVE, records[buyer_id], buyer_id, home)
