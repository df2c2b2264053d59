"""Moderator-set exchange rates: prices shown in a second currency, and compared across currencies (risk, matching)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from tortoise.expressions import Q

from core.domain.money import Money, check_currency, convert
from core.errors import InvalidInput
from core.models.rates import ExchangeRate


async def set_rate(base: str, quote: str, rate: Decimal | str, set_by: str) -> ExchangeRate:
    """One major unit of `base` is worth `rate` units of `quote`."""
    base, quote = check_currency(base), check_currency(quote)
    if base == quote:
        raise InvalidInput("rate.same_currency")
    try:
        value = Decimal(rate)
    except InvalidOperation:
        raise InvalidInput("rate.not_a_number") from None
    if not value.is_finite() or not Decimal("1e-8") <= value <= Decimal("1e8"):
        raise InvalidInput("rate.out_of_range")
    row, _ = await ExchangeRate.update_or_create(
        base=base, quote=quote, defaults={"rate": value, "set_by": set_by[:64]}
    )
    return row


@dataclass(frozen=True, slots=True)
class RateRow:
    """A rate as the moderators' list shows it: 1 `base` = `rate` `quote`."""

    base: str
    quote: str
    rate: Decimal
    set_by: str
    updated_at: datetime


async def rate_rows() -> list[RateRow]:
    rows = await ExchangeRate.all().order_by("base", "quote")
    return [RateRow(row.base, row.quote, row.rate, row.set_by, row.updated_at) for row in rows]


@dataclass(frozen=True, slots=True)
class Conversion:
    """The moderators' rates into one currency, read once for as many prices as a page shows."""

    currency: str
    rates: dict[str, Decimal]  # what one major unit of each currency is worth in `currency`

    def __call__(self, money: Money) -> Money | None:
        """`money` in this currency, or None when no rate is set either way."""
        rate = self.rates.get(money.currency)
        return None if rate is None else convert(money, rate, self.currency)


async def conversion_into(currency: str) -> Conversion:
    return Conversion(check_currency(currency), await rates_into(currency))


async def rates_into(to_currency: str) -> dict[str, Decimal]:
    """What one major unit of each currency with a rate (direct or inverse) is worth in `to_currency`."""
    to_currency = check_currency(to_currency)
    found = {to_currency: Decimal(1)}
    rows = await ExchangeRate.filter(Q(base=to_currency) | Q(quote=to_currency))
    for row in rows:
        if row.base == to_currency:
            found.setdefault(row.quote, 1 / row.rate)
    for row in rows:
        if row.quote == to_currency:
            found[row.base] = row.rate  # a direct rate wins over an inverse one
    return found
