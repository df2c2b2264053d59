"""An order as each party sees it: the card and the list the bot shows, read by core as plain values."""

from core.domain.carriers import TrackingStatus
from core.domain.disputes import ProposalStatus
from core.domain.invoices import PaymentPurpose
from core.domain.money import Money
from core.domain.order_machine import Action, Actor, OrderState
from core.domain.promises import Outcome
from core.services.money.rates import conversion_into, set_rate
from core.services.trade import disputes, order_cards, orders
from core.services.trade.disputes import ProposalCard
from tests import factories


async def test_the_customer_sees_the_buyers_record_and_what_to_pay_the_buyer_sees_the_customers_name() -> None:
    order = await factories.order_in(OrderState.AWAITING_DEPOSIT)
    await set_rate("CNY", "JPY", "20", "mei")  # ¥1 = 20 JPY: the 12,800 JPY order is ¥640
    home = await conversion_into("CNY")

    mine = await order_cards.order_card(order.id, order.customer_id, home)
    assert (mine.viewer, mine.payment_due, mine.actions) == (Actor.CUSTOMER, PaymentPurpose.DEPOSIT, (Action.CANCEL,))
    assert (mine.total, mine.total_at_home) == (Money(12800, "JPY"), Money(64000, "CNY"))
    assert mine.buyer is not None and mine.buyer.name == "Bob"

    theirs = await order_cards.order_card(order.id, order.buyer_id, home)
    assert (theirs.viewer, theirs.payment_due, theirs.buyer, theirs.customer_name) == (Actor.BUYER, None, None, "Alice")


async def test_the_buyer_gets_the_proof_code_until_the_receipt_and_reports_where_the_parcel_is() -> None:
    home = await conversion_into("USD")
    bought = await factories.order_in(OrderState.DEPOSIT_PAID)
    card = await order_cards.order_card(bought.id, bought.buyer_id, home)
    assert card.proof_code == bought.proof_code and Action.UPLOAD_RECEIPT in card.actions
    assert (await order_cards.order_card(bought.id, bought.customer_id, home)).proof_code is None

    shipped = await factories.order_in(OrderState.SHIPPED)
    await orders.report_tracking(shipped.buyer_id, shipped.id, TrackingStatus.CUSTOMS)
    card = await order_cards.order_card(shipped.id, shipped.buyer_id, home)
    assert (card.carrier, card.tracking_number, card.proof_code) == ("EMS", "EJ123456789JP", None)
    assert card.tracking_url and card.tracking is not None and card.tracking.status is TrackingStatus.CUSTOMS
    assert card.may_report_tracking and not card.may_report_fake and card.confirm_promise is None

    seen = await order_cards.order_card(shipped.id, shipped.customer_id, home)
    assert seen.confirm_promise is not None and seen.confirm_promise.outcome is Outcome.RELEASE
    assert seen.may_report_fake and not seen.may_report_tracking and seen.may_chat


async def test_each_side_of_a_dispute_sees_who_proposed_the_refund_waiting() -> None:
    order = await factories.order_in(OrderState.DELIVERED)
    await disputes.open_dispute(order.customer_id, order.id, "The strap is missing", ["photo-1"])
    proposal = await disputes.propose(order.customer_id, order.id, Money(1000, "JPY"))
    home = await conversion_into("JPY")

    dispute = (await order_cards.order_card(order.id, order.buyer_id, home)).dispute
    assert dispute is not None and (dispute.viewer, dispute.reason, dispute.photos, dispute.answer) == (
        Actor.BUYER,
        "The strap is missing",
        1,
        None,
    )
    assert dispute.pending == ProposalCard(proposal.id, Actor.CUSTOMER, Money(1000, "JPY"), ProposalStatus.PENDING)
    assert dispute.paid == Money(order.total, "JPY")


async def test_the_list_shows_each_order_from_the_readers_side_newest_first() -> None:
    bob = await factories.buyer("Bob")
    sold = await factories.order_in(OrderState.AWAITING_DEPOSIT, seller=bob)
    bought = await factories.order_in(OrderState.DEPOSIT_PAID, shopper=bob, seller=await factories.buyer("Carol"))
    assert await order_cards.order_lines(bob.id) == (
        order_cards.OrderLine(bought.id, Actor.CUSTOMER, bought.title, Money(12800, "JPY"), OrderState.DEPOSIT_PAID),
        order_cards.OrderLine(sold.id, Actor.BUYER, sold.title, Money(12800, "JPY"), OrderState.AWAITING_DEPOSIT),
    )
