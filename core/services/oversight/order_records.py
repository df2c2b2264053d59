"""An order as moderators read it: its parties, prices, timeline, the money it moved and the payments for it.

The parties' chat is private talk: moderators read it only once the order has been disputed, when it
is evidence, whatever their role; before that they see how many messages there are, nothing more.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from core.domain.deadlines import Deadline
from core.domain.invoices import PaymentPurpose
from core.domain.ledger import OwnerKind, Purpose
from core.domain.money import Money
from core.domain.order_machine import Action, Actor, OrderState
from core.errors import NotFound
from core.models.chat import ChatMessage
from core.models.ledger import Payment, Transfer
from core.models.orders import Order, OrderEvent
from core.services.oversight.user_links import UserLink, link_to
from core.services.trade.order_chat import thread_of
from core.services.trade.orders import escrow_balance


@dataclass(frozen=True, slots=True)
class OrderLine:
    """One order in the moderators' lists."""

    id: int
    title: str
    state: OrderState
    total: Money
    customer: UserLink
    buyer: UserLink
    created_at: datetime


def line_of_order(order: Order) -> OrderLine:
    """From an order read with its customer and buyer."""
    return OrderLine(
        order.id,
        order.title,
        order.state,
        order.total_money,
        link_to(order.customer),
        link_to(order.buyer),
        order.created_at,
    )


@dataclass(frozen=True, slots=True)
class OrderDetails:
    id: int
    title: str
    state: OrderState
    customer: UserLink
    buyer: UserLink
    listing_id: int | None
    listing_title: str | None
    offer_id: int | None
    created_at: datetime
    deadlines: tuple[tuple[Deadline, datetime], ...]  # those set, in the order's course
    missed_deadline: Deadline | None
    carrier: str | None
    tracking_number: str | None
    shipped_at: datetime | None
    item_price: Money
    quantity: int
    service_fee: Money
    shipping_fee: Money
    total: Money
    deposit: Money
    balance: Money
    platform_fee_percent: Decimal
    receipt_file_id: str | None
    proof_code: str | None  # the code the buyer was to write in the receipt photo


def _details(order: Order) -> OrderDetails:
    """From an order read with its customer, buyer and listing."""
    deadlines = tuple((deadline, at) for deadline in Deadline if (at := getattr(order, deadline.value)))
    return OrderDetails(
        id=order.id,
        title=order.title,
        state=order.state,
        customer=link_to(order.customer),
        buyer=link_to(order.buyer),
        listing_id=order.listing_id,
        listing_title=order.listing.title if order.listing else None,
        offer_id=order.offer_id,
        created_at=order.created_at,
        deadlines=deadlines,
        missed_deadline=order.missed_deadline,
        carrier=order.carrier,
        tracking_number=order.tracking_number,
        shipped_at=order.shipped_at,
        item_price=order.item_price_money,
        quantity=order.quantity,
        service_fee=order.service_fee_money,
        shipping_fee=order.shipping_fee_money,
        total=order.total_money,
        deposit=order.deposit_money,
        balance=order.balance_money,
        platform_fee_percent=order.platform_fee_percent,
        receipt_file_id=order.receipt_file_id,
        proof_code=order.proof_code,
    )


@dataclass(frozen=True, slots=True)
class EventLine:
    created_at: datetime
    actor: Actor
    action: Action
    from_state: OrderState
    to_state: OrderState
    note: str


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    owner_kind: OwnerKind  # whose account: a user's, the order's escrow, the platform's
    owner_id: int
    purpose: Purpose
    amount: Money  # positive into the account, negative out of it


@dataclass(frozen=True, slots=True)
class TransferLine:
    id: int
    kind: str
    created_at: datetime
    entries: tuple[LedgerEntry, ...]


@dataclass(frozen=True, slots=True)
class PaymentLine:
    id: int
    purpose: PaymentPurpose
    applied: bool  # False: it arrived too late and was refunded
    payer: UserLink
    amount: Money
    telegram_payment_charge_id: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ChatLine:
    created_at: datetime
    role: Actor
    segments: tuple[tuple[str, str | None], ...]  # the text in pieces, each hidden contact marked with its kind
    photo_file_id: str | None


@dataclass(frozen=True, slots=True)
class OrderRecord:
    order: OrderDetails
    events: tuple[EventLine, ...]  # oldest first
    transfers: tuple[TransferLine, ...]  # oldest first
    payments: tuple[PaymentLine, ...]  # oldest first
    held: Money  # in escrow now
    chat_messages: int  # how many the parties wrote to each other
    thread: tuple[ChatLine, ...] | None  # their chat, oldest first; None while it is not for moderators to read


def _transfer(transfer: Transfer) -> TransferLine:
    entries = tuple(
        LedgerEntry(
            entry.account.owner_kind,
            entry.account.owner_id,
            entry.account.purpose,
            Money(entry.amount, transfer.currency),
        )
        for entry in transfer.entries
    )
    return TransferLine(transfer.id, transfer.kind, transfer.created_at, entries)


def _payment(payment: Payment) -> PaymentLine:
    return PaymentLine(
        payment.id,
        payment.purpose,
        payment.applied,
        link_to(payment.payer),
        payment.amount_money,
        payment.telegram_payment_charge_id,
        payment.created_at,
    )


def _chat_line(message: ChatMessage) -> ChatLine:
    segments = tuple(message.segments()) if message.text else ()
    return ChatLine(message.created_at, message.role, segments, message.photo_file_id)


async def order_currency(order_id: int) -> str:
    """The currency amounts typed about this order are in, unless they name another."""
    found = await Order.filter(id=order_id).values_list("currency", flat=True)
    if not found:
        raise NotFound("order.not_found")
    return str(found[0])


async def order_record(order_id: int) -> OrderRecord:
    order = await Order.get_or_none(id=order_id).prefetch_related("customer", "buyer", "listing")
    if order is None:
        raise NotFound("order.not_found")
    events = await OrderEvent.filter(order_id=order.id).order_by("id")
    disputed = any(event.action is Action.OPEN_DISPUTE for event in events)
    transfers = await Transfer.filter(order_id=order.id).order_by("id").prefetch_related("entries__account")
    payments = await Payment.filter(order_id=order.id).order_by("id").prefetch_related("payer")
    return OrderRecord(
        order=_details(order),
        events=tuple(EventLine(e.created_at, e.actor, e.action, e.from_state, e.to_state, e.note) for e in events),
        transfers=tuple(_transfer(transfer) for transfer in transfers),
        payments=tuple(_payment(payment) for payment in payments),
        held=await escrow_balance(order),
        chat_messages=await ChatMessage.filter(order_id=order.id).count(),
        thread=tuple(_chat_line(message) for message in await thread_of(order.id)) if disputed else None,
    )
