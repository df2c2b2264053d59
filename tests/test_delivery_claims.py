"""Only the customer's word marks an order delivered: the buyer's "delivered" asks them, once at a time."""

from datetime import timedelta

import pytest

from core.domain.order_machine import Action, Actor, OrderState
from core.errors import Forbidden, InvalidState
from core.models.notifications import Notification
from core.services.money import ledger
from core.services.trade import disputes, orders
from tests import factories
from tests.conftest import Travel


async def last_notice(user_id: int) -> Notification:
    notice = await Notification.filter(user_id=user_id).order_by("-id").first()
    assert notice is not None
    return notice


async def test_the_buyers_word_alone_asks_the_customer_and_changes_no_deadline(travel: Travel) -> None:
    order = await factories.order_in(OrderState.SHIPPED)
    travel.forward(days=1)

    await orders.ask_delivered(order.buyer_id, order.id)

    asked = await factories.fresh(order)
    assert asked.state is OrderState.SHIPPED and asked.confirm_by == order.confirm_by
    question = await last_notice(order.customer_id)
    assert question.key == "order.delivery_question" and question.params["days"] == 7
    promise = await orders.promise_for(order.id, order.customer_id, Action.MARK_DELIVERED)
    assert question.params["promise"] == promise.digest
    event = (await orders.events_of(order.id))[-1]
    assert (event.action, event.actor, event.actor_user_id) == (Action.ASK_DELIVERED, Actor.BUYER, order.buyer_id)
    assert event.created_at == travel.now()
    # No delivery yet: the customer may still complain long after the 7-day dispute window would have closed.
    travel.forward(days=20)
    await disputes.check_can_open(order.customer_id, order.id)


async def test_a_second_press_asks_nobody_again(travel: Travel) -> None:
    order = await factories.order_in(OrderState.SHIPPED)
    await orders.ask_delivered(order.buyer_id, order.id)
    questions = await Notification.filter(key="order.delivery_question").count()

    with pytest.raises(InvalidState) as refused:
        await orders.ask_delivered(order.buyer_id, order.id)

    assert refused.value.code == "order.delivery_asked_already"
    assert await Notification.filter(key="order.delivery_question").count() == questions


async def test_the_customers_yes_marks_it_delivered_starts_the_short_window_and_keeps_the_money_held(
    travel: Travel,
) -> None:
    order = await factories.order_in(OrderState.SHIPPED)
    await orders.ask_delivered(order.buyer_id, order.id)
    promise = (await last_notice(order.customer_id)).params["promise"]
    travel.forward(days=3)

    await orders.mark_delivered(order.id, Actor.CUSTOMER, order.customer_id, promise)

    delivered = await factories.fresh(order)
    assert delivered.state is OrderState.DELIVERED
    assert delivered.confirm_by == travel.now() + timedelta(days=7)
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == order.total
    assert await ledger.balance(ledger.earnings_of(order.buyer_id), "JPY") == 0
    assert (await last_notice(order.buyer_id)).key == "order.delivered"
    event = (await orders.events_of(order.id))[-1]
    assert (event.action, event.actor) == (Action.MARK_DELIVERED, Actor.CUSTOMER)
    assert event.actor_user_id == order.customer_id
    assert orders.actions_for(delivered, order.customer_id) == [Action.CONFIRM_RECEIPT, Action.OPEN_DISPUTE]
    # The dispute window now runs: 7 days after the customer's yes.
    travel.forward(days=8)
    with pytest.raises(InvalidState):
        await disputes.check_can_open(order.customer_id, order.id)


async def test_not_yet_keeps_the_long_window_tells_the_buyer_and_holds_off_the_next_question(travel: Travel) -> None:
    order = await factories.order_in(OrderState.SHIPPED)
    await orders.ask_delivered(order.buyer_id, order.id)

    await orders.say_not_yet_delivered(order.customer_id, order.id)

    kept = await factories.fresh(order)
    assert kept.state is OrderState.SHIPPED and kept.confirm_by == order.confirm_by
    assert (await last_notice(order.buyer_id)).key == "order.not_delivered_yet"
    with pytest.raises(InvalidState) as again:
        await orders.say_not_yet_delivered(order.customer_id, order.id)  # answered already
    assert again.value.code == "order.delivery_not_asked"
    with pytest.raises(InvalidState) as soon:
        await orders.ask_delivered(order.buyer_id, order.id)
    assert soon.value.code == "order.delivery_not_yet_recently"
    travel.forward(hours=24)
    await orders.ask_delivered(order.buyer_id, order.id)
    assert (await last_notice(order.customer_id)).key == "order.delivery_question"


async def test_strangers_the_wrong_side_and_replayed_answers_are_refused_and_change_nothing() -> None:
    order = await factories.order_in(OrderState.SHIPPED)
    stranger = await factories.customer("Mallory")
    await orders.ask_delivered(order.buyer_id, order.id)
    promise = (await last_notice(order.customer_id)).params["promise"]

    for attempt, code in (
        (orders.ask_delivered(stranger.id, order.id), "order.not_a_party"),
        (orders.mark_delivered(order.id, Actor.CUSTOMER, stranger.id, promise), "order.not_a_party"),
        (orders.say_not_yet_delivered(stranger.id, order.id), "order.not_a_party"),
        (orders.mark_delivered(order.id, Actor.BUYER, order.buyer_id, promise), "order.actor_not_allowed"),
        (orders.say_not_yet_delivered(order.buyer_id, order.id), "order.actor_not_allowed"),
        (orders.mark_delivered(order.id, Actor.CUSTOMER, order.customer_id, "0" * 12), "order.prompt_outdated"),
    ):
        with pytest.raises((Forbidden, InvalidState)) as refused:
            await attempt
        assert refused.value.code == code
    assert (await factories.fresh(order)).state is OrderState.SHIPPED

    await orders.mark_delivered(order.id, Actor.CUSTOMER, order.customer_id, promise)
    with pytest.raises(InvalidState) as replayed:  # the same yes pressed again
        await orders.mark_delivered(order.id, Actor.CUSTOMER, order.customer_id, promise)
    assert replayed.value.code == "order.invalid_transition"
    with pytest.raises(InvalidState):
        await orders.ask_delivered(order.buyer_id, order.id)
    assert [e.action for e in await orders.events_of(order.id)].count(Action.MARK_DELIVERED) == 1
