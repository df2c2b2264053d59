"""Deadlines: every step of an order has one, the party who must act is reminded, and a passed deadline
settles the order by the rules it stated. Requests and unanswered offers lapse. The clock is moved."""

from datetime import timedelta
from typing import Any

import pytest

from core.domain.deadlines import Deadline
from core.domain.invoices import PaymentPurpose
from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.domain.order_machine import Action, Actor, OrderState
from core.domain.promises import Outcome, outcome_of
from core.domain.purchase_requests import OfferStatus, RequestStatus
from core.errors import Forbidden, InvalidState, OutOfStock
from core.models.notifications import Notification
from core.models.orders import Order
from core.models.users import User
from core.services.catalog.listings import buy_listing
from core.services.money import ledger, payments
from core.services.runtime.job_kinds import JOB_KINDS
from core.services.runtime.scheduler import run_due
from core.services.sourcing.purchase_requests import OfferInput, accept_offer, create_request, make_offer
from core.services.trade import disputes, orders, reviews
from tests import factories
from tests.conftest import Travel

STEP_NEWS = ("offer.new", "offer.accepted", "offer.declined", "request.cancelled")


async def notices(user_id: int) -> list[tuple[str, dict[str, Any]]]:
    """What deadlines told this person (each step of a story tells the other side too; a new request's
    invitations to buyers are matching's, tested there)."""
    told = Notification.filter(user_id=user_id).exclude(key__startswith="order.").exclude(key__in=STEP_NEWS)
    return [(n.key, n.params) for n in await told.exclude(key="request.matched").order_by("id")]


async def parties(order: Order) -> tuple[User, User]:
    return await order.customer, await order.buyer


async def test_an_order_nobody_pays_for_lapses_its_stock_goes_back_on_sale_and_frees_the_buyers_bond(
    travel: Travel,
) -> None:
    seller = await factories.buyer(bond=Money(4_300, "JPY"))  # open orders up to ¥12,900: one bag at a time
    bag = await factories.listing(seller, quantity=1)
    wallet = await factories.listing(seller, title="Porter wallet", quantity=1)
    troll, shopper = await factories.customer("Mallory"), await factories.customer("Alice")
    order = await buy_listing(troll.id, bag.id)
    assert order.deposit_by == travel.now() + timedelta(hours=24)
    with pytest.raises(OutOfStock):
        await buy_listing(shopper.id, bag.id)
    with pytest.raises(Forbidden):
        await buy_listing(shopper.id, wallet.id)  # the unpaid order fills the buyer's bond room

    travel.forward(hours=24, seconds=-1)
    await run_due(JOB_KINDS)
    assert (await factories.fresh(order)).state is OrderState.AWAITING_DEPOSIT
    travel.forward(seconds=1)
    await run_due(JOB_KINDS)

    order = await factories.fresh(order)
    assert order.state is OrderState.CANCELLED and order.missed_deadline is None
    assert [(e.actor, e.note) for e in await orders.events_of(order.id)] == [(Actor.SYSTEM, "deposit not paid in time")]
    await bag.refresh_from_db()
    assert bag.stock == 1 and bag.status is ListingStatus.ACTIVE
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 0  # nothing was paid, nothing moves
    told = {"order_id": order.id, "title": order.title, "currency": "JPY", "amount": order.deposit_amount}
    assert (await notices(troll.id))[-1] == ("deposit_by.missed.customer", told)
    assert await notices(seller.id) == [("deposit_by.missed.buyer", told)]
    assert (await buy_listing(shopper.id, wallet.id)).state is OrderState.AWAITING_DEPOSIT


async def test_a_customer_who_has_not_paid_is_reminded_of_the_deposit_3_hours_before(travel: Travel) -> None:
    order = await factories.order_in(OrderState.AWAITING_DEPOSIT)

    travel.forward(hours=21)
    await run_due(JOB_KINDS)

    about = {"order_id": order.id, "title": order.title, "hours": 3}
    deposit = {"amount": order.deposit_amount, "currency": "JPY"}
    # The 24-hour reminder would fall due as the order is created: the order itself says it all then.
    assert await notices(order.customer_id) == [("deposit_by.reminder", {**about, **deposit})]
    assert await notices(order.buyer_id) == []


