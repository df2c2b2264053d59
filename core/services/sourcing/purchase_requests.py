"""Purchase requests and the offers buyers make on them."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core import clock
from core.config import current_settings
from core.domain.catalog import check_category, check_country
from core.domain.money import Money, check_price
from core.domain.purchase_requests import OfferStatus, RequestStatus
from core.domain.text import TITLE_LENGTH, clean_text, clean_words
from core.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound
from core.models.orders import Order
from core.models.purchase_requests import Offer, PurchaseRequest
from core.services.money.exposure import check_room_for_offer
from core.services.money.fees import check_payable_order
from core.services.people.users import verified_buyer
from core.services.runtime.notifications import queue
from core.services.sourcing.matching import tell_buyers
from core.services.trade.deadlines import (
    OFFER_EXPIRY,
    OFFER_REMINDER,
    REQUEST_EXPIRY,
    REQUEST_REMINDER,
    plan_with_reminders,
)
from core.services.trade.orders import Price, create_order, news

MAX_QUANTITY = 99
MAX_PHOTOS = 10
MAX_DEADLINE = timedelta(days=180)
MAX_DAYS_TO_SHIP = 90


@dataclass(frozen=True, slots=True)
class RequestInput:
    """What a customer wants (PRODUCT.md, flow 2): text plus photos and/or a link."""

    text: str
    country: str
    budget: Money  # for the whole quantity
    quantity: int
    deadline: datetime
    photo_file_ids: Sequence[str] = ()
    link: str | None = None
    category: str | None = None
    ship_to: str | None = None  # the destination country, so buyers can price the shipping


@dataclass(frozen=True, slots=True)
class OfferInput:
    item_name: str  # what exactly the buyer will buy: the title of the order it makes
    item_price: Money  # per item
    service_fee: Money
    shipping_fee: Money
    days_to_ship: int
    note: str = ""


# Each field's check on its own, so a chat wizard can refuse a bad answer at the step that asked for it.


def check_link(link: str | None) -> str | None:
    if not link:
        return None
    link = link.strip()
    if len(link) > 2048 or not link.startswith(("http://", "https://")) or any(c.isspace() for c in link):
        raise InvalidInput("request.bad_link")
    return link


def check_request_text(text: str) -> str:
    return clean_words(text, "text", 2000)


def check_item_name(text: str) -> str:
    return clean_words(text, "item_name", TITLE_LENGTH)


def item_name_of(offer: Offer, request: PurchaseRequest) -> str:
    """What the offer buys; offers made before buyers named the item go by the request's words."""
    return offer.item_name or request.text[:TITLE_LENGTH]


def check_quantity(quantity: int) -> int:
    if not 1 <= quantity <= MAX_QUANTITY:
        raise InvalidInput("request.quantity_range", min=1, max=MAX_QUANTITY)
    return quantity


def check_photo_count(count: int) -> int:
    if count > MAX_PHOTOS:
        raise InvalidInput("request.photo_count", max=MAX_PHOTOS)
    return count


def check_deadline(deadline: datetime) -> datetime:
    now = clock.now()
    if deadline <= now:
        raise InvalidInput("request.deadline_past")
    if deadline > now + MAX_DEADLINE:
        raise InvalidInput("request.deadline_too_far", days=MAX_DEADLINE.days)
    return deadline


def check_days_to_ship(days: int) -> int:
    if not 1 <= days <= MAX_DAYS_TO_SHIP:
        raise InvalidInput("offer.days_to_ship_range", min=1, max=MAX_DAYS_TO_SHIP)
    return days


def check_fee(fee: Money, currency: str) -> Money:
    """A service or shipping fee: zero or more, in the currency of the item price."""
    if fee.currency != currency:
        raise InvalidInput("offer.mixed_currencies")
    if fee.amount < 0:
        raise InvalidInput("money.negative")
    return fee


async def check_budget(budget: Money) -> Money:
    """A budget the order it asks for could be paid at (deposit and balance each within Telegram's limits)."""
    return await check_payable_order(budget)


