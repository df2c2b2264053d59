"""A buyer's security bond: posting it (a Telegram payment), where it stands, and taking it back.

The bond is what moderators take from to compensate a customer for a fake, and what caps the orders a
buyer may have open (core/services/money/exposure.py). So it can only be taken back when nothing it may still
have to answer for is left: no open order, and no order completed within the dispute window (a fake
is often found out only after the customer confirmed receipt).
"""

from dataclasses import dataclass
from datetime import timedelta

from tortoise.transactions import in_transaction

from core import clock
from core.config import current_settings
from core.domain.buyers import BuyerStatus
from core.domain.exposure import Exposure
from core.domain.money import Money, check_price
from core.domain.order_machine import FINAL_STATES, OrderState
from core.domain.payment_limits import check_invoice_amount
from core.errors import Forbidden, InvalidInput, InvalidState
from core.models.ledger import Account, Entry
from core.models.orders import Order, OrderEvent
from core.models.users import BuyerProfile, User
from core.services.money import ledger
from core.services.money.exposure import exposure_of
from core.services.people.users import verified_buyer

# A bond under moderation stays where it is until a moderator has decided.
_HELD_BY_MODERATION = (BuyerStatus.SUSPENDED, BuyerStatus.BANNED)


@dataclass(frozen=True, slots=True)
class BondStanding:
    """What the buyer's bond screen shows."""

    held: tuple[Money, ...]  # the bond in each currency it was posted in
    exposure: Exposure | None  # open orders against the limit, in the bond currency; None if a rate is missing
    top_ups: tuple[Money, ...]  # amounts offered as buttons, in the bond currency


def check_bond_amount(amount: Money) -> Money:
    """A top-up in the bond currency that one Telegram invoice can ask for."""
    currency = current_settings().bond_currency
    if amount.currency != currency:
        raise InvalidInput("bond.wrong_currency", currency=currency)
    return check_invoice_amount(check_price(amount))


async def bond_invoice(buyer_id: int, amount: Money) -> Money:
    """The amount to put on a bond invoice, after checking this verified buyer may post it."""
    await verified_buyer(buyer_id)
    return check_bond_amount(amount)


async def held_bond(buyer_id: int) -> list[Money]:
    """The buyer's bond in each currency it was posted in, largest first."""
    return sorted(await ledger.balances(ledger.bond_of(buyer_id)), key=lambda money: -money.amount)


async def bond_standing(buyer_id: int) -> BondStanding:
    settings = current_settings()
    held = await held_bond(buyer_id)
    try:
        exposure: Exposure | None = await exposure_of(buyer_id, settings.bond_currency)
    except InvalidState:
        exposure = None
    top_ups = tuple(Money.from_major(amount, settings.bond_currency) for amount in settings.bond_top_ups)
    return BondStanding(tuple(held), exposure, top_ups)


async def withdraw_bond(buyer_id: int) -> list[Money]:
    """Hand the whole bond back into the buyer's earnings; refused while it may still be needed."""
    async with in_transaction():
        # The lock a new order of this buyer takes too (exposure.reserve_room_for_order): none slips in.
        await User.filter(id=buyer_id).select_for_update(no_key=True).first()
        held = await withdrawable_bond(buyer_id)
        bond = ledger.bond_of(buyer_id)
        for amount in held:
            account = await Account.get(
                owner_kind=bond.owner_kind, owner_id=buyer_id, purpose=bond.purpose, currency=amount.currency
            )
            last = await Entry.filter(account_id=account.id).order_by("-id").first()
            # Keyed on the bond's last movement: a withdrawal pressed twice releases once.
            await ledger.release_bond(f"bond:{buyer_id}:withdraw:{last.id if last else 0}", buyer_id, amount)
        return held


async def withdrawable_bond(buyer_id: int) -> list[Money]:
    """The bond the buyer could take back now, or the refusal saying why not (asked before confirming)."""
    profile = await BuyerProfile.get_or_none(user_id=buyer_id)
    if profile is not None and profile.status in _HELD_BY_MODERATION:
        raise Forbidden("bond.held_by_moderation")
    held = await held_bond(buyer_id)
    if not held:
        raise InvalidState("bond.nothing_held")
    open_orders = await Order.filter(buyer_id=buyer_id).exclude(state__in=FINAL_STATES).count()
    if open_orders:
        raise InvalidState("bond.orders_open", count=open_orders)
    days = current_settings().dispute_window_days
    since = clock.now() - timedelta(days=days)
    if await OrderEvent.filter(order__buyer_id=buyer_id, to_state=OrderState.COMPLETED, created_at__gte=since).exists():
        raise InvalidState("bond.recent_orders", days=days)
    return held
