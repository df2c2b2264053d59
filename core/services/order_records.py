"""An order as moderators read it: its parties, prices, timeline, the money it moved and the payments for it."""

from dataclasses import dataclass

from core.domain.money import Money
from core.errors import NotFound
from core.models.ledger import Payment, Transfer
from core.models.orders import Order, OrderEvent
from core.services.orders import escrow_balance


@dataclass(frozen=True, slots=True)
class OrderRecord:
    order: Order  # with its customer, buyer and listing
    events: list[OrderEvent]  # oldest first
    transfers: list[Transfer]  # with their entries and the entries' accounts, oldest first
    payments: list[Payment]  # with their payers, oldest first
    held: Money  # in escrow now


async def order_record(order_id: int) -> OrderRecord:
    order = await Order.get_or_none(id=order_id).prefetch_related("customer", "buyer", "listing")
    if order is None:
        raise NotFound("order.not_found")
    return OrderRecord(
        order=order,
        events=await OrderEvent.filter(order_id=order.id).order_by("id"),
        transfers=await Transfer.filter(order_id=order.id).order_by("id").prefetch_related("entries__account"),
        payments=await Payment.filter(order_id=order.id).order_by("id").prefetch_related("payer"),
        held=await escrow_balance(order),
    )