async def test_a_deposit_paid_at_the_last_minute_stops_its_deadline(travel: Travel) -> None:
    order = await factories.order_in(OrderState.AWAITING_DEPOSIT)
    travel.forward(hours=24, seconds=-1)
    due = await payments.invoice_for(order.id, order.customer_id, PaymentPurpose.DEPOSIT)
    await payments.record_payment("tg-just-in-time", order.customer_id, order.id, PaymentPurpose.DEPOSIT, due)

    travel.forward(seconds=1)
    await run_due(JOB_KINDS)

    order = await factories.fresh(order)
    assert order.state is OrderState.DEPOSIT_PAID and order.purchase_by == travel.now() + timedelta(days=7, seconds=-1)
    assert await notices(order.customer_id) == await notices(order.buyer_id) == []  # the reminder was moot too


async def test_an_accepted_offer_nobody_pays_for_lapses_too(travel: Travel) -> None:
    customer, seller = await factories.customer(), await factories.buyer()
    request = await create_request(customer.id, factories.request_input())
    order = await accept_offer(customer.id, (await make_offer(seller.id, request.id, offer())).id)

    travel.forward(hours=24)
    await run_due(JOB_KINDS)

    assert (await factories.fresh(order)).state is OrderState.CANCELLED
    told = {"order_id": order.id, "title": order.title, "currency": "JPY", "amount": order.deposit_amount}
    # No listing to put back on sale: each side is told only what is true of an offer's order.
    assert (await notices(customer.id))[-1] == ("deposit_by.missed.offer.customer", told)
    assert (await notices(seller.id))[-1] == ("deposit_by.missed.offer.buyer", told)


async def test_a_buyer_who_does_not_buy_in_time_loses_the_order_and_the_customer_gets_the_deposit_back(
    travel: Travel,
) -> None:
    order = await factories.order_in(OrderState.DEPOSIT_PAID)
    customer, buyer = await parties(order)
    assert order.purchase_by == travel.now() + timedelta(days=7) and order.ship_by is None

    travel.forward(days=7, seconds=-1)
    await run_due(JOB_KINDS)
    assert (await factories.fresh(order)).state is OrderState.DEPOSIT_PAID
    travel.forward(seconds=1)
    await run_due(JOB_KINDS)

    order = await factories.fresh(order)
    assert order.state is OrderState.REFUNDED and order.missed_deadline is Deadline.PURCHASE_BY
    assert await ledger.balance(ledger.refunds_of(customer.id), "JPY") == order.deposit_amount
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 0
    told = {"order_id": order.id, "title": order.title, "currency": "JPY", "refund": order.deposit_amount}
    assert (await notices(customer.id))[-1] == ("purchase_by.missed.customer", told)
    assert (await notices(buyer.id))[-1] == ("purchase_by.missed.buyer", told)
    assert (await reviews.buyer_reputation(buyer.id)).on_time_rate == 0.0


async def test_ship_by_counts_from_the_balance_and_missing_it_refunds_everything_and_marks_the_buyer_late(
    travel: Travel,
) -> None:
    seller = await factories.buyer()
    on_time = await factories.order_in(OrderState.BALANCE_PAID, seller=seller)
    await orders.ship(seller.id, on_time.id, "EMS", "EJ123456789JP")
    order = await factories.order_in(OrderState.BALANCE_PAID, seller=seller)
    customer = await order.customer
    assert order.ship_by == travel.now() + timedelta(days=order.days_to_ship)

    travel.forward(days=order.days_to_ship)
    await run_due(JOB_KINDS)

    order = await factories.fresh(order)
    assert order.state is OrderState.REFUNDED and order.missed_deadline is Deadline.SHIP_BY
    assert await ledger.balance(ledger.refunds_of(customer.id), "JPY") == order.total
    assert [key for key, _ in await notices(customer.id)] == ["ship_by.missed.customer"]
    assert (await notices(seller.id))[-1][0] == "ship_by.missed.buyer"
    assert (await reviews.buyer_reputation(seller.id)).on_time_rate == 0.5


