"""Who may move an order, and what each cancellation, refund and dispute does with the money."""

import pytest

from core.domain.invoices import PaymentPurpose
from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.domain.order_machine import Actor, OrderState
from core.errors import Forbidden, InvalidInput, InvalidState
from core.models.listings import Listing
from core.models.orders import Order, OrderEvent
from core.models.users import User
from core.services.catalog.listings import buy_listing
from core.services.money import ledger, payments
from core.services.trade import disputes, orders
from tests import factories

_charges = iter(range(10_000, 99_999))


async def _pay(order: Order, customer: User, purpose: PaymentPurpose) -> None:
    due = await payments.invoice_for(order.id, customer.id, purpose)
    await payments.record_payment(f"charge-{next(_charges)}", customer.id, order.id, purpose, due)


async def _order_in(state: OrderState) -> tuple[Order, User, User]:
    seller = await factories.buyer()
    shopper = await factories.customer()
    order = await buy_listing(shopper.id, (await factories.listing(seller, quantity=1)).id)
    if state is not OrderState.AWAITING_DEPOSIT:
        await _pay(order, shopper, PaymentPurpose.DEPOSIT)
    if state in (OrderState.AWAITING_BALANCE, OrderState.BALANCE_PAID, OrderState.SHIPPED):
        await orders.upload_receipt(seller.id, order.id, "receipt")
    if state in (OrderState.BALANCE_PAID, OrderState.SHIPPED):
        await _pay(order, shopper, PaymentPurpose.BALANCE)
    if state is OrderState.SHIPPED:
        await orders.ship(seller.id, order.id, "EMS", "EJ123456789JP")
    order = await factories.fresh(order)
    assert order.state is state
    return order, shopper, seller


async def _escrow(order: Order) -> int:
    return await ledger.balance(ledger.escrow_of(order.id), order.currency)


async def test_a_stranger_cannot_touch_an_order_and_nothing_changes() -> None:
    order, _, _ = await _order_in(OrderState.DEPOSIT_PAID)
    stranger = await factories.buyer("Mallory")
    with pytest.raises(Forbidden):
        await orders.upload_receipt(stranger.id, order.id, "fake-receipt")
    with pytest.raises(Forbidden):
        await orders.cancel_order(order.id, Actor.CUSTOMER, stranger.id)
    order = await factories.fresh(order)
    assert order.state is OrderState.DEPOSIT_PAID and order.receipt_file_id is None
    assert await OrderEvent.filter(order_id=order.id).count() == 1


async def test_a_replayed_button_from_an_old_state_is_refused() -> None:
    order, shopper, seller = await _order_in(OrderState.SHIPPED)
    with pytest.raises(InvalidState):
        await orders.upload_receipt(seller.id, order.id, "receipt-again")
    await orders.confirm_receipt(shopper.id, order.id)
    with pytest.raises(InvalidState):
        await orders.confirm_receipt(shopper.id, order.id)
    assert await OrderEvent.filter(order_id=order.id, action="confirm_receipt").count() == 1


async def test_cancelling_after_the_deposit_refunds_it_in_full() -> None:
    order, shopper, _ = await _order_in(OrderState.DEPOSIT_PAID)
    order = await orders.cancel_order(order.id, Actor.CUSTOMER, shopper.id, "found it cheaper")
    assert order.state is OrderState.REFUNDED
    assert await _escrow(order) == 0
    assert await ledger.balance(ledger.refunds_of(shopper.id), "JPY") == order.deposit_amount


async def test_an_item_never_bought_goes_back_on_sale_when_its_order_ends() -> None:
    cancelled, shopper, _ = await _order_in(OrderState.DEPOSIT_PAID)
    await orders.cancel_order(cancelled.id, Actor.CUSTOMER, shopper.id)
    refunded, _, _ = await _order_in(OrderState.DEPOSIT_PAID)
    await orders.refund_order(refunded.id, Actor.MODERATOR, reason="buyer unreachable")
    bought, _, _ = await _order_in(OrderState.BALANCE_PAID)
    await orders.refund_order(bought.id, Actor.MODERATOR, reason="buyer unreachable")

    for order, stock, status in ((cancelled, 1, ListingStatus.ACTIVE), (refunded, 1, ListingStatus.ACTIVE)):
        listing = await Listing.get(id=order.listing_id)
        assert (listing.stock, listing.status) == (stock, status)
    # The buyer did buy this one: it is theirs now, not for sale again through this listing.
    assert (await Listing.get(id=bought.listing_id)).stock == 0


