"""Purchase requests and offers as a chat shows them, and what a chat is told once it posts a request or picks an offer.

Each read takes a fixed number of queries, however many requests, offers or buyers it shows.
"""

from dataclasses import dataclass
from datetime import datetime

from tortoise.functions import Count

from core import clock
from core.domain.money import Money
from core.domain.purchase_requests import OfferStatus, RequestStatus, above_budget
from core.errors import Forbidden, InvalidState
from core.models.purchase_requests import Offer, PurchaseRequest
from core.services.money.rates import conversion_into
from core.services.people.buyer_records import BuyerRecord, buyer_records
from core.services.people.users import first_name, verified_buyer
from core.services.sourcing.matching import fitting_listings
from core.services.sourcing.purchase_requests import (
    RequestInput,
    accept_offer,
    create_request,
    get_request,
    item_name_of,
    offer_price,
    request_open_to,
)
from core.services.trade.orders import Price


@dataclass(frozen=True, slots=True)
class RequestCard:
    """A purchase request as a chat shows it, to its customer and in the buyers' feed."""

    id: int
    status: RequestStatus
    wanted: RequestInput  # what was asked for, on which terms


@dataclass(frozen=True, slots=True)
class RequestSummary:
    request: RequestCard
    offer_count: int  # offers waiting for the customer's answer


@dataclass(frozen=True, slots=True)
class OfferCard:
    """An offer as the customer compares it with the others: who makes it, at which price, on which terms."""

    id: int
    request_id: int
    buyer: BuyerRecord
    item_name: str  # what exactly the buyer will buy: the title of the order it makes
    price: Price  # for the request's quantity
    days_to_ship: int
    note: str
    status: OfferStatus
    expires_at: datetime | None
    above_budget: Money | None  # the total in the budget's currency, when it is above the request's budget


@dataclass(frozen=True, slots=True)
class PendingOffer:
    """One of a buyer's own offers waiting for the customer's answer."""

    id: int
    request: RequestCard
    price: Price
    days_to_ship: int


@dataclass(frozen=True, slots=True)
class ChosenOffer:
    """What a customer is told on accepting an offer: the order it made, and whose offer it was."""

    order_id: int
    total: Money
    buyer_name: str


@dataclass(frozen=True, slots=True)
class PostedRequest:
    request: RequestCard
    fitting_listing_ids: tuple[int, ...]  # listings for sale that may already be what the customer wants


def request_card_of(request: PurchaseRequest) -> RequestCard:
    wanted = RequestInput(
        text=request.text,
        country=request.country,
        budget=request.budget_money,
        quantity=request.quantity,
        deadline=request.deadline,
        photo_file_ids=tuple(request.photos),
        link=request.link,
        category=request.category,
        ship_to=request.ship_to_country,
    )
    return RequestCard(request.id, request.status, wanted)


async def request_to_answer(buyer_id: int, request_id: int) -> RequestCard:
    """The request a buyer is about to make an offer on (see `request_open_to`)."""
    return request_card_of(await request_open_to(buyer_id, request_id))


async def post_request(customer_id: int, data: RequestInput) -> PostedRequest:
    """Post a request from a chat: the request, and the listings to show its customer at once."""
    request = await create_request(customer_id, data)
    listings = await fitting_listings(request)
    return PostedRequest(request_card_of(request), tuple(listing.id for listing in listings))


async def choose_offer(customer_id: int, offer_id: int) -> ChosenOffer:
    """Accept an offer from a chat (see `accept_offer`)."""
    order = await accept_offer(customer_id, offer_id)
    return ChosenOffer(order.id, order.total_money, await first_name(order.buyer_id))


async def offers_on(customer_id: int, request_id: int) -> list[OfferCard]:
    """The pending offers on a customer's own request, cheapest total first, with their buyers' records."""
    request = await get_request(request_id)
    if request.customer_id != customer_id:
        raise Forbidden("request.not_yours")
    offers = await Offer.filter(request_id=request_id, status=OfferStatus.PENDING)
    records = await buyer_records(offer.buyer_id for offer in offers)
    budget = request.budget_money
    in_budget_currency = await conversion_into(budget.currency)
    cards = [
        OfferCard(
            offer.id,
            offer.request_id,
            records[offer.buyer_id],
            item_name_of(offer, request),
            price,
            offer.days_to_ship,
            offer.note,
            offer.status,
            offer.expires_at,
            above_budget(in_budget_currency(price.total), budget),
        )
        for offer in offers
        for price in (offer_price(offer, request.quantity),)
    ]
    return sorted(cards, key=lambda card: card.price.total.amount)


async def offer_above_budget(total: Money, budget: Money) -> Money | None:
    """For the buyer before sending: the offer's total in the budget's currency, when it is above the budget."""
    return above_budget((await conversion_into(budget.currency))(total), budget)


async def open_requests_for(buyer_id: int, before_id: int | None = None, limit: int = 10) -> list[RequestCard]:
    """A buyer's feed: open requests in the countries they serve, not their own, not yet answered."""
    profile = await verified_buyer(buyer_id)
    answered = Offer.filter(buyer_id=buyer_id).values_list("request_id", flat=True)
    query = (
        PurchaseRequest.filter(status=RequestStatus.OPEN, country__in=profile.countries, deadline__gt=clock.now())
        .exclude(customer_id=buyer_id)
        .exclude(id__in=await answered)
    )
    if before_id is not None:
        query = query.filter(id__lt=before_id)
    return [request_card_of(request) for request in await query.order_by("-id").limit(limit)]


async def open_requests_of(customer_id: int, limit: int = 20) -> list[RequestSummary]:
    """A customer's open requests, newest first, each with its number of pending offers."""
    requests = (
        await PurchaseRequest.filter(customer_id=customer_id, status=RequestStatus.OPEN).order_by("-id").limit(limit)
    )
    counts: dict[int, int] = dict(
        await Offer.filter(request_id__in=[r.id for r in requests], status=OfferStatus.PENDING)
        .group_by("request_id")
        .annotate(n=Count("id"))
        .values_list("request_id", "n")
    )
    return [RequestSummary(request_card_of(r), counts.get(r.id, 0)) for r in requests]


async def own_open_request(customer_id: int, request_id: int) -> RequestCard:
    """The customer's own request, while it still takes offers."""
    request = await get_request(request_id)
    if request.customer_id != customer_id:
        raise Forbidden("request.not_yours")
    if request.status is not RequestStatus.OPEN:
        raise InvalidState("request.not_open")
    return request_card_of(request)


async def pending_offers_of(buyer_id: int, limit: int = 20) -> list[PendingOffer]:
    """A buyer's offers still waiting for the customer, newest first, with their requests."""
    offers = (
        await Offer.filter(buyer_id=buyer_id, status=OfferStatus.PENDING)
        .order_by("-id")
        .limit(limit)
        .prefetch_related("request")
    )
    return [
        PendingOffer(
            offer.id,
            request_card_of(offer.request),
            offer_price(offer, offer.request.quantity),
            offer.days_to_ship,
        )
        for offer in offers
    ]
