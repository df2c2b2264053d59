"""An order as moderators read it: its parties, prices, timeline, the money it moved and the payments for it.

The parties' chat is private talk: moderators read it only once the order has been disputed, when it
is evidence, whatever their role; before that they see how many messages there are, nothing more.
"""

from dataclasses import dataclass

from core.domain.money import Money
from core.domain.order_machine import Action
from core.errors import NotFound
from core.models.chat import ChatMessage
from core.models.ledger import Payment, Transfer
from core.models.orders import Order, OrderEvent
from core.services.order_chat import thread_of
from core.services.orders import escrow_balance


@dataclass(frozen=True, slots=True)
class OrderRecord:
    order: Order  # with its customer, buyer and listing
    events: list[OrderEvent]  # oldest first
    transfers: list[Transfer]  # with their entries and the entries' accounts, oldest first
    payments: list[Payment]  # with their payers, oldest first
    held: Money  # in escrow now
    chat_messages: int  # how many the parties wrote to each other
    thread: list[ChatMessage] | None  # their chat, oldest first; None while it is not for moderators to read


async def order_record(order_id: int) -> OrderRecord:
    order = await Order.get_or_none(id=order_id).prefetch_related("customer", "buyer", "listing")
    if order is None:
        raise NotFound("order.not_found")
    events = await OrderEvent.filter(order_id=order.id).order_by("id")
    disputed = any(event.action is Action.OPEN_DISPUTE for event in events)
    return OrderRecord(
        order=order,
        events=events,
        transfers=await Transfer.filter(order_id=order.id).order_by("id").prefetch_related("entries__account"),
        payments=await Payment.filter(order_id=order.id).order_by("id").prefetch_related("payer"),
        held=await escrow_balance(order),
        chat_messages=await ChatMessage.filter(order_id=order.id).count(),
        thread=await thread_of(order.id) if disputed else None,
    )
