"""Moderator-set exchange rates: prices shown in a second currency, and compared across currencies (risk, matching)."""

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


async def convert_for_display(money: Money, to_currency: str) -> Money | None:
    """`money` in `to_currency`, or None when no rate is set either way."""
    to_currency = check_currency(to_currency)
    if money.currency == to_currency:
        return money
    direct = await ExchangeRate.get_or_none(base=money.currency, quote=to_currency)
    if direct is not None:
        return convert(money, direct.rate, to_currency)
    inverse = await ExchangeRate.get_or_none(base=to_currency, quote=money.currency)
    if inverse is not None:
        return convert(money, 1 / inverse.rate, to_currency)
    return None


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
            found[row.base] = row.rate  # a direct rate wins over an inverse one, as in convert_for_display
    return found
