"""An order's address and customs details are kept PERSONAL_DATA_RETENTION_DAYS after the order ends, then purged
and audited; rotating the keys reseals saved addresses and orders' copies alike.

The clock is moved and the scheduler run as it would run in its own process."""

from collections.abc import Callable

from core.config import Settings
from core.domain.addresses import ShipToShown
from core.domain.order_machine import Actor, OrderState
from core.models.addresses import SavedAddress
from core.models.audit import AuditEntry
from core.models.orders import Order
from core.sealing import new_key, unseal
from core.services.money.rates import conversion_into
from core.services.people.sealed_columns import reseal_all
from core.services.runtime.job_kinds import JOB_KINDS
from core.services.runtime.scheduler import run_due
from core.services.trade import orders
from core.services.trade.order_cards import order_card
from tests import factories
from tests.conftest import PERSONAL_DATA_KEY, Travel

CHINA = {"country": "CN", "postcode": "200120", "customs": {"cn_id_number": "11010519491231002X"}}


async def purges() -> list[tuple[int | None, str, str]]:
    entries = AuditEntry.filter(action="order.address_purged").order_by("id")
    return [(e.moderator_id, e.target_kind, e.target_id) for e in await entries]


async def test_a_completed_orders_address_is_kept_for_the_retention_then_purged_once_with_an_audit_entry(
    travel: Travel, override_settings: Callable[..., Settings]
) -> None:
    override_settings(personal_data_retention_days=60)
    order = await factories.order_in(OrderState.COMPLETED, ship_to=factories.address(**CHINA))

    travel.forward(days=59)
    await run_due(JOB_KINDS)
    assert (await factories.fresh(order)).ship_to != ""  # one day before the retention ends
    assert await purges() == []

    travel.forward(days=1, minutes=1)
    await run_due(JOB_KINDS)
    purged = await factories.fresh(order)
    assert purged.ship_to == "" and purged.ship_to_purged_at == travel.at
    assert await purges() == [(None, "order", str(order.id))]
    for viewer in (order.customer_id, order.buyer_id):
        ship_to = (await order_card(order.id, viewer, await conversion_into("JPY"))).ship_to
        assert (ship_to.shown, ship_to.address, ship_to.kept_days) == (ShipToShown.PURGED, None, 60)

    travel.forward(days=60)
    await run_due(JOB_KINDS)
    assert len(await purges()) == 1


async def test_a_cancelled_orders_address_goes_too_and_an_order_still_open_keeps_it(
    travel: Travel, override_settings: Callable[..., Settings]
) -> None:
    override_settings(personal_data_retention_days=10)
    cancelled = await factories.order_in(OrderState.DEPOSIT_PAID, ship_to=factories.address())
    await orders.cancel_order(cancelled.id, Actor.CUSTOMER, cancelled.customer_id)
    still_open = await factories.order_in(OrderState.SHIPPED, ship_to=factories.address())

    travel.forward(days=10, minutes=1)
    await run_due(JOB_KINDS)
    assert (await factories.fresh(cancelled)).ship_to == ""
    assert (await factories.fresh(still_open)).ship_to != ""
    assert await purges() == [(None, "order", str(cancelled.id))]


async def test_reseal_rotates_saved_addresses_and_orders_copies_to_the_new_key(
    override_settings: Callable[..., Settings],
) -> None:
    order = await factories.order_in(OrderState.AWAITING_DEPOSIT, ship_to=factories.address(**CHINA))
    fresh = new_key()
    override_settings(personal_data_keys=f"{fresh},{PERSONAL_DATA_KEY}")
    assert await reseal_all() == 2

    override_settings(personal_data_keys=fresh)  # the old key removed
    assert "11010519491231002X" in unseal((await Order.get(id=order.id)).ship_to)
    assert "Alice Smith" in unseal((await SavedAddress.get(user_id=order.customer_id)).sealed)
