"""The payment inbox: a charge kept as it arrived is recorded exactly once, whoever records it and however often."""

import asyncio

import pytest

from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.errors import NotFound
from core.models.jobs import ScheduledJob
from core.models.ledger import Payment
from core.models.notifications import Notification
from core.models.payment_inbox import ReceivedPayment
from core.services.money import ledger, payment_inbox
from core.services.money.payment_inbox import ReceivedCharge
from core.services.runtime.job_kinds import JOB_KINDS
from core.services.runtime.scheduler import run_due
from core.services.trade import orders
from tests import factories
from tests.conftest import Travel


def charge(charge_id: str, payer_telegram_id: int, payload: str, amount: int, currency: str = "JPY") -> ReceivedCharge:
    return ReceivedCharge(
        telegram_payment_charge_id=charge_id,
        provider_payment_charge_id=f"provider-{charge_id}",
        payer_telegram_id=payer_telegram_id,
        payer_first_name="Alice",
        payer_language="en",
        invoice_payload=payload,
        amount=amount,
        currency=currency,
        as_sent={"telegram_payment_charge_id": charge_id},
    )


@pytest.mark.postgres
async def test_twenty_recorders_at_once_record_a_deposit_once_and_only_one_tells_the_payer() -> None:
    shopper = await factories.customer("Alice")
    order = await factories.order_in(OrderState.AWAITING_DEPOSIT, shopper=shopper)
    paid = charge("tg-1", shopper.telegram_id, f"order:{order.id}:deposit", order.deposit_amount)
    await asyncio.gather(*(payment_inbox.store(paid) for _ in range(5)))  # delivered again and again

    recorded = await asyncio.gather(*(payment_inbox.record_received("tg-1") for _ in range(20)))

    assert sum(recorded) == 1
    assert [n.key for n in await Notification.filter(user_id=shopper.id)] == ["order.payment_received"]
    assert await ReceivedPayment.filter(recorded_at__isnull=False).count() == 1
    assert await Payment.filter(order_id=order.id).count() == 1
    assert (await orders.get_order(order.id)).state is OrderState.DEPOSIT_PAID
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == order.deposit_amount
    assert not await ScheduledJob.exists(kind=payment_inbox.RECORD_PAYMENT)  # nothing left for the scheduler


async def test_a_charge_the_bot_never_recorded_is_recorded_by_the_scheduler_and_the_payer_told(travel: Travel) -> None:
    shopper = await factories.customer("Alice")
    order = await factories.order_in(OrderState.AWAITING_DEPOSIT, shopper=shopper)
    await payment_inbox.store(charge("tg-2", shopper.telegram_id, f"order:{order.id}:deposit", order.deposit_amount))

    await run_due(JOB_KINDS)
    assert not await Payment.exists()  # the bot gets its minute first

    travel.forward(minutes=1)
    await run_due(JOB_KINDS)
    assert (await orders.get_order(order.id)).state is OrderState.DEPOSIT_PAID
    told = await Notification.get(user_id=shopper.id, key="order.payment_received")
    assert told.params == {"amount": order.deposit_amount, "currency": "JPY", "id": order.id}


async def test_a_charge_for_nothing_of_ours_is_recorded_and_owed_back_in_full() -> None:
    payer = await factories.customer("Mallory")
    for n, payload in enumerate(["order:999999:deposit", "something-else", "bond:x"]):
        await payment_inbox.store(charge(f"tg-odd-{n}", payer.telegram_id, payload, 500))
        assert await payment_inbox.record_received(f"tg-odd-{n}")

    told = await Notification.filter(user_id=payer.id).values_list("key", flat=True)
    assert told == ["payment.refunded_unmatched"] * 3
    assert await ledger.balance(ledger.refunds_of(payer.id), "JPY") == 1500
    assert not await Payment.filter(applied=True).exists()


async def test_a_deposit_for_an_order_already_cancelled_is_refunded_in_full() -> None:
    shopper = await factories.customer("Alice")
    order = await factories.order_in(OrderState.AWAITING_DEPOSIT, shopper=shopper)
    await orders.cancel_by_party(order.id, shopper.id)
    await payment_inbox.store(charge("tg-3", shopper.telegram_id, f"order:{order.id}:deposit", order.deposit_amount))

    assert await payment_inbox.record_received("tg-3")

    assert await Notification.exists(user_id=shopper.id, key="order.payment_refunded")
    assert await ledger.balance(ledger.refunds_of(shopper.id), "JPY") == order.deposit_amount
    assert (await orders.get_order(order.id)).state is OrderState.CANCELLED


async def test_a_bond_top_up_becomes_the_payers_bond() -> None:
    buyer = await factories.buyer("Bob", bond=None)
    await payment_inbox.store(charge("tg-4", buyer.telegram_id, f"bond:{buyer.id}", 100_000, "CNY"))

    assert await payment_inbox.record_received("tg-4")

    told = await Notification.get(user_id=buyer.id, key="bond.received")
    assert told.params["held"] == 100_000
    assert await ledger.balance(ledger.bond_of(buyer.id), "CNY") == 100_000
    assert Money(told.params["amount"], told.params["currency"]) == Money(100_000, "CNY")


async def test_recording_a_charge_that_was_never_kept_is_refused() -> None:
    with pytest.raises(NotFound):
        await payment_inbox.record_received("tg-never-stored")
