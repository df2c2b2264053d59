"""Paying through Telegram: the pre-checkout check, recording a payment once, and money
that arrives when the order can no longer take it."""

import pytest

from core.domain.invoices import PaymentPurpose
from core.domain.money import Money
from core.domain.order_machine import Action, Actor, OrderState
from core.errors import DomainError, Forbidden, InvalidInput, InvalidState
from core.models.ledger import Account, Payment
from core.models.orders import Order
from core.models.users import User
from core.services.catalog.listings import buy_listing
from core.services.money import ledger, payments
from core.services.runtime.job_kinds import JOB_KINDS
from core.services.runtime.scheduler import run_due
from core.services.trade import orders
from tests import factories
from tests.conftest import Travel

DEPOSIT = PaymentPurpose.DEPOSIT
BALANCE = PaymentPurpose.BALANCE


async def bag_order() -> tuple[User, User, Order]:
    """Alice orders Bob's ¥12,800 bag: ¥3,840 deposit, ¥8,960 balance."""
    seller = await factories.buyer("Bob")
    shopper = await factories.customer("Alice")
    item = await factories.listing(seller, price=Money(12800, "JPY"), quantity=1)
    return seller, shopper, await buy_listing(shopper.id, item.id)


async def balances() -> dict[tuple[str, int, str, str], int]:
    return {(a.owner_kind, a.owner_id, a.purpose, a.currency): a.balance for a in await Account.all()}


def what_user_is_told(error: pytest.ExceptionInfo[DomainError]) -> tuple[str, dict[str, object]]:
    """The translated message's code and the values filled into it."""
    return error.value.code, error.value.params


async def test_pre_checkout_refuses_an_amount_other_than_the_invoice() -> None:
    _, shopper, order = await bag_order()
    await payments.check_pre_checkout(order.id, shopper.id, DEPOSIT, Money(3840, "JPY"))

    for wrong in (Money(3000, "JPY"), Money(12800, "JPY"), Money(3840, "CNY")):
        with pytest.raises(InvalidInput) as error:
            await payments.check_pre_checkout(order.id, shopper.id, DEPOSIT, wrong)
        assert what_user_is_told(error) == ("payment.wrong_amount", {"expected": 3840, "currency": "JPY"})


async def test_pre_checkout_refuses_someone_paying_another_users_order() -> None:
    seller, _, order = await bag_order()
    stranger = await factories.customer("Mallory")

    for payer in (stranger, seller):
        with pytest.raises(Forbidden) as error:
            await payments.check_pre_checkout(order.id, payer.id, DEPOSIT, Money(3840, "JPY"))
        assert what_user_is_told(error) == ("payment.not_your_order", {})


async def test_pre_checkout_refuses_a_payment_that_is_not_due_yet_or_any_more() -> None:
    seller, shopper, order = await bag_order()

    with pytest.raises(InvalidState) as error:
        await payments.check_pre_checkout(order.id, shopper.id, BALANCE, Money(8960, "JPY"))
    assert what_user_is_told(error) == ("payment.not_due", {"state": "awaiting_deposit"})

    await payments.record_payment("tg-1", shopper.id, order.id, DEPOSIT, Money(3840, "JPY"))
    # The deposit is paid but the buyer has not shown the receipt: no balance yet, no second deposit.
    for purpose, amount in ((BALANCE, 8960), (DEPOSIT, 3840)):
        with pytest.raises(InvalidState) as error:
            await payments.check_pre_checkout(order.id, shopper.id, purpose, Money(amount, "JPY"))
        assert what_user_is_told(error) == ("payment.not_due", {"state": "deposit_paid"})

    await orders.upload_receipt(seller.id, order.id, "receipt-photo")
    await payments.check_pre_checkout(order.id, shopper.id, BALANCE, Money(8960, "JPY"))


async def test_the_same_payment_delivered_twice_is_recorded_once() -> None:
    _, shopper, order = await bag_order()
    first = await payments.record_payment("tg-7", shopper.id, order.id, DEPOSIT, Money(3840, "JPY"))
    after_first = await balances()

    again = await payments.record_payment("tg-7", shopper.id, order.id, DEPOSIT, Money(3840, "JPY"))

    assert again.id == first.id
    assert await Payment.all().count() == 1
    assert await balances() == after_first
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 3840
    assert [e.action for e in await orders.events_of(order.id)] == [Action.PAY_DEPOSIT]
    assert (await factories.fresh(order)).state is OrderState.DEPOSIT_PAID


async def test_a_payment_landing_after_the_order_was_cancelled_goes_straight_back() -> None:
    _, shopper, order = await bag_order()
    due = await payments.invoice_for(order.id, shopper.id, DEPOSIT)
    await orders.cancel_order(order.id, Actor.CUSTOMER, shopper.id, "found it cheaper")

    payment = await payments.record_payment("tg-late", shopper.id, order.id, DEPOSIT, due)

    assert payment.applied is False
    assert (await Payment.get(id=payment.id)).applied is False
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 0
    assert await ledger.balance(ledger.refunds_of(shopper.id), "JPY") == 3840
    assert (await factories.fresh(order)).state is OrderState.CANCELLED
    assert [e.action for e in await orders.events_of(order.id)] == [Action.CANCEL]


async def test_a_deposit_landing_after_its_deadline_cancelled_the_order_goes_straight_back(travel: Travel) -> None:
    _, shopper, order = await bag_order()
    due = await payments.invoice_for(order.id, shopper.id, DEPOSIT)  # the invoice stays in the chat
    travel.forward(hours=24)
    await run_due(JOB_KINDS)

    payment = await payments.record_payment("tg-too-late", shopper.id, order.id, DEPOSIT, due)

    assert payment.applied is False
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 0
    assert await ledger.balance(ledger.refunds_of(shopper.id), "JPY") == 3840
    assert (await factories.fresh(order)).state is OrderState.CANCELLED
    assert [(e.action, e.actor) for e in await orders.events_of(order.id)] == [(Action.CANCEL, Actor.SYSTEM)]


async def test_a_payment_of_the_wrong_amount_is_refunded_and_the_deposit_is_still_due() -> None:
    _, shopper, order = await bag_order()

    payment = await payments.record_payment("tg-odd", shopper.id, order.id, DEPOSIT, Money(3000, "JPY"))

    assert payment.applied is False
    assert await ledger.balance(ledger.refunds_of(shopper.id), "JPY") == 3000
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 0
    assert (await factories.fresh(order)).state is OrderState.AWAITING_DEPOSIT
    assert await payments.invoice_for(order.id, shopper.id, DEPOSIT) == Money(3840, "JPY")


async def test_a_buyers_bond_payment_is_recorded_once() -> None:
    seller = await factories.buyer("Bob", bond=None)
    bond = Money(50000, "JPY")

    first = await payments.record_bond_payment("tg-bond", seller.id, bond, "stripe-ch-1")
    again = await payments.record_bond_payment("tg-bond", seller.id, bond, "stripe-ch-1")

    assert again.id == first.id
    assert await Payment.all().count() == 1
    assert (first.purpose, first.order_id, first.amount) == (PaymentPurpose.BOND, None, 50000)
    assert await ledger.balance(ledger.bond_of(seller.id), "JPY") == 50000
    assert await ledger.balance(ledger.CLEARING, "JPY") == -50000