async def check_offer_item_price(item_price: Money, quantity: int) -> Money:
    """A price per item that, for the request's quantity, is not past the most Telegram takes; the whole offer,
    fees included (which may lift a small price over the least it takes), is checked when it is made."""
    items = Money(check_price(item_price).amount * quantity, item_price.currency)
    await check_payable_order(items, at_least=False)
    return item_price


def check_offer_note(note: str) -> str:
    return clean_text(note, "note", 1000, allow_empty=True)


async def create_request(customer_id: int, data: RequestInput) -> PurchaseRequest:
    check_quantity(data.quantity)
    check_photo_count(len(data.photo_file_ids))
    check_deadline(data.deadline)
    budget = await check_budget(data.budget)
    async with in_transaction():
        request = await PurchaseRequest.create(
            customer_id=customer_id,
            text=check_request_text(data.text),
            link=check_link(data.link),
            photos=list(data.photo_file_ids),
            country=check_country(data.country),
            ship_to_country=check_country(data.ship_to) if data.ship_to else None,
            category=check_category(data.category) if data.category else None,
            budget=budget.amount,
            currency=budget.currency,
            quantity=data.quantity,
            deadline=data.deadline,
        )
        await plan_with_reminders(REQUEST_EXPIRY, REQUEST_REMINDER, str(request.id), request.deadline)
        await tell_buyers(request)
        return request


async def get_request(request_id: int) -> PurchaseRequest:
    request = await PurchaseRequest.get_or_none(id=request_id)
    if request is None:
        raise NotFound("request.not_found")
    return request


async def cancel_request(customer_id: int, request_id: int) -> PurchaseRequest:
    request = await get_request(request_id)
    if request.customer_id != customer_id:
        raise Forbidden("request.not_yours")
    async with in_transaction():
        if not await PurchaseRequest.filter(id=request_id, status=RequestStatus.OPEN).update(
            status=RequestStatus.CANCELLED
        ):
            raise InvalidState("request.not_open")
        for buyer_id in await _decline_pending_offers(request_id):
            await queue(buyer_id, "request.cancelled", request=request.id, excerpt=request.text)
        await plan_with_reminders(REQUEST_EXPIRY, REQUEST_REMINDER, str(request_id), None)
    await request.refresh_from_db()
    return request


async def _decline_pending_offers(request_id: int) -> list[int]:
    """Decline every offer still waiting on the request (call once it is closed); returns their buyers."""
    pending = Offer.filter(request_id=request_id, status=OfferStatus.PENDING)
    buyer_ids = cast(list[int], await pending.order_by("id").values_list("buyer_id", flat=True))
    await pending.update(status=OfferStatus.DECLINED)
    return buyer_ids


def _price(data: OfferInput, quantity: int) -> Price:
    currency = data.item_price.currency
    service_fee, shipping_fee = check_fee(data.service_fee, currency), check_fee(data.shipping_fee, currency)
    return Price(check_price(data.item_price), quantity, service_fee, shipping_fee)


async def request_open_to(buyer_id: int, request_id: int) -> PurchaseRequest:
    """The request, if this buyer may make an offer on it now; a domain error saying why not otherwise."""
    await verified_buyer(buyer_id)
    request = await get_request(request_id)
    if request.customer_id == buyer_id:
        raise Forbidden("offer.own_request")
    if request.status is not RequestStatus.OPEN or request.deadline <= clock.now():
        raise InvalidState("request.not_open")
    if await Offer.exists(request_id=request_id, buyer_id=buyer_id):
        raise Conflict("offer.already_made")
    return request


