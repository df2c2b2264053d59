"""A whole order, from a listing to a review, as the customer and the buyer live it."""

from core.domain.invoices import PaymentPurpose
from core.domain.money import Money
from core.domain.order_machine import Action, OrderState
from core.services.catalog.listings import buy_listing
from core.services.money import ledger, payments
from core.services.trade import orders, reviews
from tests import factories


async def test_listing_to_review_moves_money_to_buyer_minus_fee() -> None:
    seller = await factories.buyer()
    shopper = await factories.customer()
    item = await factories.listing(seller, price=Money(12800, "JPY"), quantity=1)

    order = await buy_listing(shopper.id, item.id)
    assert order.state is OrderState.AWAITING_DEPOSIT
    assert (order.total, order.deposit_amount, order.balance_amount) == (12800, 3840, 8960)
    assert orders.actions_for(order, shopper.id) == [Action.CANCEL]

    due = await payments.invoice_for(order.id, shopper.id, PaymentPurpose.DEPOSIT)
    await payments.check_pre_checkout(order.id, shopper.id, PaymentPurpose.DEPOSIT, due)
    await payments.record_payment("tg-charge-1", shopper.id, order.id, PaymentPurpose.DEPOSIT, due)
    order = await factories.fresh(order)
    assert order.state is OrderState.DEPOSIT_PAID and order.purchase_by is not None

    order = await orders.upload_receipt(seller.id, order.id, "receipt-photo")
    assert order.state is OrderState.AWAITING_BALANCE
    balance_due = await payments.invoice_for(order.id, shopper.id, PaymentPurpose.BALANCE)
    assert balance_due == Money(8960, "JPY")
    await payments.record_payment("tg-charge-2", shopper.id, order.id, PaymentPurpose.BALANCE, balance_due)

    order = await orders.ship(seller.id, order.id, "Japan Post EMS", "EJ123456789JP")
    assert order.state is OrderState.SHIPPED
    order = await orders.confirm_receipt(shopper.id, order.id)
    assert order.state is OrderState.COMPLETED

    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 0
    assert await ledger.balance(ledger.earnings_of(seller.id), "JPY") == 12160
    assert await ledger.balance(ledger.FEES, "JPY") == 640

    review = await reviews.leave_review(shopper.id, order.id, 5, "Genuine, fast, well packed")
    await reviews.reply_to_review(seller.id, review.id, "Thank you!")
    rep = await reviews.buyer_reputation(seller.id)
    assert rep.review_count == 1 and rep.completed_orders == 1 and rep.on_time_rate == 1.0
    events = [e.action for e in await orders.events_of(order.id)]
    assert events == [
        Action.PAY_DEPOSIT,
        Action.UPLOAD_RECEIPT,
        Action.REQUEST_BALANCE,
        Action.PAY_BALANCE,
        Action.SHIP,
        Action.CONFIRM_RECEIPT,
    ]