async def test_a_step_taken_at_the_last_minute_stops_its_deadline(travel: Travel) -> None:
    order = await factories.order_in(OrderState.BALANCE_PAID)
    customer, buyer = await parties(order)
    travel.forward(days=order.days_to_ship, seconds=-1)
    await orders.ship(buyer.id, order.id, "EMS", "EJ123456789JP")

    travel.forward(seconds=1)
    await run_due(JOB_KINDS)

    assert (await factories.fresh(order)).state is OrderState.SHIPPED
    assert await notices(buyer.id) == await notices(customer.id) == []  # reminders of a met deadline are moot
    assert (await reviews.buyer_reputation(buyer.id)).on_time_rate == 1.0


async def test_an_unpaid_balance_cancels_the_order_and_the_deposit_goes_to_the_buyer_as_stated(
    travel: Travel,
) -> None:
    order = await factories.order_in(OrderState.AWAITING_BALANCE)
    customer, buyer = await parties(order)
    assert order.balance_by == travel.now() + timedelta(days=3)
    assert outcome_of(order.state, Action.CANCEL) is Outcome.DEPOSIT_TO_BUYER

    travel.forward(days=3)
    await run_due(JOB_KINDS)

    order = await factories.fresh(order)
    assert order.state is OrderState.CANCELLED and order.missed_deadline is None
    fee = Money(order.deposit_amount, "JPY").percent(order.platform_fee_percent).amount
    assert await ledger.balance(ledger.earnings_of(buyer.id), "JPY") == order.deposit_amount - fee
    assert (await notices(customer.id))[-1] == (
        "balance_by.missed.customer",
        {
            "order_id": order.id,
            "title": order.title,
            "currency": "JPY",
            "amount": order.deposit_amount,
            "fee": fee,
            "earned": order.deposit_amount - fee,
        },
    )
    assert (await notices(buyer.id))[-1][0] == "balance_by.missed.buyer"
    assert (await reviews.buyer_reputation(buyer.id)).on_time_rate is None  # not the buyer's failure


@pytest.mark.parametrize(("state", "days"), [(OrderState.SHIPPED, 30), (OrderState.DELIVERED, 7)])
async def test_an_order_nobody_disputes_completes_by_itself_and_the_buyer_is_paid(
    travel: Travel, state: OrderState, days: int
) -> None:
    order = await factories.order_in(state)
    customer, buyer = await parties(order)
    assert order.confirm_by == travel.now() + timedelta(days=days)

    travel.forward(days=days)
    await run_due(JOB_KINDS)

    order = await factories.fresh(order)
    assert order.state is OrderState.COMPLETED
    fee = Money(order.total, "JPY").percent(order.platform_fee_percent).amount
    assert await ledger.balance(ledger.earnings_of(buyer.id), "JPY") == order.total - fee
    assert (await notices(customer.id))[-1][0] == "confirm_by.passed.customer"
    assert (await notices(buyer.id))[-1] == (
        "confirm_by.passed.buyer",
        {
            "order_id": order.id,
            "title": order.title,
            "currency": "JPY",
            "amount": order.total,
            "fee": 640,
            "earned": 12160,
        },
    )
    assert [e.actor for e in await orders.events_of(order.id)][-1] is Actor.SYSTEM


async def test_the_buyers_delivered_alone_keeps_the_30_days_and_the_customers_yes_starts_the_7(travel: Travel) -> None:
    order = await factories.order_in(OrderState.SHIPPED)
    shipped_plus_30 = travel.now() + timedelta(days=30)
    travel.forward(days=2)

    await orders.ask_delivered(order.buyer_id, order.id)
    travel.forward(days=7)
    await run_due(JOB_KINDS)

    order = await factories.fresh(order)
    assert order.state is OrderState.SHIPPED and order.confirm_by == shipped_plus_30
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == order.total
    await orders.mark_delivered(order.id, Actor.CUSTOMER, order.customer_id)
    order = await factories.fresh(order)
    assert order.state is OrderState.DELIVERED and order.confirm_by == travel.now() + timedelta(days=7)
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == order.total  # still held

    travel.forward(days=7)
    await run_due(JOB_KINDS)
    assert (await factories.fresh(order)).state is OrderState.COMPLETED


