"""Where an order ships: the customer gives it (a saved address, copied onto the order, sealed), the buyer sees it
only while shipping is due, a moderator only on a disputed order (audited), and nobody after the retention.

The order keeps its own copy, so the customer may edit or delete the saved address meanwhile. The copy is
structured data on the order card, never a chat message: the relay chat's contact masking neither sees nor
counts it.
"""

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from core.domain.addresses import ADDRESS_SETTABLE, Address, ShipToShown, ship_to_shown
from core.domain.audit import AuditAction, AuditTarget
from core.domain.order_machine import Action, Actor, OrderState
from core.errors import InvalidState
from core.models.orders import Order, OrderEvent
from core.services.oversight.audit import record
from core.services.people.addresses import sealed_address, unsealed_address
from core.services.runtime.notifications import queue
from core.services.trade.order_address_purge import ended_at
from core.services.trade.orders import get_order, lock_order, news, party_role


@dataclass(frozen=True, slots=True)
class ShipTo:
    """What an order card says about where the order ships, for the party reading it."""

    shown: ShipToShown
    address: Address | None  # only when `shown` is ADDRESS
    may_set: bool  # the customer may give or change it now
    kept_days: int | None = None  # when purged: how long after the order ended


async def _disputed_from(order: Order) -> OrderState | None:
    if order.state is not OrderState.DISPUTED:
        return None
    return (await OrderEvent.get(order_id=order.id, action=Action.OPEN_DISPUTE)).from_state


async def ship_to_of(order: Order, viewer: Actor) -> ShipTo:
    """For the order card: the address itself only to whom may see it now."""
    purged = order.ship_to_purged_at is not None
    shown = ship_to_shown(viewer is Actor.BUYER, order.state, await _disputed_from(order), bool(order.ship_to), purged)
    kept_days = None
    if purged:
        end = await ended_at(order.id)
        kept_days = (order.ship_to_purged_at - end.created_at).days if order.ship_to_purged_at and end else None
    return ShipTo(
        shown=shown,
        address=unsealed_address(order.ship_to) if shown is ShipToShown.ADDRESS else None,
        may_set=viewer is Actor.CUSTOMER and order.state in ADDRESS_SETTABLE,
        kept_days=kept_days,
    )


async def ship_order_to(customer_id: int, order_id: int, address_id: int) -> Order:
    """The customer's saved address becomes the order's own copy; refused once the parcel has left.

    When the buyer already sees it (the balance is paid), the buyer is told it changed.
    """
    async with in_transaction():
        order = await lock_order(order_id)
        if party_role(order, customer_id) is not Actor.CUSTOMER:
            raise InvalidState("address.not_settable")
        if order.state not in ADDRESS_SETTABLE:
            raise InvalidState("address.not_settable")
        sealed = await sealed_address(customer_id, address_id)
        await Order.filter(id=order.id).update(ship_to=sealed)
        if order.state is OrderState.BALANCE_PAID:
            await queue(order.buyer_id, "order.address_given", **news(order))
        await order.refresh_from_db()
        return order


async def disputed_address(moderator_id: int, order_id: int) -> Address | None:
    """A disputed order's address for a moderator, audited (the entry names the order, never the address);
    None on any other order, or when it holds none."""
    order = await get_order(order_id)
    if order.state is not OrderState.DISPUTED or not order.ship_to:
        return None
    async with in_transaction():
        await record(moderator_id, AuditAction.ORDER_ADDRESS_VIEWED, AuditTarget.ORDER, order.id)
    return unsealed_address(order.ship_to)