async def test_a_customer_who_walks_away_after_the_purchase_loses_the_deposit_to_the_buyer() -> None:
    order, shopper, seller = await _order_in(OrderState.AWAITING_BALANCE)
    with pytest.raises(Forbidden):
        await orders.cancel_order(order.id, Actor.BUYER, seller.id)
    order = await orders.cancel_order(order.id, Actor.CUSTOMER, shopper.id)
    assert order.state is OrderState.CANCELLED
    fee = Money(order.deposit_amount, "JPY").percent(order.platform_fee_percent).amount
    assert await ledger.balance(ledger.earnings_of(seller.id), "JPY") == order.deposit_amount - fee
    assert await ledger.balance(ledger.refunds_of(shopper.id), "JPY") == 0


async def test_a_moderator_refund_returns_everything_held() -> None:
    order, shopper, _ = await _order_in(OrderState.BALANCE_PAID)
    with pytest.raises(InvalidInput):
        await orders.refund_order(order.id, Actor.MODERATOR, reason="")
    order = await orders.refund_order(order.id, Actor.MODERATOR, reason="buyer unreachable")
    assert await ledger.balance(ledger.refunds_of(shopper.id), "JPY") == order.total
    assert await _escrow(order) == 0


async def test_a_dispute_settled_with_a_partial_refund_pays_the_rest_to_the_buyer() -> None:
    order, shopper, seller = await _order_in(OrderState.SHIPPED)
    await disputes.open_dispute(shopper.id, order.id, "Stitching looks wrong")
    order = await factories.fresh(order)
    assert order.state is OrderState.DISPUTED
    with pytest.raises(InvalidState):
        await orders.confirm_receipt(shopper.id, order.id)  # frozen while disputed
    with pytest.raises(InvalidInput):
        await orders.resolve_dispute(order.id, Money(order.total + 1, "JPY"))
    with pytest.raises(InvalidInput):
        await orders.resolve_dispute(order.id, Money(100, "USD"))

    order = await orders.resolve_dispute(order.id, Money(2800, "JPY"), note="minor defect")
    assert order.state is OrderState.REFUNDED
    rest = order.total - 2800
    fee = Money(rest, "JPY").percent(order.platform_fee_percent).amount
    assert await ledger.balance(ledger.refunds_of(shopper.id), "JPY") == 2800
    assert await ledger.balance(ledger.earnings_of(seller.id), "JPY") == rest - fee
    assert await _escrow(order) == 0


async def test_a_dispute_decided_for_the_buyer_releases_everything() -> None:
    order, shopper, seller = await _order_in(OrderState.SHIPPED)
    await disputes.open_dispute(shopper.id, order.id, "Not arrived")
    order = await orders.resolve_dispute(order.id, Money(0, "JPY"), note="tracking shows delivered")
    assert order.state is OrderState.COMPLETED
    assert await ledger.balance(ledger.earnings_of(seller.id), "JPY") > 0


async def test_only_the_buttons_valid_now_are_offered_to_each_side() -> None:
    order, shopper, seller = await _order_in(OrderState.SHIPPED)
    assert [a.value for a in orders.actions_for(order, shopper.id)] == [
        "not_yet_delivered",
        "mark_delivered",
        "confirm_receipt",
        "open_dispute",
    ]
    assert [a.value for a in orders.actions_for(order, seller.id)] == ["ask_delivered"]
    assert orders.actions_for(order, 999_999) == []


async def test_my_orders_lists_both_sides() -> None:
    order, shopper, seller = await _order_in(OrderState.AWAITING_DEPOSIT)
    assert [o.id for o in await orders.orders_of(shopper.id)] == [order.id]
    assert [o.id for o in await orders.orders_of(seller.id)] == [order.id]
    await orders.cancel_order(order.id, Actor.CUSTOMER, shopper.id)
    assert await orders.orders_of(shopper.id, active_only=True) == []
