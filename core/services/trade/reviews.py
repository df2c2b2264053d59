"""Reviews of completed orders, buyers' replies, and reputation from verified orders."""

from collections import Counter
from collections.abc import Iterable

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from core import clock
from core.domain.deadlines import BUYER_FAILURES
from core.domain.order_machine import FINAL_STATES, OrderState
from core.domain.reputation import Reputation, reputation
from core.domain.text import clean_text
from core.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound
from core.models.orders import Order, OrderEvent
from core.models.reviews import Review
from core.services.runtime.notifications import queue
from core.services.trade.orders import get_order, news


async def check_review(customer_id: int, order_id: int, stars: int) -> Order:
    """Refuse now what `leave_review` would refuse, short of the text: the bot asks for stars first."""
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise InvalidInput("review.stars_range", min=1, max=5)
    order = await get_order(order_id)
    if order.customer_id != customer_id:
        raise Forbidden("review.not_your_order")
    if order.state is not OrderState.COMPLETED:
        raise InvalidState("review.order_not_completed", state=order.state.value)
    if await Review.exists(order_id=order_id):
        raise Conflict("review.already_reviewed")
    return order


async def leave_review(customer_id: int, order_id: int, stars: int, text: str) -> Review:
    """Only the customer of a completed order, and only once."""
    text = clean_text(text, "text", 2000)
    order = await check_review(customer_id, order_id, stars)
    try:
        async with in_transaction():
            review = await Review.create(
                order_id=order.id, customer_id=customer_id, buyer_id=order.buyer_id, stars=stars, text=text
            )
            await queue(order.buyer_id, "review.posted", **news(order), stars=stars, quote=text, review_id=review.id)
            return review
    except IntegrityError:
        raise Conflict("review.already_reviewed") from None


async def check_reply(buyer_id: int, review_id: int) -> Review:
    """Refuse now what `reply_to_review` would refuse, short of the text."""
    review = await Review.get_or_none(id=review_id)
    if review is None:
        raise NotFound("review.not_found")
    if review.buyer_id != buyer_id:
        raise Forbidden("review.not_yours")
    if review.reply is not None:
        raise Conflict("review.already_replied")
    return review


async def reply_to_review(buyer_id: int, review_id: int, text: str) -> Review:
    """The reviewed buyer answers once (the conditional update settles two racing replies)."""
    text = clean_text(text, "text", 2000)
    review = await check_reply(buyer_id, review_id)
    async with in_transaction():
        if not await Review.filter(id=review_id, reply__isnull=True).update(reply=text, replied_at=clock.now()):
            raise Conflict("review.already_replied")
        await queue(review.customer_id, "review.replied", **news(await get_order(review.order_id)), quote=text)
    await review.refresh_from_db()
    return review


async def buyer_reputation(buyer_id: int) -> Reputation:
    return (await buyer_reputations([buyer_id]))[buyer_id]


async def buyer_reputations(buyer_ids: Iterable[int]) -> dict[int, Reputation]:
    """Each buyer's record from three queries, whatever the number of buyers and orders: a page of cards
    shows several."""
    ids = set(buyer_ids)
    stars: dict[int, list[int]] = {buyer_id: [] for buyer_id in ids}
    for buyer_id, given in await Review.filter(buyer_id__in=ids).values_list("buyer_id", "stars"):
        stars[buyer_id].append(int(given))
    shipped = Q(shipped_at__isnull=False)
    counts = {
        row["buyer_id"]: row
        for row in await Order.filter(buyer_id__in=ids)
        .annotate(
            completed=Count("id", _filter=Q(state=OrderState.COMPLETED)),
            shipped=Count("id", _filter=shipped),
            on_time=Count("id", _filter=shipped & (Q(ship_by__isnull=True) | Q(shipped_at__lte=F("ship_by")))),
            closed=Count("id", _filter=Q(state__in=FINAL_STATES)),
            missed=Count("id", _filter=Q(missed_deadline__in=BUYER_FAILURES)),
        )
        .group_by("buyer_id")
        .values("buyer_id", "completed", "shipped", "on_time", "closed", "missed")
    }
    disputes = await OrderEvent.filter(order__buyer_id__in=ids, to_state=OrderState.DISPUTED).values_list(
        "order__buyer_id", "order_id"
    )
    disputed = Counter(buyer_id for buyer_id, _ in set(disputes))  # an order disputed twice counts once
    return {buyer_id: _reputation(stars[buyer_id], counts.get(buyer_id, {}), disputed[buyer_id]) for buyer_id in ids}


def _reputation(stars: list[int], counts: dict[str, int], disputed: int) -> Reputation:
    """`counts` is the buyer's row of order counts (empty for a buyer without orders)."""
    return reputation(
        stars=stars,
        completed_orders=counts.get("completed") or 0,
        shipped_orders=counts.get("shipped") or 0,
        shipped_on_time=counts.get("on_time") or 0,
        closed_orders=counts.get("closed") or 0,
        disputed_orders=disputed,
        missed_deadlines=counts.get("missed") or 0,
    )
