"""Listings: a buyer's items, their moderation states, search, and buying one."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from tortoise.expressions import F
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from core.domain.catalog import CATEGORIES, check_category, check_country
from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.domain.search import Found, query_of, ranked
from core.domain.text import TITLE_LENGTH, clean_text, clean_words
from core.errors import Forbidden, InvalidInput, InvalidState, NotFound, OutOfStock
from core.models.listings import Listing, ListingPhoto
from core.models.orders import Order
from core.services.catalog.brands import brand_names
from core.services.catalog.listing_index import Wanted, search_candidates, sync_listing
from core.services.money.fees import check_payable_order
from core.services.people.users import toggle_follow, verified_buyer
from core.services.runtime.notifications import queue
from core.services.runtime.pages import Page, page_of
from core.services.trade.orders import Price, create_order, news

MAX_PHOTOS = 10
MAX_STOCK = 999
MAX_DAYS_TO_SHIP = 90
PAGE_SIZE = 10


@dataclass(frozen=True, slots=True)
class ListingInput:
    """Everything a buyer fills in for a listing (PRODUCT.md, flow 1)."""

    title: str
    description: str
    category: str
    country: str
    price: Money
    quantity: int
    days_to_ship: int
    photo_file_ids: Sequence[str]
    brand: str | None = None
    city: str | None = None
    proof_file_id: str | None = None


def _checked(data: ListingInput) -> dict[str, Any]:
    check_photo_count(data.photo_file_ids)
    price = data.price
    return {
        "title": check_title(data.title),
        "description": check_description(data.description),
        "category": check_category(data.category),
        "country": check_country(data.country),
        "brand": check_brand(data.brand) if data.brand else None,
        "city": check_city(data.city) if data.city else None,
        "price": price.amount,
        "currency": price.currency,
        "stock": check_quantity(data.quantity),
        "days_to_ship": check_days_to_ship(data.days_to_ship),
    }


async def _save_photos(listing_id: int, data: ListingInput) -> None:
    await ListingPhoto.filter(listing_id=listing_id).delete()
    photos = [ListingPhoto(listing_id=listing_id, position=i, file_id=f) for i, f in enumerate(data.photo_file_ids)]
    if data.proof_file_id:
        photos.append(
            ListingPhoto(listing_id=listing_id, position=len(photos), file_id=data.proof_file_id, is_proof=True)
        )
    await ListingPhoto.bulk_create(photos)


async def check_new_listing(buyer_id: int, data: ListingInput) -> dict[str, Any]:
    """The listing's fields as stored, or the refusal creating it would meet now."""
    fields = _checked(data)
    await check_listing_price(data.price)
    await verified_buyer(buyer_id)
    return fields


async def check_listing_price(price: Money) -> Money:
    """A price per item an order of one can be paid at; more items are checked when ordered."""
    return await check_payable_order(price)


async def create_listing(buyer_id: int, data: ListingInput, status: ListingStatus = ListingStatus.ACTIVE) -> Listing:
    """A verified buyer's item saved in `status`: published at once unless told otherwise.

    Buyers publish through `core.services.catalog.publishing.publish_listing`, which scores it before anyone sees it.
    """
    fields = await check_new_listing(buyer_id, data)
    async with in_transaction():
        listing = await Listing.create(buyer_id=buyer_id, status=status, **fields)
        await _save_photos(listing.id, data)
        await sync_listing(listing.id)
    return listing


@dataclass(frozen=True, slots=True)
class ListingLine:
    """A listing where its name, price and stock are enough: a line of the buyer's own list, or one to buy."""

    id: int
    title: str
    price: Money
    stock: int
    status: ListingStatus

    @classmethod
    def of(cls, listing: Listing) -> "ListingLine":
        return cls(listing.id, listing.title, listing.price_money, listing.stock, listing.status)


async def own_listing(buyer_id: int, listing_id: int) -> ListingLine:
    """One of the buyer's listings, e.g. to ask whether to withdraw it; refused when it is someone else's."""
    return ListingLine.of(await _own_row(buyer_id, listing_id))


