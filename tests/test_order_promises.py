"""A prompt means what it said: a step a person confirmed is applied only while the order still makes that promise.

The races run 20 at once with `asyncio.gather`: on SQLite the transactions take turns, on PostgreSQL
they overlap, which is where a check read apart from the move would let two changes both pass.
"""

import asyncio

import pytest
from tortoise.expressions import F

from core.domain.order_machine import Action, OrderState
from core.domain.promises import Outcome
from core.errors import InvalidState, PromptOutdated
from core.models.orders import Order
from core.services.money import ledger
from core.services.trade import orders
from tests import factories
from tests.test_concurrency import CROWD, all_at_once


async def test_a_cancel_promised_as_a_refund_is_refused_once_the_receipt_is_in_and_nothing_moves() -> None:
    order = await factories.order_in(OrderState.DEPOSIT_PAID)
    shown = await orders.promise_for(order.id, order.customer_id, Action.CANCEL)
    assert shown.outcome is Outcome.REFUND and shown.deposit.amount == 3840
    await orders.upload_receipt(order.buyer_id, order.id, "receipt-photo")

    with pytest.raises(PromptOutdated) as refused:
        await orders.cancel_by_party(order.id, order.customer_id, "found it cheaper", shown.digest)

    assert refused.value.code == "order.prompt_outdated" and refused.value.params == {"order_id": order.id}
    assert (await factories.fresh(order)).state is OrderState.AWAITING_BALANCE
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 3840
    now = await orders.promise_for(order.id, order.customer_id, Action.CANCEL)
    assert now.outcome is Outcome.DEPOSIT_TO_BUYER and now.digest != shown.digest
    kept = await orders.cancel_by_party(order.id, order.customer_id, "found it cheaper", now.digest)
    assert (await factories.fresh(order)).state is OrderState.CANCELLED and kept.outcome is Outcome.DEPOSIT_TO_BUYER
    assert await ledger.balance(ledger.earnings_of(order.buyer_id), "JPY") == 3648


async def test_confirming_receipt_means_the_same_whether_or_not_the_order_was_marked_delivered() -> None:
    order = await factories.order_in(OrderState.SHIPPED)
    shown = await orders.promise_for(order.id, order.customer_id, Action.CONFIRM_RECEIPT)
    await orders.mark_delivered(order.id, orders.Actor.CUSTOMER, order.customer_id)

    completed = await orders.confirm_receipt(order.customer_id, order.id, shown.digest)

    assert completed.state is OrderState.COMPLETED
    assert await ledger.balance(ledger.earnings_of(order.buyer_id), "JPY") == 12160


async def test_a_promise_from_another_order_or_no_promise_at_all_is_refused() -> None:
    order = await factories.order_in(OrderState.DEPOSIT_PAID)
    other = await factories.order_in(OrderState.DEPOSIT_PAID)
    elsewhere = await orders.promise_for(other.id, other.customer_id, Action.CANCEL)
    for promised in (elsewhere.digest, ""):
        with pytest.raises(PromptOutdated):
            await orders.cancel_by_party(order.id, order.customer_id, "", promised)
    assert (await factories.fresh(order)).state is OrderState.DEPOSIT_PAID


@pytest.mark.postgres
async def test_racing_the_receipt_a_cancel_promised_as_a_refund_refunds_or_is_refused_never_forfeits() -> None:
    placed = [await factories.order_in(OrderState.DEPOSIT_PAID) for _ in range(CROWD // 2)]
    shown = [await orders.promise_for(order.id, order.customer_id, Action.CANCEL) for order in placed]

    calls = []
    for order, promise in zip(placed, shown, strict=True):
        calls.append(orders.cancel_by_party(order.id, order.customer_id, "", promise.digest))
        calls.append(orders.upload_receipt(order.buyer_id, order.id, "receipt-photo"))
    results = await asyncio.gather(*calls, return_exceptions=True)

    for order, cancel, receipt in zip(placed, results[::2], results[1::2], strict=True):
        state = (await factories.fresh(order)).state
        if isinstance(cancel, BaseException):  # the receipt came first: the refund promised is not there to give
            assert isinstance(cancel, PromptOutdated) and not isinstance(receipt, BaseException), (cancel, receipt)
            assert state is OrderState.AWAITING_BALANCE
            assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 3840
        else:
            assert isinstance(receipt, InvalidState) and state is OrderState.REFUNDED, receipt
            assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 3840
        assert await ledger.balance(ledger.earnings_of(order.buyer_id), "JPY") == 0


async def test_one_prompt_confirmed_many_times_at_once_cancels_once() -> None:
    order = await factories.order_in(OrderState.DEPOSIT_PAID)
    shown = await orders.promise_for(order.id, order.customer_id, Action.CANCEL)

    won, lost = await all_at_once(
        [orders.cancel_by_party(order.id, order.customer_id, "", shown.digest) for _ in range(CROWD)]
    )

    assert len(won) == 1 and len(lost) == CROWD - 1 and all(isinstance(e, InvalidState) for e in lost), lost
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 3840


async def test_a_change_landing_between_the_check_and_the_move_is_caught_by_the_move(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The promise is checked on the order as read; the amounts must still be those when the row moves."""
    order = await factories.order_in(OrderState.SHIPPED)
    shown = await orders.promise_for(order.id, order.customer_id, Action.CONFIRM_RECEIPT)
    read = orders.get_order

    async def read_then_someone_changes_the_total(order_id: int) -> Order:
        as_read = await read(order_id)
        await Order.filter(id=order_id).update(total=F("total") + 1)
        return as_read

    monkeypatch.setattr(orders, "get_order", read_then_someone_changes_the_total)
    with pytest.raises(PromptOutdated):
        await orders.confirm_receipt(order.customer_id, order.id, shown.digest)
    monkeypatch.undo()

    assert (await factories.fresh(order)).state is OrderState.SHIPPED
    assert await ledger.balance(ledger.earnings_of(order.buyer_id), "JPY") == 0
