"""Many people pressing the same button at the same moment.

Each story fires 20 calls at once with `asyncio.gather`. On SQLite the transactions take
turns; on PostgreSQL they really overlap, which is where a missing lock or a read-then-write
would show up as two orders, oversold stock or money paid out twice.
"""

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

import pytest

from core.domain.invoices import PaymentPurpose
from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.domain.order_machine import Action, Actor, OrderState
from core.domain.purchase_requests import OfferStatus, RequestStatus
from core.errors import DomainError, InsufficientFunds, InvalidState, OutOfStock
from core.models.ledger import Payment
from core.models.listings import Listing
from core.models.orders import Order
from core.models.purchase_requests import Offer, PurchaseRequest
from core.services.catalog.listings import buy_listing
from core.services.money import ledger, payments
from core.services.sourcing.purchase_requests import OfferInput, accept_offer, create_request, make_offer
from core.services.trade import disputes, orders
from tests import factories

pytestmark = pytest.mark.postgres

T = TypeVar("T")
CROWD = 20


async def all_at_once(calls: list[Awaitable[T]]) -> tuple[list[T], list[BaseException]]:
    """Run the calls concurrently; split what they returned from what they raised."""
    outcomes = await asyncio.gather(*calls, return_exceptions=True)
    won = [o for o in outcomes if not isinstance(o, BaseException)]
    lost = [o for o in outcomes if isinstance(o, BaseException)]
    return won, lost


def offer_of(yen: int) -> OfferInput:
    return OfferInput(
        "Shiseido Ultimune serum 75ml",
        item_price=Money(yen, "JPY"),
        service_fee=Money(1500, "JPY"),
        shipping_fee=Money(2000, "JPY"),
        days_to_ship=10,
    )


async def request_with_offers(buyer_count: int) -> tuple[int, int, list[Offer]]:
    """A customer's request answered by `buyer_count` verified buyers, cheapest first."""
    shopper = await factories.customer("Alice")
    request = await create_request(shopper.id, factories.request_input())
    offers = []
    for n in range(buyer_count):
        seller = await factories.buyer(f"Buyer {n}")
        offers.append(await make_offer(seller.id, request.id, offer_of(15000 + 100 * n)))
    return shopper.id, request.id, offers


async def assert_one_offer_won(request_id: int, winner: Order, offers: list[Offer]) -> None:
    assert await Order.all().count() == 1
    request = await PurchaseRequest.get(id=request_id)
    assert request.status is RequestStatus.ACCEPTED
    statuses = {o.id: o.status for o in await Offer.filter(request_id=request_id)}
    assert winner.offer_id is not None and statuses.pop(winner.offer_id) is OfferStatus.ACCEPTED
    assert list(statuses.values()) == [OfferStatus.DECLINED] * (len(offers) - 1)
    chosen = next(o for o in offers if o.id == winner.offer_id)
    assert (winner.buyer_id, winner.total) == (chosen.buyer_id, chosen.item_price + 1500 + 2000)


def assert_refused(lost: list[BaseException], error: type[DomainError], code: str, count: int) -> None:
    assert len(lost) == count, lost
    assert all(isinstance(e, error) and e.code == code for e in lost), lost


async def test_customer_tapping_accept_on_several_offers_at_once_gets_one_order() -> None:
    shopper_id, request_id, offers = await request_with_offers(buyer_count=5)

    won, lost = await all_at_once([accept_offer(shopper_id, offers[n % len(offers)].id) for n in range(CROWD)])

    assert len(won) == 1
    assert_refused(lost, InvalidState, "request.not_open", CROWD - 1)
    await assert_one_offer_won(request_id, won[0], offers)


async def test_customer_tapping_accept_twenty_times_on_one_offer_gets_one_order() -> None:
    shopper_id, request_id, offers = await request_with_offers(buyer_count=3)

    won, lost = await all_at_once([accept_offer(shopper_id, offers[1].id) for _ in range(CROWD)])

    assert len(won) == 1 and won[0].offer_id == offers[1].id
    assert_refused(lost, InvalidState, "request.not_open", CROWD - 1)
    await assert_one_offer_won(request_id, won[0], offers)


