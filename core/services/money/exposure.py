"""How much more a buyer may take on, checked when they make an offer and when an order of theirs is created."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from core.config import current_settings
from core.domain.exposure import Exposure
from core.domain.money import Money, convert
from core.domain.order_machine import FINAL_STATES
from core.errors import Forbidden, InvalidState
from core.models.orders import Order
from core.models.users import User
from core.services.money import ledger
from core.services.money.rates import rates_into


def _sum_in(currency: str, amounts: Iterable[Money], rates: dict[str, Decimal]) -> Money:
    """The amounts converted into `currency`; a missing rate refuses rather than under-counts."""
    total = Money(0, currency)
    for amount in amounts:
        if amount.currency not in rates:
            raise InvalidState("exposure.no_rate", currency=amount.currency, target=currency)
        total += convert(amount, rates[amount.currency], currency)
    return total


async def exposure_of(buyer_id: int, currency: str) -> Exposure:
    """The buyer's open orders and bond, in `currency`, against the multiple in force."""
    rates = await rates_into(currency)
    open_orders = await Order.filter(buyer_id=buyer_id).exclude(state__in=FINAL_STATES).values_list("total", "currency")
    return Exposure(
        open_orders=_sum_in(currency, [Money(total, code) for total, code in open_orders], rates),
        bond=_sum_in(currency, await ledger.balances(ledger.bond_of(buyer_id)), rates),
        multiple=current_settings().bond_exposure_multiple,
    )


async def check_room_for_offer(buyer_id: int, total: Money) -> None:
    """Refuse the buyer an offer they could not take as an order, telling them the bond it would need."""
    if not current_settings().bond_exposure_multiple:
        return
    exposure = await exposure_of(buyer_id, total.currency)
    if not exposure.allows(total):
        needed = exposure.bond_needed(total)
        raise Forbidden(
            "exposure.bond_too_small",
            bond=exposure.bond.amount,
            needed=needed.amount,
            currency=total.currency,
        )


async def reserve_room_for_order(buyer_id: int, total: Money) -> None:
    """Refuse a new order that would take the buyer past their limit. Call inside the order's transaction.

    The buyer's row is locked first (on PostgreSQL; SQLite runs one write transaction at a time), so two
    orders created at once are checked one after the other and the second sees the first. The lock is
    FOR NO KEY UPDATE: orders and listings referring to the buyer hold KEY SHARE locks on the row, which
    a plain FOR UPDATE would wait for, deadlocking two purchases that each hold one.
    """
    if not current_settings().bond_exposure_multiple:
        return
    await User.filter(id=buyer_id).select_for_update(no_key=True).first()
    if not (await exposure_of(buyer_id, total.currency)).allows(total):
        raise Forbidden("exposure.buyer_at_limit")


@dataclass(frozen=True, slots=True)
class BuyerExposure:
    """What moderators see on a user's page."""

    exposure: Exposure | None  # None when the buyer has neither a bond nor an open order, or a rate is missing
    missing_rate: str | None = None  # the currency that could not be converted


async def buyer_exposure(buyer_id: int) -> BuyerExposure:
    """The exposure in the currency of the bond (its largest balance if several), else of the newest open order."""
    bond = sorted(await ledger.balances(ledger.bond_of(buyer_id)), key=lambda held: -held.amount)
    newest = await Order.filter(buyer_id=buyer_id).exclude(state__in=FINAL_STATES).order_by("-id").first()
    currency = bond[0].currency if bond else newest.currency if newest else None
    if currency is None:
        return BuyerExposure(None)
    try:
        return BuyerExposure(await exposure_of(buyer_id, currency))
    except InvalidState as refused:
        return BuyerExposure(None, missing_rate=refused.params["currency"])
