"""Fees in force: an admin's choice stored in the database, else the settings from the environment."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from core.config import current_settings
from core.domain.money import Money, check_price
from core.domain.payment_limits import check_order_payments
from core.errors import InvalidInput
from core.models.platform_settings import PlatformSetting

DEPOSIT_PERCENT = "deposit_percent"
PLATFORM_FEE_PERCENT = "platform_fee_percent"


@dataclass(frozen=True, slots=True)
class Fees:
    deposit_percent: Decimal  # share of the total paid first, above 0 and at most 100
    platform_fee_percent: Decimal  # kept from money released to the buyer, 0 to below 50


async def current_fees() -> Fees:
    stored = dict(
        await PlatformSetting.filter(key__in=(DEPOSIT_PERCENT, PLATFORM_FEE_PERCENT)).values_list("key", "value")
    )
    settings = current_settings()
    return Fees(
        deposit_percent=Decimal(stored.get(DEPOSIT_PERCENT, settings.deposit_percent)),
        platform_fee_percent=Decimal(stored.get(PLATFORM_FEE_PERCENT, settings.platform_fee_percent)),
    )


async def check_payable_order(total: Money, *, at_least: bool = True) -> Money:
    """An order total whose deposit and balance, at the deposit share in force, Telegram will each take
    (without `at_least`: not more than it takes, for part of a total)."""
    check_order_payments(check_price(total), (await current_fees()).deposit_percent, at_least=at_least)
    return total


def _percent(value: Decimal | str, field: str) -> Decimal:
    try:
        percent = Decimal(str(value).strip().rstrip("%"))
    except InvalidOperation:
        raise InvalidInput("fees.not_a_number", field=field) from None
    if not percent.is_finite() or percent != percent.quantize(Decimal("0.01")):
        raise InvalidInput("fees.not_a_number", field=field)
    return percent.quantize(Decimal("0.01"))


def check_fees(deposit_percent: Decimal | str, platform_fee_percent: Decimal | str) -> Fees:
    """The same bounds as DEPOSIT_PERCENT and PLATFORM_FEE_PERCENT in the settings."""
    deposit = _percent(deposit_percent, "deposit_percent")
    fee = _percent(platform_fee_percent, "platform_fee_percent")
    if not 0 < deposit <= 100:
        raise InvalidInput("fees.deposit_range", min=0, max=100)
    if not 0 <= fee < 50:
        raise InvalidInput("fees.platform_fee_range", min=0, max=50)
    return Fees(deposit, fee)


async def store_fees(fees: Fees) -> None:
    """Save both values; orders created from now on use them, existing orders keep theirs."""
    for key, value in ((DEPOSIT_PERCENT, fees.deposit_percent), (PLATFORM_FEE_PERCENT, fees.platform_fee_percent)):
        await PlatformSetting.update_or_create(key=key, defaults={"value": str(value)})