async def test_twenty_customers_rushing_three_bags_get_three_orders() -> None:
    seller = await factories.buyer()
    item = await factories.listing(seller, quantity=3)
    shoppers = [await factories.customer(f"Shopper {n}") for n in range(CROWD)]

    won, lost = await all_at_once([buy_listing(s.id, item.id) for s in shoppers])

    assert len(won) == 3
    assert_refused(lost, OutOfStock, "listing.out_of_stock", CROWD - 3)
    assert await Order.filter(listing_id=item.id).count() == 3
    assert len({o.customer_id for o in won}) == 3
    item = await Listing.get(id=item.id)
    assert (item.stock, item.status) == (0, ListingStatus.SOLD_OUT)


async def paid_deposit_order() -> Order:
    seller = await factories.buyer()
    shopper = await factories.customer()
    item = await factories.listing(seller, price=Money(12800, "JPY"), quantity=1)
    order = await buy_listing(shopper.id, item.id)
    due = await payments.invoice_for(order.id, shopper.id, PaymentPurpose.DEPOSIT)
    await payments.record_payment("tg-deposit", shopper.id, order.id, PaymentPurpose.DEPOSIT, due)
    return await factories.fresh(order)


async def test_telegram_delivering_one_payment_twenty_times_captures_it_once() -> None:
    seller = await factories.buyer()
    shopper = await factories.customer()
    item = await factories.listing(seller, price=Money(12800, "JPY"), quantity=1)
    order = await buy_listing(shopper.id, item.id)
    due = await payments.invoice_for(order.id, shopper.id, PaymentPurpose.DEPOSIT)

    won, lost = await all_at_once(
        [
            payments.record_payment("tg-charge-77", shopper.id, order.id, PaymentPurpose.DEPOSIT, due)
            for _ in range(CROWD)
        ]
    )

    assert lost == []
    assert {p.id for p in won} == {(await Payment.get(telegram_payment_charge_id="tg-charge-77")).id}
    assert await Payment.all().count() == 1
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == due.amount == 3840
    assert await ledger.balance(ledger.refunds_of(shopper.id), "JPY") == 0
    order = await factories.fresh(order)
    assert order.state is OrderState.DEPOSIT_PAID
    assert [e.action for e in await orders.events_of(order.id)] == [Action.PAY_DEPOSIT]


async def test_customer_paying_two_deposit_invoices_at_once_gets_the_extra_ones_back() -> None:
    seller = await factories.buyer()
    shopper = await factories.customer()
    item = await factories.listing(seller, price=Money(12800, "JPY"), quantity=1)
    order = await buy_listing(shopper.id, item.id)
    due = await payments.invoice_for(order.id, shopper.id, PaymentPurpose.DEPOSIT)

    won, lost = await all_at_once(
        [
            payments.record_payment(f"tg-charge-{n}", shopper.id, order.id, PaymentPurpose.DEPOSIT, due)
            for n in range(CROWD)
        ]
    )

    assert lost == [] and len(won) == CROWD
    assert sorted(p.applied for p in won) == [False] * (CROWD - 1) + [True]
    assert await Payment.filter(applied=True).count() == 1
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == due.amount
    assert await ledger.balance(ledger.refunds_of(shopper.id), "JPY") == due.amount * (CROWD - 1)
    assert (await factories.fresh(order)).state is OrderState.DEPOSIT_PAID


