"""What Telegram's payments take: which currencies, and how little and how much one invoice may ask.

The table is Telegram's own (core/domain/telegram_currencies.json; where it came from and how to refresh it:
telegram_currencies.md). Telegram refuses an invoice outside it, so a price is checked where it is set, for
every invoice it will lead to, and a person is told why there and then rather than when paying.
"""

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files

from core.domain.invoices import split_deposit
from core.domain.money import Money, exponent
from core.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class InvoiceLimits:
    """The smallest and largest amount one invoice in a currency may ask for, in our minor units."""

    minimum: Money
    maximum: Money


def _to_money(telegram_amount: str, telegram_exp: int, currency: str) -> Money:
    # Telegram counts in its own smallest units; ours come from CLDR. Where they differ the currency is
    # left out below, so this only ever converts within one exponent.
    major = Decimal(telegram_amount).scaleb(-telegram_exp)
    return Money(int(major.scaleb(exponent(currency))), currency)


@cache
def invoice_limits() -> dict[str, InvoiceLimits]:
    """Every currency an invoice may be in, with its limits."""
    table = json.loads(files("core.domain").joinpath("telegram_currencies.json").read_text(encoding="utf-8"))
    limits = {}
    for code, entry in table.items():
        # AFN, ALL, COP, HUF, IDR, LBP and YER: Telegram counts cents that CLDR (so Money) does not have, and
        # an invoice sends Money's minor units as they are, so it would ask a hundredth of the price.
        if int(entry["exp"]) != exponent(code):
            continue
        minimum = _to_money(entry["min_amount"], entry["exp"], code)
        maximum = _to_money(entry["max_amount"], entry["exp"], code)
        limits[code] = InvoiceLimits(minimum, maximum)
    return limits


def check_payable_currency(currency: str) -> str:
    if currency not in invoice_limits():
        raise InvalidInput("money.currency_not_payable", currency=currency)
    return currency


def check_invoice_amount(amount: Money) -> Money:
    """An amount one Telegram invoice can ask for, or the refusal that says which limit it is past."""
    limits = invoice_limits().get(check_payable_currency(amount.currency))
    assert limits is not None  # checked just above
    if amount.amount < limits.minimum.amount:
        raise InvalidInput("money.below_telegram_minimum", min=limits.minimum.amount, currency=amount.currency)
    if amount.amount > limits.maximum.amount:
        raise InvalidInput("money.above_telegram_maximum", max=limits.maximum.amount, currency=amount.currency)
    return amount


def check_order_payments(total: Money, deposit_percent: Decimal, *, at_least: bool = True) -> tuple[Money, Money]:
    """The deposit and balance an order total is paid in, each an invoice Telegram will take.

    No balance is asked when the deposit is the whole total (a 100% deposit share), so none is checked then.
    Without `at_least`, only the most Telegram takes is checked: for a part of a total that more may be added to.
    """
    limits = invoice_limits().get(check_payable_currency(total.currency))
    assert limits is not None  # checked just above
    deposit, balance = split_deposit(total, deposit_percent)
    low, high, currency = limits.minimum.amount, limits.maximum.amount, total.currency
    if at_least and deposit.amount < low:
        raise InvalidInput("money.deposit_below_telegram_minimum", deposit=deposit.amount, min=low, currency=currency)
    if deposit.amount > high:
        raise InvalidInput("money.deposit_above_telegram_maximum", deposit=deposit.amount, max=high, currency=currency)
    if at_least and 0 < balance.amount < low:
        raise InvalidInput("money.balance_below_telegram_minimum", balance=balance.amount, min=low, currency=currency)
    if balance.amount > high:
        raise InvalidInput("money.balance_above_telegram_maximum", balance=balance.amount, max=high, currency=currency)
    return deposit, balance
