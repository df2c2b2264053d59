"""An order's copy of its shipping address and customs details is kept PERSONAL_DATA_RETENTION_DAYS after the order
ends (completed, cancelled or refunded), then purged.

`orders.transition` plans the purge in the transaction that ends an order holding an address; the order can
never be reopened, so the clock is never cancelled.
"""

from core import clock
from core.domain.audit import AuditAction, AuditTarget
from core.domain.order_machine import FINAL_STATES
from core.models.orders import Order, OrderEvent
from core.services.people.retention import Retained, purged

# Keyed by the order's id.
ORDER_ADDRESSES = Retained("order.address_purge", lambda settings: settings.personal_data_retention_days)


async def ended_at(order_id: int) -> OrderEvent | None:
    """The step that ended the order."""
    return await OrderEvent.filter(order_id=order_id, to_state__in=FINAL_STATES).order_by("-id").first()


async def purge_order_address(key: str) -> None:
    """The job: forget an ended order's address and customs details, once."""
    order = await Order.get_or_none(id=int(key))
    if order is None or not order.ship_to or order.state not in FINAL_STATES:
        return
    end = await ended_at(order.id)
    assert end is not None
    if await Order.filter(id=order.id, ship_to=order.ship_to).update(ship_to="", ship_to_purged_at=clock.now()):
        await purged(AuditAction.ORDER_ADDRESS_PURGED, AuditTarget.ORDER, order.id, end.created_at)