async def _own_row(buyer_id: int, listing_id: int) -> Listing:
    listing = await Listing.get_or_none(id=listing_id)
    if listing is None:
        raise NotFound("listing.not_found")
    if listing.buyer_id != buyer_id:
        raise Forbidden("listing.not_yours")
    return listing


_EDITABLE = (ListingStatus.DRAFT, ListingStatus.ACTIVE, ListingStatus.SOLD_OUT, ListingStatus.REJECTED)


async def update_listing(
    buyer_id: int, listing_id: int, data: ListingInput, publish_as: ListingStatus = ListingStatus.ACTIVE
) -> Listing:
    """Edit every field; an edited listing is published again as `publish_as` (a rejected one goes back for
    review). Buyers edit through `core.services.catalog.publishing.revise_listing`, which scores it before anyone
    sees it."""
    fields = _checked(data)
    await check_listing_price(data.price)
    await verified_buyer(buyer_id)
    listing = await _own_row(buyer_id, listing_id)
    if listing.status not in _EDITABLE:
        raise InvalidState("listing.not_editable", status=listing.status.value)
    status = ListingStatus.PENDING_REVIEW if listing.status is ListingStatus.REJECTED else publish_as
    async with in_transaction():
        changed = await Listing.filter(id=listing.id, status=listing.status).update(status=status, **fields)
        if not changed:
            raise InvalidState("listing.changed_meanwhile")
        await _save_photos(listing.id, data)
        await sync_listing(listing.id)
    await listing.refresh_from_db()
    return listing


async def withdraw_listing(buyer_id: int, listing_id: int) -> ListingLine:
    """Take an own listing off sale; one already removed (by a moderator, say) keeps its reason."""
    listing = await _own_row(buyer_id, listing_id)
    async with in_transaction():
        await (
            Listing.filter(id=listing.id)
            .exclude(status=ListingStatus.REMOVED)
            .update(status=ListingStatus.REMOVED, status_reason="withdrawn by buyer")
        )
        await sync_listing(listing.id)
    await listing.refresh_from_db()
    return ListingLine.of(listing)


_MODERATION: dict[ListingStatus, tuple[ListingStatus, ...]] = {
    ListingStatus.ACTIVE: (ListingStatus.PENDING_REVIEW,),
    ListingStatus.PENDING_REVIEW: (ListingStatus.ACTIVE,),
    ListingStatus.REJECTED: (ListingStatus.PENDING_REVIEW, ListingStatus.ACTIVE, ListingStatus.SOLD_OUT),
    ListingStatus.REMOVED: (
        ListingStatus.DRAFT,
        ListingStatus.SCREENING,  # e.g. one whose photos Telegram never hands over: the sweeper then lets it be
        ListingStatus.PENDING_REVIEW,
        ListingStatus.ACTIVE,
        ListingStatus.SOLD_OUT,
        ListingStatus.REJECTED,
    ),
}


async def moderate_listing(listing_id: int, status: ListingStatus, reason: str = "") -> Listing:
    """Hold for review, approve, reject or remove a listing; all but approval need a reason."""
    allowed_from = _MODERATION.get(status)
    if allowed_from is None:
        raise InvalidInput("listing.unknown_decision", status=status.value)
    reason = clean_text(reason, "reason", 1000, allow_empty=status is ListingStatus.ACTIVE)
    async with in_transaction():
        changed = await Listing.filter(id=listing_id, status__in=allowed_from).update(
            status=status, status_reason=reason or None
        )
        if not changed:
            listing = await Listing.get_or_none(id=listing_id)
            if listing is None:
                raise NotFound("listing.not_found")
            raise InvalidState("listing.invalid_decision", status=listing.status.value, to=status.value)
        await sync_listing(listing_id)
    return await Listing.get(id=listing_id)