async def make_offer(buyer_id: int, request_id: int, data: OfferInput) -> Offer:
    """A verified buyer answers an open request; one offer per buyer per request."""
    check_days_to_ship(data.days_to_ship)
    item_name = check_item_name(data.item_name)
    note = check_offer_note(data.note)
    request = await request_open_to(buyer_id, request_id)
    price = _price(data, request.quantity)
    await check_payable_order(price.total)
    await check_room_for_offer(buyer_id, price.total)
    expires_at = min(clock.now() + timedelta(hours=current_settings().offer_valid_hours), request.deadline)
    try:
        async with in_transaction():
            offer = await Offer.create(
                request_id=request_id,
                buyer_id=buyer_id,
                item_price=price.item_price.amount,
                service_fee=price.service_fee.amount,
                shipping_fee=price.shipping_fee.amount,
                currency=price.item_price.currency,
                days_to_ship=data.days_to_ship,
                item_name=item_name,
                note=note,
                expires_at=expires_at,
            )
            await plan_with_reminders(OFFER_EXPIRY, OFFER_REMINDER, str(offer.id), expires_at)
            total: dict[str, Any] = {"total": price.total.amount, "currency": price.total.currency}
            await queue(
                request.customer_id, "offer.new", id=request.id, excerpt=request.text, **total, days=data.days_to_ship
            )
            return offer
    except IntegrityError:
        raise Conflict("offer.already_made") from None


async def withdraw_offer(buyer_id: int, offer_id: int) -> None:
    if not await Offer.filter(id=offer_id, buyer_id=buyer_id, status=OfferStatus.PENDING).update(
        status=OfferStatus.WITHDRAWN
    ):
        raise InvalidState("offer.not_pending")


def offer_price(offer: Offer, quantity: int) -> Price:
    return Price(
        offer.item_price_money,
        quantity,
        offer.service_fee_money,
        offer.shipping_fee_money,
    )


async def _offer_to(customer_id: int, offer_id: int) -> Offer:
    """An offer on this customer's own request, with the request; anyone else is refused."""
    offer = await Offer.get_or_none(id=offer_id).prefetch_related("request")
    if offer is None:
        raise NotFound("offer.not_found")
    if offer.request.customer_id != customer_id:
        raise Forbidden("request.not_yours")
    return offer


async def decline_offer(customer_id: int, offer_id: int) -> int:
    """The customer turns down one offer and the request stays open for the others; its buyer is told.

    Returns the request's id. A declined offer can no longer be accepted (`accept_offer` takes pending ones only).
    """
    offer = await _offer_to(customer_id, offer_id)
    async with in_transaction():
        if not await Offer.filter(id=offer.id, status=OfferStatus.PENDING).update(status=OfferStatus.DECLINED):
            raise InvalidState("offer.not_pending")
        await plan_with_reminders(OFFER_EXPIRY, OFFER_REMINDER, str(offer.id), None)
        await queue(offer.buyer_id, "offer.declined_by_customer", request=offer.request_id, excerpt=offer.request.text)
    return offer.request_id


async def accept_offer(customer_id: int, offer_id: int) -> Order:
    """Accept one offer: exactly one order is created and every other offer is declined.

    The request is closed with a conditional update first, so of many concurrent accepts
    (on the same or on different offers) exactly one proceeds.
    """
    offer = await _offer_to(customer_id, offer_id)
    request = offer.request
    now = clock.now()
    if request.deadline <= now:
        raise InvalidState("request.not_open")
    if offer.expires_at is not None and offer.expires_at <= now:
        raise InvalidState("offer.not_pending")
    async with in_transaction():
        if not await PurchaseRequest.filter(id=request.id, status=RequestStatus.OPEN).update(
            status=RequestStatus.ACCEPTED
        ):
            raise InvalidState("request.not_open")
        if not await Offer.filter(id=offer.id, status=OfferStatus.PENDING).update(status=OfferStatus.ACCEPTED):
            raise InvalidState("offer.not_pending")
        declined = await _decline_pending_offers(request.id)
        await plan_with_reminders(REQUEST_EXPIRY, REQUEST_REMINDER, str(request.id), None)
        order = await create_order(
            customer_id,
            offer.buyer_id,
            item_name_of(offer, request),
            offer_price(offer, request.quantity),
            offer.days_to_ship,
            offer_id=offer.id,
        )
        await queue(offer.buyer_id, "offer.accepted", request=request.id, **news(order))
        for buyer_id in declined:
            await queue(buyer_id, "offer.declined", request=request.id, excerpt=request.text)
        return order
