"""Disputes through core: opened in time, answered, settled by an accepted proposal exactly once, or escalated."""

import asyncio
from datetime import timedelta

import pytest

from core.domain.carriers import TrackingStatus
from core.domain.disputes import DisputeStatus, ProposalStatus
from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.domain.order_machine import Actor, OrderState
from core.errors import DomainError, Forbidden, InvalidInput, InvalidState
from core.models.disputes import Dispute, RefundProposal
from core.models.listings import Listing
from core.models.moderators import Moderator
from core.models.notifications import Notification
from core.models.orders import Order
from core.services.money import ledger
from core.services.money.rates import conversion_into
from core.services.oversight import moderation, moderation_queues
from core.services.runtime import scheduler
from core.services.runtime.job_kinds import JOB_KINDS
from core.services.trade import disputes, order_cards, orders
from tests import factories
from tests.conftest import Travel


async def notices() -> list[tuple[int, str]]:
    return [(n.user_id, n.key) for n in await Notification.all().order_by("id")]


async def disputed(state: OrderState = OrderState.DELIVERED) -> tuple[Order, Dispute]:
    order = await factories.order_in(state)
    dispute = await disputes.open_dispute(order.customer_id, order.id, "The strap is missing", ["photo-1", "photo-2"])
    return await factories.fresh(order), dispute


async def test_a_dispute_freezes_the_order_and_tells_the_buyer(travel: Travel) -> None:
    order, dispute = await disputed(OrderState.SHIPPED)

    assert order.state is OrderState.DISPUTED
    assert (dispute.reason, dispute.evidence, dispute.status) == (
        "The strap is missing",
        ["photo-1", "photo-2"],
        "open",
    )
    assert dispute.escalates_at == travel.at + timedelta(hours=48)
    assert (await notices())[-1] == (order.buyer_id, "dispute.opened")
    for frozen in (
        orders.confirm_receipt(order.customer_id, order.id),
        orders.mark_delivered(order.id, Actor.CUSTOMER, order.customer_id),
        orders.ask_delivered(order.buyer_id, order.id),
        orders.auto_complete(order.id),
        orders.report_tracking(order.buyer_id, order.id, TrackingStatus.CUSTOMS),
        disputes.open_dispute(order.customer_id, order.id, "again"),
    ):
        with pytest.raises(InvalidState):
            await frozen
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == order.total


async def test_a_customer_complains_until_seven_days_after_delivery(travel: Travel) -> None:
    late = await factories.order_in(OrderState.DELIVERED)
    in_time = await factories.order_in(OrderState.DELIVERED)
    travel.forward(days=7)
    await disputes.open_dispute(in_time.customer_id, in_time.id, "Broken")
    travel.forward(seconds=1)
    with pytest.raises(InvalidState) as refused:
        await disputes.open_dispute(late.customer_id, late.id, "Broken")
    assert (refused.value.code, refused.value.params) == ("dispute.window_closed", {"days": 7})
    assert (await factories.fresh(late)).state is OrderState.DELIVERED

    shipped = await factories.order_in(OrderState.SHIPPED)  # not delivered: no window yet
    travel.forward(days=60)
    await disputes.open_dispute(shipped.customer_id, shipped.id, "Never arrived")
    assert (await factories.fresh(shipped)).state is OrderState.DISPUTED


async def test_only_the_customer_opens_and_with_at_most_five_photos() -> None:
    order = await factories.order_in(OrderState.DELIVERED)
    with pytest.raises(Forbidden):
        await disputes.open_dispute(order.buyer_id, order.id, "I want more money")
    with pytest.raises(InvalidInput):
        await disputes.open_dispute(order.customer_id, order.id, "Broken", [f"p{n}" for n in range(6)])
    assert (await factories.fresh(order)).state is OrderState.DELIVERED and not await Dispute.exists()


async def test_the_buyer_answers_once_with_photos() -> None:
    order, _ = await disputed()
    with pytest.raises(Forbidden):
        await disputes.answer(order.customer_id, order.id, "I answer myself")
    dispute = await disputes.answer(order.buyer_id, order.id, "It was in the box", ["box-photo"])
    assert (dispute.answer, dispute.answer_photos) == ("It was in the box", ["box-photo"])
    with pytest.raises(InvalidState):
        await disputes.answer(order.buyer_id, order.id, "And another thing")
    assert (await notices())[-1] == (order.customer_id, "dispute.answered")


