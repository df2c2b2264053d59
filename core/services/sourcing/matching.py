"""Matching: the listings that fit a request, the buyers told of a new request, and who hears of a new listing.

Every notice here is marketing (the recipient did not ask for this one): a user gets at most
MATCH_NOTICES_PER_DAY of them per UTC day, a request reaches at most MATCH_BUYERS_PER_REQUEST buyers
and a listing at most MATCH_CUSTOMERS_PER_LISTING customers with fitting requests. Followers of a buyer
asked to hear of their new listings and are told once per listing, outside the daily cap.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.expressions import F, Q
from tortoise.functions import Count

from core import clock
from core.config import current_settings
from core.domain.buyers import BuyerStatus
from core.domain.listings import ListingStatus
from core.domain.matching import (
    MIN_COVERAGE,
    BuyerRecord,
    highest_price,
    listing_text,
    pre_rank,
    rank_buyers,
    request_text,
)
from core.domain.order_machine import FINAL_STATES
from core.domain.purchase_requests import RequestStatus
from core.domain.similarity import coverage, grams
from core.models.listings import Listing
from core.models.matching import NoticeQuota
from core.models.orders import Order
from core.models.purchase_requests import PurchaseRequest
from core.models.users import BuyerProfile, User
from core.services.catalog import listing_index
from core.services.money.rates import rates_into
from core.services.people.users import follower_ids
from core.services.runtime.notifications import queue
from core.services.trade.reviews import buyer_reputations

MAX_OPEN_REQUESTS = 1_000  # the newest open requests in a country a new listing is compared with
SHORTLIST_PER_NOTICE = 2  # buyers whose full record is read, per buyer to be told
SCORED = 40  # candidates whose title is compared with the request


@dataclass(frozen=True, slots=True)
class Fit:
    listing_id: int
    buyer_id: int
    coverage: float  # share of the request's grams in the listing's title and brand


async def _fits(country: str, text: str, wanted: listing_index.Wanted) -> list[Fit]:
    """The index's best candidates for `text` in `country` that `wanted` keeps, by exact similarity."""
    # Scoring titles is the costly part, so only the first SCORED of the index's order are scored.
    found = await listing_index.candidates(country, text, wanted, limit=SCORED)
    asked = grams(text)
    fits = [Fit(c.listing_id, c.buyer_id, coverage(asked, grams(listing_text(c.title, c.brand)))) for c in found]
    return sorted(fits, key=lambda fit: -fit.coverage)  # a stable sort: equal fits keep the index's order


async def _highest_prices(request: PurchaseRequest) -> dict[str, int]:
    """The most an item may cost for the request's budget: in its currency, and each one with an exchange rate."""
    budget = request.budget_money
    return {
        currency: highest_price(budget, request.quantity, 1 / rate, currency)
        for currency, rate in (await rates_into(request.currency)).items()
    }


async def fitting_listings(request: PurchaseRequest, limit: int = 3) -> list[Listing]:
    """Listings for sale now that fit the request: its words (typos tolerated), country, category and budget.

    Prices in another currency are compared through the moderators' exchange rates; a listing priced
    in a currency without a rate is left out, as nobody can tell whether it is within the budget.
    """
    wanted = listing_index.Wanted(
        statuses=(ListingStatus.ACTIVE,),
        category=request.category or None,
        not_by=request.customer_id,
        highest_prices=await _highest_prices(request),
    )
    fits = await _fits(request.country, request_text(request.text), wanted)
    best = [fit.listing_id for fit in fits if fit.coverage >= MIN_COVERAGE][:limit]
    if not best:
        return []
    found = {listing.id: listing for listing in await Listing.filter(id__in=best)}
    return [found[listing_id] for listing_id in best]


async def take_notice_quota(user_id: int) -> bool:
    """Count one more matching notice for the user today; False when today's MATCH_NOTICES_PER_DAY are used."""
    day = clock.now().date()
    await NoticeQuota.get_or_create(user_id=user_id, day=day)
    limit = current_settings().match_notices_per_day
    return bool(await NoticeQuota.filter(user_id=user_id, day=day, sent__lt=limit).update(sent=F("sent") + 1))