async def hold_for_review(listing_id: int, reason: str) -> bool:
    """Take a published listing off sale until a moderator looks; False when it was not published."""
    reason = clean_text(reason, "reason", 1000)
    async with in_transaction():
        held = await Listing.filter(id=listing_id, status=ListingStatus.ACTIVE).update(
            status=ListingStatus.PENDING_REVIEW, status_reason=reason
        )
        if held:
            await sync_listing(listing_id)
    return bool(held)


async def buy_listing(customer_id: int, listing_id: int, quantity: int = 1) -> Order:
    """Reserve stock and open an order awaiting the deposit.

    The stock decrement is one conditional update, so many customers buying the last
    items at once get exactly as many orders as there were items.
    """
    if not 1 <= quantity <= MAX_STOCK:
        raise InvalidInput("listing.quantity_range", min=1, max=MAX_STOCK)
    listing = await Listing.get_or_none(id=listing_id)
    if listing is None or listing.status not in (ListingStatus.ACTIVE, ListingStatus.SOLD_OUT):
        raise NotFound("listing.not_found")
    if listing.buyer_id == customer_id:
        raise Forbidden("order.own_item")
    async with in_transaction():
        taken = await Listing.filter(id=listing_id, status=ListingStatus.ACTIVE, stock__gte=quantity).update(
            stock=F("stock") - quantity
        )
        if not taken:
            raise OutOfStock("listing.out_of_stock")
        await Listing.filter(id=listing_id, stock=0).update(status=ListingStatus.SOLD_OUT)
        price = Price(
            item_price=listing.price_money,
            quantity=quantity,
            service_fee=Money(0, listing.currency),
            shipping_fee=Money(0, listing.currency),
        )
        order = await create_order(
            customer_id, listing.buyer_id, listing.title, price, listing.days_to_ship, listing_id=listing.id
        )
        total = {"total": order.total, "currency": order.currency}
        await queue(order.buyer_id, "order.new", **news(order), quantity=order.quantity, **total)
        return order


async def search_listings(
    text: str = "",
    country: str | None = None,
    category: str | None = None,
    cursor: int | None = None,
    limit: int = PAGE_SIZE,
) -> Page[Listing]:
    """Listings for sale: those answering `text` best first (core/domain/search.py), or without a text the newest
    first. `cursor` is a page's `next_before`: for a text, how many better answers came before the page."""
    words = clean_text(text, "query", 100, allow_empty=True)
    country = check_country(country) if country else None
    category = check_category(category) if category else None
    if not words:
        query = Listing.filter(status=ListingStatus.ACTIVE)
        if country:
            query = query.filter(country=country)
        if category:
            query = query.filter(category=category)
        return await page_of(query.prefetch_related("photos"), cursor, limit)
    asked = query_of(words, await brand_names())
    wanted = Wanted(statuses=(ListingStatus.ACTIVE,), category=category)
    found = await search_candidates(asked.looked_up, country, wanted)
    order = ranked(asked, [Found(c.listing_id, c.title, c.brand, c.description) for c in found])
    start = cursor or 0
    ids = order[start : start + limit]
    rows = {row.id: row for row in await Listing.filter(id__in=ids).prefetch_related("photos")}
    more = len(order) > start + limit
    return Page(tuple(rows[i] for i in ids if i in rows), start + limit if more else None)


_VISIBLE = (ListingStatus.ACTIVE, ListingStatus.SOLD_OUT)


async def public_listing(listing_id: int) -> Listing:
    """A listing anyone may look at and share: for sale now, or sold out."""
    listing = await Listing.get_or_none(id=listing_id, status__in=_VISIBLE).prefetch_related("photos")
    if listing is None:
        raise NotFound("listing.not_found")
    return listing


@dataclass(frozen=True, slots=True)
class Following:
    buyer_name: str
    following: bool  # False: no longer following


async def follow_seller(follower_id: int, listing_id: int) -> Following:
    """Follow the buyer of a listing anyone may see, from its card; or stop following them."""
    listing = await public_listing(listing_id)
    following = await toggle_follow(follower_id, listing.buyer_id)
    return Following((await listing.buyer).first_name, following)