async def test_everyone_cancelling_a_paid_order_at_once_refunds_the_deposit_once() -> None:
    order = await paid_deposit_order()
    customer_id, buyer_id = order.customer_id, order.buyer_id
    attempts = [
        lambda: orders.cancel_order(order.id, Actor.CUSTOMER, customer_id, "changed my mind"),
        lambda: orders.cancel_order(order.id, Actor.BUYER, buyer_id, "sold out in the shop"),
        lambda: orders.refund_order(order.id, Actor.MODERATOR, None, "customer complained"),
        lambda: orders.refund_order(order.id, Actor.SYSTEM, None, "purchase deadline missed"),
    ]

    won, lost = await all_at_once([attempts[n % len(attempts)]() for n in range(CROWD)])

    assert len(won) == 1
    assert len(lost) == CROWD - 1 and all(isinstance(e, InvalidState) for e in lost), lost
    assert (await factories.fresh(order)).state is OrderState.REFUNDED
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 0
    assert await ledger.balance(ledger.refunds_of(customer_id), "JPY") == order.deposit_amount
    assert await ledger.balance(ledger.earnings_of(buyer_id), "JPY") == 0


async def test_moderators_resolving_one_dispute_at_once_pay_out_only_once() -> None:
    order = await paid_deposit_order()
    await disputes.open_dispute(order.customer_id, order.id, "The buyer stopped answering")
    deposit = order.deposit_amount

    won, lost = await all_at_once(
        [orders.resolve_dispute(order.id, Money(deposit - 100 * n, "JPY")) for n in range(CROWD)]
    )

    assert len(won) == 1
    assert len(lost) == CROWD - 1 and all(isinstance(e, InvalidState) for e in lost), lost
    refunded = await ledger.balance(ledger.refunds_of(order.customer_id), "JPY")
    earned = await ledger.balance(ledger.earnings_of(order.buyer_id), "JPY")
    fees = await ledger.balance(ledger.FEES, "JPY")
    assert refunded + earned + fees == deposit
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 0


async def test_partial_refunds_at_once_never_give_back_more_than_was_paid() -> None:
    order = await paid_deposit_order()
    held = order.deposit_amount  # 3840
    part = Money(1000, "JPY")

    won, lost = await all_at_once(
        [ledger.refund_escrow(f"goodwill:{order.id}:{n}", order.id, order.customer_id, part) for n in range(CROWD)]
    )

    assert len(won) == held // part.amount == 3
    assert len(lost) == CROWD - 3 and all(isinstance(e, InsufficientFunds) for e in lost), lost
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 3000
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == held - 3000


async def after(delay: float, call: Awaitable[T]) -> T:
    await asyncio.sleep(delay)
    return await call


async def test_customers_cancelling_while_their_deposit_lands_never_lose_it() -> None:
    seller = await factories.buyer()
    item = await factories.listing(seller, price=Money(12800, "JPY"), quantity=CROWD)
    bought = [await buy_listing((await factories.customer(f"Shopper {n}")).id, item.id) for n in range(CROWD)]
    deposit = Money(bought[0].deposit_amount, "JPY")

    # Each customer's payment lands while they tap "cancel", a little later each time.
    await all_at_once(
        [
            call
            for n, order in enumerate(bought)
            for call in (
                payments.record_payment(f"tg-{order.id}", order.customer_id, order.id, PaymentPurpose.DEPOSIT, deposit),
                after(n * 0.002, orders.cancel_order(order.id, Actor.CUSTOMER, order.customer_id)),
            )
        ]
    )

    assert await Payment.all().count() == CROWD
    for order in bought:
        order = await factories.fresh(order)
        escrow = await ledger.balance(ledger.escrow_of(order.id), "JPY")
        refunded = await ledger.balance(ledger.refunds_of(order.customer_id), "JPY")
        if order.state is OrderState.DEPOSIT_PAID:  # the payment won; the cancel was refused
            assert (escrow, refunded) == (deposit.amount, 0)
        else:  # cancelled before or after paying: every yen comes back
            assert order.state in (OrderState.CANCELLED, OrderState.REFUNDED)
            assert (escrow, refunded) == (0, deposit.amount)
    # None of them was bought yet: every order that ended, paid or not, gives its bag back to the shelf.
    ended = await Order.filter(listing_id=item.id, state__in=(OrderState.CANCELLED, OrderState.REFUNDED)).count()
    assert (await Listing.get(id=item.id)).stock == ended