async def _buyer_records(
    shortlist: Sequence[int], serving: dict[int, bool], similar: dict[int, float]
) -> list[BuyerRecord]:
    loads = dict(
        await Order.filter(buyer_id__in=shortlist)
        .exclude(state__in=FINAL_STATES)
        .group_by("buyer_id")
        .annotate(n=Count("id"))
        .values_list("buyer_id", "n")
    )
    reputations = await buyer_reputations(shortlist)
    return [
        BuyerRecord(
            buyer_id=buyer_id,
            serves_category=serving[buyer_id],
            similarity=similar[buyer_id],
            rating=reputations[buyer_id].rating,
            on_time_rate=reputations[buyer_id].on_time_rate,
            open_orders=loads.get(buyer_id, 0),
        )
        for buyer_id in shortlist
    ]


async def tell_buyers(request: PurchaseRequest) -> list[int]:
    """Notify the buyers who fit a new request best; returns their ids. Call inside the request's transaction."""
    most = current_settings().match_buyers_per_request
    # Three columns, not whole profiles: a market has thousands of verified buyers.
    profiles = (
        BuyerProfile.filter(status=BuyerStatus.VERIFIED)
        .exclude(user_id=request.customer_id)
        .values_list("user_id", "countries", "categories")
    )
    serving = {
        user_id: request.category is not None and request.category in categories
        for user_id, countries, categories in await profiles
        if request.country in countries
    }
    if not serving or not most:
        return []
    similar = dict.fromkeys(serving, 0.0)
    for fit in await _fits(request.country, request_text(request.text), listing_index.Wanted()):
        if fit.buyer_id in similar:
            similar[fit.buyer_id] = max(similar[fit.buyer_id], fit.coverage)
    shortlist = pre_rank(similar, serving, keep=most * SHORTLIST_PER_NOTICE)
    told: list[int] = []
    for record in rank_buyers(await _buyer_records(shortlist, serving, similar)):
        if len(told) == most:
            break
        if await take_notice_quota(record.buyer_id):
            await queue(
                record.buyer_id,
                "request.matched",
                marketing=True,
                request_id=request.id,
                text=request_text(request.text)[:100],
                country=request.country,
                quantity=request.quantity,
                amount=request.budget,
                currency=request.currency,
            )
            told.append(record.buyer_id)
    return told


async def announce_listing(listing_id: int) -> None:
    """Tell customers whose open requests fit a newly published listing, and its buyer's followers.

    Runs when a listing is first published (at once, or when a moderator approves it) and never again
    for the same listing, however often it is edited or approved. Call inside the publishing transaction.
    """
    now = clock.now()
    if not await Listing.filter(id=listing_id, status=ListingStatus.ACTIVE, announced_at=None).update(announced_at=now):
        return
    listing = await Listing.get(id=listing_id)
    offered = grams(listing_text(listing.title, listing.brand))
    rates = await rates_into(listing.currency)
    requests = (
        await PurchaseRequest.filter(status=RequestStatus.OPEN, country=listing.country, deadline__gt=now)
        .filter(Q(category=None) | Q(category=listing.category))
        .exclude(customer_id=listing.buyer_id)
        .order_by("-id")
        .limit(MAX_OPEN_REQUESTS)
    )
    fitting: list[tuple[float, PurchaseRequest]] = []
    for request in requests:
        score = coverage(grams(request_text(request.text)), offered)
        if score < MIN_COVERAGE or request.currency not in rates:
            continue
        budget = request.budget_money
        if listing.price <= highest_price(budget, request.quantity, rates[request.currency], listing.currency):
            fitting.append((score, request))
    told: set[int] = set()
    for _, request in sorted(fitting, key=lambda item: (-item[0], -item[1].id)):
        if len(told) == current_settings().match_customers_per_listing:
            break
        if request.customer_id in told:
            continue
        if await take_notice_quota(request.customer_id):
            await queue(
                request.customer_id,
                "listing.fits_request",
                marketing=True,
                request_id=request.id,
                listing_id=listing.id,
                title=listing.title,
                amount=listing.price,
                currency=listing.currency,
            )
            told.add(request.customer_id)
    seller = await User.get(id=listing.buyer_id)
    for follower_id in await follower_ids(listing.buyer_id):
        if follower_id not in told:
            await queue(
                follower_id,
                "listing.new_from_followed",
                marketing=True,
                buyer=seller.first_name,
                listing_id=listing.id,
                title=listing.title,
                amount=listing.price,
                currency=listing.currency,
            )