async def listing_for_sale(customer_id: int, listing_id: int) -> ListingLine:
    """The listing a customer starts to buy, or the refusal `buy_listing` would give them now."""
    listing = await public_listing(listing_id)
    if listing.buyer_id == customer_id:
        raise Forbidden("order.own_item")
    if listing.status is not ListingStatus.ACTIVE or listing.stock < 1:
        raise OutOfStock("listing.out_of_stock")
    return ListingLine.of(listing)


async def listing_countries(limit: int = 24) -> list[str]:
    """Countries where something is for sale now, those with the most listings first."""
    rows = (
        await Listing.filter(status=ListingStatus.ACTIVE)
        .annotate(listings=Count("id"))
        .group_by("country")
        .order_by("-listings", "country")
        .limit(limit)
        .values_list("country", flat=True)
    )
    return cast(list[str], rows)


async def listing_categories(country: str | None = None) -> list[str]:
    """Categories with something for sale now (in `country`, if given), in catalog order."""
    query = Listing.filter(status=ListingStatus.ACTIVE)
    if country:
        query = query.filter(country=check_country(country))
    present = set(await query.distinct().values_list("category", flat=True))
    return [category for category in CATEGORIES if category in present]


# Each field of a listing checked on its own, so a chat can ask again at once (`_checked` uses them all).


def check_title(text: str) -> str:
    return clean_words(text, "title", TITLE_LENGTH)


def check_description(text: str) -> str:
    return clean_text(text, "description", 3000)


def check_brand(text: str) -> str:
    return clean_text(text, "brand", 64)


def check_city(text: str) -> str:
    return clean_text(text, "city", 64)


def check_quantity(quantity: int) -> int:
    if not 1 <= quantity <= MAX_STOCK:
        raise InvalidInput("listing.quantity_range", min=1, max=MAX_STOCK)
    return quantity


def check_days_to_ship(days: int) -> int:
    if not 1 <= days <= MAX_DAYS_TO_SHIP:
        raise InvalidInput("listing.days_to_ship_range", min=1, max=MAX_DAYS_TO_SHIP)
    return days


def check_photo_count(file_ids: Sequence[str]) -> Sequence[str]:
    if not 1 <= len(file_ids) <= MAX_PHOTOS:
        raise InvalidInput("listing.photo_count", min=1, max=MAX_PHOTOS)
    return file_ids


async def buyer_listings(buyer_id: int, before_id: int | None = None, limit: int = PAGE_SIZE) -> Page[ListingLine]:
    """A buyer's own listings in every status, newest first, with keyset pagination."""
    rows = await page_of(Listing.filter(buyer_id=buyer_id), before_id, limit)
    return Page(tuple(ListingLine.of(listing) for listing in rows.items), rows.next_before)


async def editable_listing(buyer_id: int, listing_id: int) -> ListingInput:
    """What an own listing says now, for an edit that changes some fields and keeps the rest.

    Refuses (like `update_listing` would) when the listing is not the buyer's or can no longer change.
    """
    await verified_buyer(buyer_id)
    listing = await _own_row(buyer_id, listing_id)
    if listing.status not in _EDITABLE:
        raise InvalidState("listing.not_editable", status=listing.status.value)
    return saved_input(listing, await ListingPhoto.filter(listing_id=listing.id))


def saved_input(listing: Listing, photos: Iterable[ListingPhoto]) -> ListingInput:
    """What a saved listing says, as the buyer filled it in: `photos` are its photos in order."""
    photos = list(photos)
    proof = next((photo.file_id for photo in photos if photo.is_proof), None)
    return ListingInput(
        title=listing.title,
        description=listing.description,
        category=listing.category,
        country=listing.country,
        price=listing.price_money,
        quantity=listing.stock,
        days_to_ship=listing.days_to_ship,
        photo_file_ids=[photo.file_id for photo in photos if not photo.is_proof],
        brand=listing.brand,
        city=listing.city,
        proof_file_id=proof,
    )