@pytest.mark.postgres
async def test_an_accepted_proposal_refunds_part_and_pays_the_buyer_the_rest_once() -> None:
    order, dispute = await disputed()
    first = await disputes.propose(order.customer_id, order.id, Money(9000, "JPY"))
    proposal = await disputes.propose(order.buyer_id, order.id, Money(5120, "JPY"))
    assert (await RefundProposal.get(id=first.id)).status is ProposalStatus.SUPERSEDED
    with pytest.raises(InvalidState):
        await disputes.accept(order.buyer_id, first.id)  # replaced: no longer on the table

    for outsider in (order.buyer_id, (await factories.customer("Carol")).id):
        with pytest.raises(Forbidden):
            await disputes.accept(outsider, proposal.id)
    results = await asyncio.gather(
        *(disputes.accept(order.customer_id, proposal.id) for _ in range(3)), return_exceptions=True
    )

    assert sum(isinstance(result, Order) for result in results) == 1
    assert all(isinstance(result, DomainError) for result in results if not isinstance(result, Order))
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 5120
    assert await ledger.balance(ledger.earnings_of(order.buyer_id), "JPY") == 7680 - 384  # minus the 5% fee
    assert await ledger.balance(ledger.escrow_of(order.id), "JPY") == 0
    assert (await factories.fresh(order)).state is OrderState.REFUNDED
    assert (await Dispute.get(id=dispute.id)).status is DisputeStatus.SETTLED
    assert (await notices())[-2:] == [(order.customer_id, "dispute.agreed"), (order.buyer_id, "dispute.agreed")]


async def test_a_refund_must_be_more_than_nothing_and_at_most_what_was_paid() -> None:
    order, _ = await disputed(OrderState.DEPOSIT_PAID)  # only the deposit is held
    for refund in (Money(0, "JPY"), Money(order.deposit_amount + 1, "JPY"), Money(100, "USD")):
        with pytest.raises(InvalidInput) as refused:
            await disputes.propose(order.buyer_id, order.id, refund)
        assert refused.value.params == {"max": order.deposit_amount, "currency": "JPY"}
    assert not await RefundProposal.exists()
    whole = await disputes.propose(order.buyer_id, order.id, Money(order.deposit_amount, "JPY"))
    await disputes.accept(order.customer_id, whole.id)
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == order.deposit_amount


