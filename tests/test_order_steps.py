"""Asking before acting: the checks the bot runs when a button is pressed, before it asks for more."""

import pytest

from core.domain.invoices import PaymentPurpose
from core.domain.order_machine import Action, Actor, OrderState
from core.domain.promises import Outcome, outcome_of
from core.errors import Conflict, Forbidden, InvalidInput, InvalidState, NotFound
from core.services.money import ledger, payments
from core.services.money.rates import conversion_into
from core.services.trade import order_cards, orders, reviews
from tests import factories


async def test_only_the_parties_see_an_order() -> None:
    order = await factories.order_in(OrderState.AWAITING_DEPOSIT)
    stranger = await factories.customer("Mallory")
    home = await conversion_into("USD")
    assert (await order_cards.order_card(order.id, order.customer_id, home)).id == order.id
    assert (await order_cards.order_card(order.id, order.buyer_id, home)).id == order.id
    with pytest.raises(Forbidden):
        await order_cards.order_card(order.id, stranger.id, home)
    with pytest.raises(NotFound):
        await order_cards.order_card(order.id + 1000, order.customer_id, home)


async def test_a_step_is_refused_up_front_exactly_as_the_transition_would_refuse_it() -> None:
    order = await factories.order_in(OrderState.BALANCE_PAID)
    stranger = await factories.customer("Mallory")
    assert (await orders.check_action(order.id, order.buyer_id, Action.SHIP)).id == order.id
    with pytest.raises(Forbidden):
        await orders.check_action(order.id, order.customer_id, Action.SHIP)
    with pytest.raises(Forbidden):
        await orders.check_action(order.id, stranger.id, Action.SHIP)
    with pytest.raises(InvalidState):
        await orders.check_action(order.id, order.buyer_id, Action.UPLOAD_RECEIPT)
    assert (await factories.fresh(order)).state is OrderState.BALANCE_PAID


@pytest.mark.parametrize(
    ("state", "outcome", "refunded", "earned"),
    [
        (OrderState.AWAITING_DEPOSIT, Outcome.NOTHING_PAID, 0, 0),
        (OrderState.DEPOSIT_PAID, Outcome.REFUND, 3840, 0),
        (OrderState.AWAITING_BALANCE, Outcome.DEPOSIT_TO_BUYER, 0, 3648),
    ],
)
async def test_the_announced_cancel_outcome_is_what_cancelling_does(
    state: OrderState, outcome: Outcome, refunded: int, earned: int
) -> None:
    order = await factories.order_in(state)
    assert outcome_of(order.state, Action.CANCEL) is outcome
    await orders.cancel_order(order.id, Actor.CUSTOMER, order.customer_id)
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == refunded
    assert await ledger.balance(ledger.earnings_of(order.buyer_id), "JPY") == earned


def test_states_that_cannot_be_cancelled_have_no_outcome() -> None:
    with pytest.raises(InvalidState):
        outcome_of(OrderState.SHIPPED, Action.CANCEL)


async def test_the_pay_button_shows_what_the_customer_owes_now() -> None:
    order = await factories.order_in(OrderState.AWAITING_DEPOSIT)
    assert payments.payment_due(order, order.customer_id) is PaymentPurpose.DEPOSIT
    assert payments.payment_due(order, order.buyer_id) is None
    order = await factories.order_in(OrderState.AWAITING_BALANCE)
    assert payments.payment_due(order, order.customer_id) is PaymentPurpose.BALANCE
    order = await factories.order_in(OrderState.DEPOSIT_PAID)
    assert payments.payment_due(order, order.customer_id) is None


async def test_a_review_is_refused_at_the_stars_when_it_would_be_refused_at_the_end() -> None:
    order = await factories.order_in(OrderState.COMPLETED)
    await reviews.check_review(order.customer_id, order.id, 5)
    with pytest.raises(InvalidInput):
        await reviews.check_review(order.customer_id, order.id, 6)
    with pytest.raises(Forbidden):
        await reviews.check_review(order.buyer_id, order.id, 5)
    shipped = await factories.order_in(OrderState.SHIPPED)
    with pytest.raises(InvalidState):
        await reviews.check_review(shipped.customer_id, shipped.id, 5)
    await reviews.leave_review(order.customer_id, order.id, 5, "Great")
    with pytest.raises(Conflict):
        await reviews.check_review(order.customer_id, order.id, 4)


async def test_a_reply_is_refused_up_front_to_others_and_after_the_first() -> None:
    order = await factories.order_in(OrderState.COMPLETED)
    review = await reviews.leave_review(order.customer_id, order.id, 3, "Slow")
    assert (await reviews.check_reply(order.buyer_id, review.id)).id == review.id
    with pytest.raises(Forbidden):
        await reviews.check_reply(order.customer_id, review.id)
    with pytest.raises(NotFound):
        await reviews.check_reply(order.buyer_id, review.id + 1000)
    await reviews.reply_to_review(order.buyer_id, review.id, "Sorry")
    with pytest.raises(Conflict):
        await reviews.check_reply(order.buyer_id, review.id)


async def test_a_party_cancelling_learns_what_became_of_the_money() -> None:
    order = await factories.order_in(OrderState.DEPOSIT_PAID)
    stranger = await factories.customer("Mallory")
    with pytest.raises(Forbidden):
        await orders.cancel_by_party(order.id, stranger.id, "mine now")
    kept = await orders.cancel_by_party(order.id, order.buyer_id, "Sold out in the shop")
    assert (await factories.fresh(order)).state is OrderState.REFUNDED and kept.outcome is Outcome.REFUND
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == order.deposit_amount
    events = await orders.events_of(order.id)
    assert (events[-1].actor, events[-1].note) == (Actor.BUYER, "Sold out in the shop")
