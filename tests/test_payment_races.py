"""A payment arriving at the very moment its order's deadline passes is recorded, whichever comes first.

The deposit deadline job cancels an unpaid order; the deposit moves it on. Run at once, many times: on
PostgreSQL the two transactions really overlap, and before both took their locks in one order (the
order row, then the job row; core/services/runtime/transactions.py) PostgreSQL aborted one of them as a
deadlock, and an aborted payment was money taken and never recorded.
"""

import asyncio
from collections.abc import Awaitable
from datetime import timedelta

import pytest

from core.domain.invoices import PaymentPurpose
from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.models.ledger import Payment
from core.models.orders import Order
from core.services.catalog.listings import buy_listing
from core.services.money import ledger, payments
from core.services.runtime.job_kinds import JOB_KINDS
from core.services.runtime.scheduler import run_due
from core.services.trade import orders
from tests import factories
from tests.conftest import Travel

pytestmark = pytest.mark.postgres

ROUNDS = 40


async def after(pause: float, work: Awaitable[object]) -> object:
    await asyncio.sleep(pause)
    return await work


async def test_a_deposit_paid_as_its_deadline_passes_is_recorded_every_time(travel: Travel) -> None:
    seller = await factories.buyer("Bob")
    shopper = await factories.customer("Alice")
    item = await factories.listing(seller, price=Money(12800, "JPY"), quantity=ROUNDS)
    start = travel.now()
    unpaid = []
    for _ in range(ROUNDS):  # an order an hour, so their deadlines pass one at a time
        unpaid.append(await buy_listing(shopper.id, item.id))
        travel.forward(hours=1)

    for n, order in enumerate(unpaid):
        travel.at = start + timedelta(hours=n + 24, seconds=1)  # this order's deposit deadline has just passed
        deposit = payments.amount_due(order, PaymentPurpose.DEPOSIT)
        pay = payments.record_payment(f"charge-{n}", shopper.id, order.id, PaymentPurpose.DEPOSIT, deposit)
        # The scheduler starts a little later each round, so some round hits every interleaving.
        outcomes = await asyncio.gather(pay, after(n * 0.0003, run_due(JOB_KINDS)), return_exceptions=True)
        assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes

    recorded = await Payment.filter(telegram_payment_charge_id__startswith="charge-").count()
    assert recorded == ROUNDS
    for order in unpaid:
        order = await orders.get_order(order.id)
        held = await ledger.balance(ledger.escrow_of(order.id), "JPY")
        refunded = await Payment.get(order_id=order.id)
        if order.state is OrderState.DEPOSIT_PAID:  # the payment came first: the deposit is held
            assert held == order.deposit_amount and refunded.applied
        else:  # the deadline came first: the order is cancelled and the late deposit refunded in full
            assert order.state is OrderState.CANCELLED and held == 0 and not refunded.applied
    assert (
        await Order.filter(state=OrderState.DEPOSIT_PAID).count()
        + await Order.filter(state=OrderState.CANCELLED).count()
        == ROUNDS
    )