async def test_a_bag_never_bought_is_for_sale_again_however_its_dispute_refunds_the_customer() -> None:
    # Disputed before the buyer uploaded a receipt: the bag is still in the shop, as when the order is cancelled.
    cancelled = await factories.order_in(OrderState.DEPOSIT_PAID)
    await orders.cancel_order(cancelled.id, Actor.CUSTOMER, cancelled.customer_id)
    decided, _ = await disputed(OrderState.DEPOSIT_PAID)
    mod = await Moderator.create(username="mei", password_hash="x")
    await moderation.settle_dispute(mod.id, decided.id, None, "The buyer never bought it")
    agreed, _ = await disputed(OrderState.DEPOSIT_PAID)
    whole = await disputes.propose(agreed.buyer_id, agreed.id, Money(agreed.deposit_amount, "JPY"))
    await disputes.accept(agreed.customer_id, whole.id)
    halved, _ = await disputed(OrderState.DEPOSIT_PAID)  # the buyer keeps something for the trouble
    await moderation.settle_dispute(mod.id, halved.id, Money(halved.deposit_amount // 2, "JPY"), "Both slow")
    # The buyer did buy this one: refunded or not, it is theirs now, not for sale again through the listing.
    bought, _ = await disputed(OrderState.BALANCE_PAID)
    await moderation.settle_dispute(mod.id, bought.id, None, "Wrong colour")

    for order in (cancelled, decided, agreed, halved):
        bag = await Listing.get(id=order.listing_id)
        assert (bag.stock, bag.status) == (1, ListingStatus.ACTIVE), (await factories.fresh(order)).state
    assert (await Listing.get(id=bought.listing_id)).stock == 0


async def test_a_declined_proposal_tells_the_proposer_and_settles_nothing() -> None:
    order, _ = await disputed()
    proposal = await disputes.propose(order.buyer_id, order.id, Money(1000, "JPY"))
    await disputes.decline(order.customer_id, proposal.id)
    with pytest.raises(InvalidState):
        await disputes.accept(order.customer_id, proposal.id)
    assert (await notices())[-1] == (order.buyer_id, "dispute.declined")
    assert (await factories.fresh(order)).state is OrderState.DISPUTED


async def test_no_agreement_in_time_sends_the_dispute_to_the_moderators_who_decide(travel: Travel) -> None:
    order, dispute = await disputed()
    waiting = await disputes.propose(order.buyer_id, order.id, Money(1000, "JPY"))
    negotiating, _ = await disputed()
    travel.forward(hours=47)
    assert await disputes.escalate_overdue_disputes() == 0
    assert [o.id for o in (await moderation_queues.open_disputes()).items] == []

    travel.forward(hours=1)
    assert await disputes.escalate_overdue_disputes() == 2
    assert await disputes.escalate_overdue_disputes() == 0  # idempotent
    assert (await Dispute.get(id=dispute.id)).status is DisputeStatus.ESCALATED
    assert (await RefundProposal.get(id=waiting.id)).status is ProposalStatus.EXPIRED
    with pytest.raises(InvalidState):
        await disputes.accept(order.customer_id, waiting.id)
    with pytest.raises(InvalidState):
        await disputes.propose(order.customer_id, order.id, Money(500, "JPY"))
    escalated = [
        key
        for user, key in await notices()
        if key == "dispute.escalated" and user in (order.customer_id, order.buyer_id)
    ]
    assert escalated == ["dispute.escalated", "dispute.escalated"]

    queue = await moderation_queues.open_disputes()
    assert {o.id for o in queue.items} == {order.id, negotiating.id}
    case = await moderation_queues.dispute_case(order.id)
    assert case.dispute is not None and case.dispute.reason == "The strap is missing"
    assert [(p.refund, p.status) for p in case.proposals] == [(Money(1000, "JPY"), ProposalStatus.EXPIRED)]

    mod = await Moderator.create(username="mei", password_hash="x")
    await moderation.settle_dispute(mod.id, order.id, Money(6400, "JPY"), "Half: the strap is missing")
    assert (await Dispute.get(id=dispute.id)).status is DisputeStatus.DECIDED
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 6400
    assert (await notices())[-2:] == [(order.customer_id, "dispute.resolved"), (order.buyer_id, "dispute.resolved")]
    assert {o.id for o in (await moderation_queues.open_disputes()).items} == {negotiating.id}


async def test_a_dispute_still_negotiated_stays_out_of_the_moderators_queue() -> None:
    order, _ = await disputed()
    assert (await moderation_queues.open_disputes()).items == ()
    home = await conversion_into("JPY")
    assert (await order_cards.order_card(order.id, order.buyer_id, home)).dispute is not None
    seen = (await order_cards.order_card(order.id, order.customer_id, home)).dispute
    assert seen is not None and seen.paid == Money(order.total, "JPY")


async def test_the_scheduler_escalates_each_dispute_when_its_time_to_agree_is_up(travel: Travel) -> None:
    order, dispute = await disputed()
    settled, _ = await disputed()
    await disputes.accept(
        settled.buyer_id, (await disputes.propose(settled.customer_id, settled.id, Money(100, "JPY"))).id
    )

    travel.forward(hours=47)
    await scheduler.run_due(JOB_KINDS)
    assert (await Dispute.get(id=dispute.id)).status is DisputeStatus.OPEN
    travel.forward(hours=1)
    assert await scheduler.run_due(JOB_KINDS) == 1  # the settled dispute's job was dropped

    assert (await Dispute.get(id=dispute.id)).status is DisputeStatus.ESCALATED
    assert (await Dispute.get(order_id=settled.id)).status is DisputeStatus.SETTLED
    assert await disputes.escalate_overdue_disputes() == 0
    told = [key for user, key in await notices() if user in (order.customer_id, order.buyer_id)]
    assert told.count("dispute.escalated") == 2
