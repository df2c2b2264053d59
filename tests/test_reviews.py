"""Reviews come only from completed orders, once; buyers reply once; reputation follows."""

from datetime import timedelta

import pytest

from core import clock
from core.domain.invoices import PaymentPurpose
from core.domain.order_machine import OrderState
from core.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound
from core.models.orders import Order
from core.models.reviews import Review
from core.models.users import User
from core.services.catalog.listings import buy_listing
from core.services.money import payments
from core.services.trade import orders, reviews
from core.services.trade.review_pages import buyer_reviews
from tests import factories


async def _completed_order(late: bool = False) -> tuple[int, int, int]:
    seller = await factories.buyer()
    shopper = await factories.customer()
    order = await buy_listing(shopper.id, (await factories.listing(seller, quantity=1)).id)
    for n, purpose in enumerate((PaymentPurpose.DEPOSIT, PaymentPurpose.BALANCE)):
        if purpose is PaymentPurpose.BALANCE:
            await orders.upload_receipt(seller.id, order.id, "receipt")
        due = await payments.invoice_for(order.id, shopper.id, purpose)
        await payments.record_payment(f"rev-{order.id}-{n}", shopper.id, order.id, purpose, due)
    if late:
        await Order.filter(id=order.id).update(ship_by=clock.now() - timedelta(days=1))
    await orders.ship(seller.id, order.id, "EMS", "EJ123456789JP")
    await orders.confirm_receipt(shopper.id, order.id)
    return order.id, shopper.id, seller.id


async def test_only_the_customer_of_a_completed_order_reviews_it_once() -> None:
    order_id, shopper_id, seller_id = await _completed_order()
    with pytest.raises(Forbidden):
        await reviews.leave_review(seller_id, order_id, 5, "I am great")
    for stars in (0, 6):
        with pytest.raises(InvalidInput):
            await reviews.leave_review(shopper_id, order_id, stars, "ok")
    with pytest.raises(InvalidInput):
        await reviews.leave_review(shopper_id, order_id, 4, " ")
    review = await reviews.leave_review(shopper_id, order_id, 4, "Genuine, slow shipping")
    with pytest.raises(Conflict):
        await reviews.leave_review(shopper_id, order_id, 1, "changed my mind")
    assert await Review.all().count() == 1 and review.stars == 4


async def test_an_order_still_in_progress_cannot_be_reviewed() -> None:
    seller = await factories.buyer()
    shopper = await factories.customer()
    order = await buy_listing(shopper.id, (await factories.listing(seller)).id)
    with pytest.raises(InvalidState):
        await reviews.leave_review(shopper.id, order.id, 5, "Looks promising")


async def test_the_buyer_replies_once() -> None:
    order_id, shopper_id, seller_id = await _completed_order()
    review = await reviews.leave_review(shopper_id, order_id, 2, "Box was damaged")
    with pytest.raises(Forbidden):
        await reviews.reply_to_review(shopper_id, review.id, "me again")
    replied = await reviews.reply_to_review(seller_id, review.id, "Sorry, EMS crushed it")
    assert replied.reply == "Sorry, EMS crushed it" and replied.replied_at is not None
    with pytest.raises(Conflict):
        await reviews.reply_to_review(seller_id, review.id, "second thoughts")


async def test_reputation_counts_late_shipments_and_disputes() -> None:
    order_id, shopper_id, seller_id = await _completed_order(late=True)
    await reviews.leave_review(shopper_id, order_id, 5, "Great")
    rep = await reviews.buyer_reputation(seller_id)
    assert rep.on_time_rate == 0.0
    assert rep.dispute_rate == 0.0
    assert rep.completed_orders == 1
    assert 3.5 < rep.rating < 5


async def test_records_read_together_for_a_page_keep_each_buyer_apart() -> None:
    late_id, late_shopper, late_seller = await _completed_order(late=True)
    await reviews.leave_review(late_shopper, late_id, 1, "Late and rude")
    prompt_id, prompt_shopper, prompt_seller = await _completed_order()
    await reviews.leave_review(prompt_shopper, prompt_id, 5, "Perfect")
    newcomer = await factories.buyer("Dai")

    records = await reviews.buyer_reputations([late_seller, prompt_seller, newcomer.id])

    assert (records[late_seller].on_time_rate, records[prompt_seller].on_time_rate) == (0.0, 1.0)
    assert records[late_seller].rating < records[prompt_seller].rating
    assert (records[newcomer.id].completed_orders, records[newcomer.id].review_count) == (0, 0)


async def test_a_buyer_shows_the_plain_average_of_what_customers_gave() -> None:
    newcomer = await factories.buyer("Dai")
    assert (await reviews.buyer_reputation(newcomer.id)).average_stars is None  # "new", not 3.5

    order_id, shopper_id, seller_id = await _completed_order()
    await reviews.leave_review(shopper_id, order_id, 5, "Perfect")
    shown = await reviews.buyer_reputation(seller_id)
    assert (shown.average_stars, shown.review_count) == (5.0, 1)
    assert shown.rating < 4  # ranking still waits for more reviews

    second = await factories.order_in(OrderState.COMPLETED, seller=await User.get(id=seller_id))
    await reviews.leave_review(second.customer_id, second.id, 4, "Good")
    assert (await reviews.buyer_reputation(seller_id)).average_stars == 4.5


async def test_customers_read_a_buyers_reviews_newest_first_a_page_at_a_time() -> None:
    seller = await factories.buyer()
    for n, stars in enumerate((5, 3, 4), 1):
        order = await factories.order_in(OrderState.COMPLETED, seller=seller)
        review = await reviews.leave_review(order.customer_id, order.id, stars, f"Review {n}")
    await reviews.reply_to_review(seller.id, review.id, "Thank you!")
    other = await factories.order_in(OrderState.COMPLETED)
    await reviews.leave_review(other.customer_id, other.id, 1, "Someone else's buyer")

    first = await buyer_reviews(seller.id, limit=2)
    assert [(r.text, r.stars, r.reply) for r in first.reviews.items] == [
        ("Review 3", 4, "Thank you!"),
        ("Review 2", 3, None),
    ]
    assert (first.buyer.name, first.buyer.reputation.average_stars) == ("Bob", 4.0)
    last = await buyer_reviews(seller.id, before=first.reviews.next_before, limit=2)
    assert [r.text for r in last.reviews.items] == ["Review 1"] and last.reviews.next_before is None
    with pytest.raises(NotFound):
        await buyer_reviews(other.buyer_id + 1000)
