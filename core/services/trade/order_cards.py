"""Orders as a party sees them: the card with everything it shows, and the lines of their list.

Built here, from the rows, so the front ends get plain values: what the viewer may do now is
decided once, by the rules in core, not again by each presenter.
"""

from dataclasses import dataclass
from datetime import datetime

from core.domain.carriers import TrackingStatus, tracking_url
from core.domain.deadlines import Deadline
from core.domain.invoices import PaymentPurpose
from core.domain.money import Money
from core.domain.order_machine import Action, Actor, OrderState
from core.domain.promises import OrderPromise
from core.errors import NotFound
from core.models.orders import Order
from core.services.money.payments import payment_due
from core.services.money.rates import Conversion
from core.services.oversight.reports import REPORTABLE_ORDER_STATES
from core.services.people.buyer_records import BuyerRecord, buyer_record
from core.services.people.users import first_name
from core.services.trade.deadlines import current_deadline
from core.services.trade.disputes import DisputeCard, dispute_card
from core.services.trade.order_addresses import ShipTo, ship_to_of
from core.services.trade.order_chat import may_discuss
from core.services.trade.orders import (
    actions_for,
    check_action,
    orders_of,
    party_role,
    promise_of,
    purchase_proof_code,
    tracking_of,
)


@dataclass(frozen=True, slots=True)
class TrackingNews:
    """The latest word on where the parcel is."""

    status: TrackingStatus
    at: datetime


@dataclass(frozen=True, slots=True)
class OrderCard:
    """One order as one of its parties (`viewer`) sees it now."""

    id: int
    state: OrderState
    title: str
    quantity: int
    item_price: Money  # per item
    service_fee: Money
    shipping_fee: Money
    total: Money
    total_at_home: Money | None  # the total in the reader's home currency, when a rate is set
    deposit: Money
    balance: Money
    deadline: tuple[Deadline, datetime] | None  # the step the order waits for, and when it falls due
    viewer: Actor
    actions: tuple[Action, ...]  # the viewer's steps allowed now
    payment_due: PaymentPurpose | None  # what the viewer has to pay now
    confirm_promise: OrderPromise | None  # what confirming receipt does, when the viewer may
    proof_code: str | None  # for the buyer while the receipt is theirs to upload
    carrier: str | None
    tracking_number: str | None
    tracking_url: str | None
    tracking: TrackingNews | None
    may_report_tracking: bool  # the buyer says where the shipped parcel is
    may_report_fake: bool
    may_chat: bool
    buyer: BuyerRecord | None  # shown to the customer
    customer_name: str
    dispute: DisputeCard | None
    ship_to: ShipTo


@dataclass(frozen=True, slots=True)
class OrderLine:
    """One order in a party's list."""

    id: int
    viewer: Actor
    title: str
    total: Money
    state: OrderState


async def order_card(order_id: int, viewer_id: int, home: Conversion) -> OrderCard:
    """The order as this party sees it, its total also in `home`'s currency; anyone else is refused."""
    order = await Order.filter(id=order_id).select_related("customer").first()
    if order is None:
        raise NotFound("order.not_found")
    viewer = party_role(order, viewer_id)
    latest = await tracking_of(order.id) if order.carrier else None
    actions = actions_for(order, viewer_id)
    return OrderCard(
        id=order.id,
        state=order.state,
        title=order.title,
        quantity=order.quantity,
        item_price=order.item_price_money,
        service_fee=order.service_fee_money,
        shipping_fee=order.shipping_fee_money,
        total=order.total_money,
        total_at_home=home(order.total_money),
        deposit=order.deposit_money,
        balance=order.balance_money,
        deadline=current_deadline(order),
        viewer=viewer,
        actions=tuple(actions),
        payment_due=payment_due(order, viewer_id),
        confirm_promise=await promise_of(order, Action.CONFIRM_RECEIPT) if Action.CONFIRM_RECEIPT in actions else None,
        proof_code=purchase_proof_code(order, viewer_id),
        carrier=order.carrier,
        tracking_number=order.tracking_number,
        tracking_url=tracking_url(order.carrier, order.tracking_number),
        tracking=TrackingNews(latest.status, latest.created_at) if latest else None,
        may_report_tracking=viewer is Actor.BUYER and order.state is OrderState.SHIPPED,
        may_report_fake=viewer is Actor.CUSTOMER and order.state in REPORTABLE_ORDER_STATES,
        may_chat=may_discuss(order),
        buyer=await buyer_record(order.buyer_id) if viewer is Actor.CUSTOMER else None,
        customer_name=order.customer.first_name,
        dispute=await dispute_card(order, viewer),
        ship_to=await ship_to_of(order, viewer),
    )


async def order_lines(viewer_id: int) -> tuple[OrderLine, ...]:
    """A party's orders on either side, newest first, from one query."""
    return tuple(
        OrderLine(order.id, party_role(order, viewer_id), order.title, order.total_money, order.state)
        for order in await orders_of(viewer_id)
    )


@dataclass(frozen=True, slots=True)
class ReleasePrompt:
    """What confirming receipt would do now, for the prompt that asks the customer before it is done."""

    promise: OrderPromise
    buyer_name: str


async def release_prompt(order_id: int, customer_id: int) -> ReleasePrompt:
    """Refused as confirming receipt itself would be (not the customer's, not now)."""
    order = await check_action(order_id, customer_id, Action.CONFIRM_RECEIPT)
    return ReleasePrompt(await promise_of(order, Action.CONFIRM_RECEIPT), await first_name(order.buyer_id))
