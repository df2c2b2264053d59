"""Reviews of completed orders, buyers' replies, and reputation from verified orders."""

from collections import Counter
from collections.abc import Sequence
from typing import cast

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
from core.services.notifications import queue
from core.services.orders import get_order, news


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
    """The buyer's record: it is on every listing card."""
    return (await buyer_reputations([buyer_id]))[buyer_id]


async def buyer_reputations(buyer_ids: Sequence[int]) -> dict[int, Reputation]:
    """Each buyer's record from three queries, whatever the number of buyers and orders."""
    stars: dict[int, list[int]] = {buyer_id: [] for buyer_id in buyer_ids}
    for buyer_id, star in await Review.filter(buyer_id__in=buyer_ids).values_list("buyer_id", "stars"):
        stars[buyer_id].append(int(star))
    shipped = Q(shipped_at__isnull=False)
    counts = {
        row["buyer_id"]: row
        for row in await Order.filter(buyer_id__in=buyer_ids)
        .group_by("buyer_id")
        .annotate(
            completed=Count("id", _filter=Q(state=OrderState.COMPLETED)),
            shipped=Count("id", _filter=shipped),
            on_time=Count("id", _filter=shipped & (Q(ship_by__isnull=True) | Q(shipped_at__lte=F("ship_by")))),
            closed=Count("id", _filter=Q(state__in=FINAL_STATES)),
            missed=Count("id", _filter=Q(missed_deadline__in=BUYER_FAILURES)),
        )
        .values("buyer_id", "completed", "shipped", "on_time", "closed", "missed")
    }
    disputed = OrderEvent.filter(order__buyer_id__in=buyer_ids, to_state=OrderState.DISPUTED)
    disputes = Counter(cast(list[int], await disputed.values_list("order__buyer_id", flat=True)))
    no_orders = dict.fromkeys(("completed", "shipped", "on_time", "closed", "missed"), 0)
    found = {}
    for buyer_id in buyer_ids:
        orders = counts.get(buyer_id, no_orders)
        found[buyer_id] = reputation(
            stars=stars[buyer_id],
            completed_orders=orders["completed"],
            shipped_orders=orders["shipped"],
            shipped_on_time=orders["on_time"],
            closed_orders=orders["closed"],
            disputed_orders=disputes[buyer_id],
            missed_deadlines=orders["missed"],
        )
    return found