async def test_a_disputed_order_waits_for_the_moderator_instead_of_completing(travel: Travel) -> None:
    order = await factories.order_in(OrderState.SHIPPED)
    await disputes.open_dispute(order.customer_id, order.id, "The box was empty")

    travel.forward(days=60)
    await run_due(JOB_KINDS)

    assert (await factories.fresh(order)).state is OrderState.DISPUTED
    # Nothing completes; the one news is that the dispute went to the moderators once the time to agree was up.
    assert [key for key, _ in await notices(order.customer_id)] == ["dispute.escalated"]


async def test_whoever_must_act_is_reminded_24_and_3_hours_before(travel: Travel) -> None:
    order = await factories.order_in(OrderState.DEPOSIT_PAID)
    customer, buyer = await parties(order)

    travel.forward(days=6)
    await run_due(JOB_KINDS)
    travel.forward(hours=21)
    await run_due(JOB_KINDS)

    about = {"order_id": order.id, "title": order.title}
    assert await notices(buyer.id) == [
        ("purchase_by.reminder", {**about, "hours": 24}),
        ("purchase_by.reminder", {**about, "hours": 3}),
    ]
    assert await notices(customer.id) == []
    await orders.upload_receipt(buyer.id, order.id, "receipt")
    travel.forward(days=2)
    await run_due(JOB_KINDS)
    assert await notices(customer.id) == [("balance_by.reminder", {**about, "hours": 24})]


async def test_after_the_scheduler_was_down_only_the_closest_reminder_is_sent(travel: Travel) -> None:
    order = await factories.order_in(OrderState.AWAITING_BALANCE)

    travel.forward(days=3, hours=-2, minutes=-30)
    await run_due(JOB_KINDS)

    assert await notices(order.customer_id) == [
        ("balance_by.reminder", {"order_id": order.id, "title": order.title, "hours": 3})
    ]


def offer(days: int = 5) -> OfferInput:
    return OfferInput(
        "Shiseido Ultimune serum 75ml", Money(15000, "JPY"), Money(1000, "JPY"), Money(2000, "JPY"), days, ""
    )


async def test_a_request_lapses_at_its_deadline_with_its_offers_after_a_reminder_to_choose(travel: Travel) -> None:
    customer, seller = await factories.customer(), await factories.buyer()
    request = await create_request(customer.id, factories.request_input(deadline=travel.now() + timedelta(days=2)))
    lonely = await create_request(customer.id, factories.request_input(deadline=travel.now() + timedelta(days=2)))
    waiting = await make_offer(seller.id, request.id, offer())
    assert waiting.expires_at == request.deadline  # the request closes before the offer's 72 hours

    for step in (timedelta(days=1), timedelta(hours=21), timedelta(hours=3)):
        travel.forward(seconds=step.total_seconds())
        await run_due(JOB_KINDS)

    title = request.text[:60]
    assert await notices(customer.id) == [
        ("request.reminder", {"title": title, "hours": 24, "offers": 1}),
        ("request.reminder", {"title": title, "hours": 3, "offers": 1}),
        ("request.expired", {"title": title, "offers": 1}),
        ("request.expired", {"title": title, "offers": 0}),
    ]
    assert await notices(seller.id) == [("request.expired.offer", {"title": title})]
    await request.refresh_from_db()
    await lonely.refresh_from_db()
    await waiting.refresh_from_db()
    assert request.status is lonely.status is RequestStatus.EXPIRED and waiting.status is OfferStatus.EXPIRED


async def test_an_unanswered_offer_lapses_and_can_no_longer_be_accepted(travel: Travel) -> None:
    customer, seller = await factories.customer(), await factories.buyer()
    request = await create_request(customer.id, factories.request_input())
    proposal = await make_offer(seller.id, request.id, offer())
    assert proposal.expires_at == travel.now() + timedelta(hours=72)

    travel.forward(hours=70)
    await run_due(JOB_KINDS)
    travel.forward(hours=2)
    with pytest.raises(InvalidState):
        await accept_offer(customer.id, proposal.id)
    await run_due(JOB_KINDS)

    await proposal.refresh_from_db()
    assert proposal.status is OfferStatus.EXPIRED
    title = request.text[:60]
    # The 24-hour reminder was overtaken by the 3-hour one: nobody ran the scheduler in between.
    assert await notices(customer.id) == [("offer.reminder", {"title": title, "hours": 2})]
    assert await notices(seller.id) == [("offer.expired", {"title": title})]
