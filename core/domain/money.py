"""Money in integer minor units of an ISO 4217 currency.

Exponents come from CLDR through Babel (JPY 0, USD 2, KWD 3), so no table is kept here.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache, lru_cache

from babel.numbers import format_currency, get_currency_precision, is_currency

from core.errors import InvalidInput


# Babel looks a code up in CLDR on every call, and money is checked on every conversion (risk scoring
# converts hundreds of prices a listing); the answers never change. Bounded: codes can come from users.
@lru_cache(maxsize=1024)
def _is_currency(canonical: str) -> bool:
    return is_currency(canonical)


@cache  # only ever asked about known currencies
def _precision(canonical: str) -> int:
    return int(get_currency_precision(canonical))


def check_currency(code: str) -> str:
    """Return the canonical (upper-case) ISO 4217 code or refuse it."""
    canonical = code.strip().upper()
    if len(canonical) != 3 or not _is_currency(canonical):
        raise InvalidInput("money.unknown_currency", currency=code)
    return canonical


def exponent(currency: str) -> int:
    return _precision(check_currency(currency))


@dataclass(frozen=True, slots=True)
class Money:
    amount: int  # minor units
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or isinstance(self.amount, bool):
            raise TypeError("Money.amount must be an int of minor units")
        object.__setattr__(self, "currency", check_currency(self.currency))

    @classmethod
    def from_major(cls, value: Decimal | int | str, currency: str) -> "Money":
        """Build from major units, refusing more decimals than the currency has."""
        try:
            major = Decimal(value)
        except InvalidOperation:
            raise InvalidInput("money.not_a_number", value=str(value)) from None
        if not major.is_finite():
            raise InvalidInput("money.not_a_number", value=str(value))
        places = exponent(currency)
        minor = major.scaleb(places)
        if minor != minor.to_integral_value():
            raise InvalidInput("money.too_many_decimals", currency=currency.upper(), places=places)
        return cls(int(minor), currency)

    @property
    def major(self) -> Decimal:
        return Decimal(self.amount).scaleb(-exponent(self.currency))

    def _same_currency(self, other: "Money") -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot mix {self.currency} and {other.currency}")

    def __add__(self, other: "Money") -> "Money":
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: "Money") -> "Money":
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: int) -> "Money":
        return Money(self.amount * factor, self.currency)

    def percent(self, percent: Decimal) -> "Money":
        """`percent`% of this amount, rounded half-up to a whole minor unit."""
        share = (Decimal(self.amount) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return Money(int(share), self.currency)

    def format(self, locale: str = "en") -> str:
        return format_currency(self.major, self.currency, locale=locale)


def check_price(money: Money) -> Money:
    """A price a person could mean: more than nothing. How much is too much is Telegram's to say, per currency
    and per invoice (core/domain/payment_limits.py), where the price is set."""
    if money.amount <= 0:
        raise InvalidInput("money.not_positive")
    return money


# Symbols and words people type in front of or after a number. "¥" alone is ambiguous
# (yen and yuan): it means the caller's default currency when that is CNY, otherwise JPY.
_SYMBOLS = {
    "US$": "USD",
    "HK$": "HKD",
    "NT$": "TWD",
    "C$": "CAD",
    "A$": "AUD",
    "S$": "SGD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "₩": "KRW",
    "円": "JPY",
    "元": "CNY",
    "RMB": "CNY",
    "人民币": "CNY",
    "美元": "USD",
    "日元": "JPY",
    "欧元": "EUR",
}
_AMOUNT = r"(?P<number>\d[\d,\s]*(?:[.]\d+)?)"
_PRICE = re.compile(rf"^(?P<before>[^\d\s]*)\s*{_AMOUNT}\s*(?P<after>[^\d\s]*)$")


def _currency_from_token(token: str, default: str | None) -> str | None:
    if not token:
        return None
    if token in ("¥", "￥"):
        return "CNY" if default == "CNY" else "JPY"
    upper = token.upper()
    if upper in _SYMBOLS:
        return _SYMBOLS[upper]
    return check_currency(token)


def _normalise_number(text: str) -> str:
    text = re.sub(r"\s", "", text)
    # "12,5" is a decimal comma; "12,800" and "1,234,567.5" use commas between thousands.
    if re.fullmatch(r"\d+,\d{1,2}", text):
        return text.replace(",", ".")
    if "," in text and not re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):
        raise InvalidInput("money.not_a_number", value=text)
    return text.replace(",", "")


def parse_money(text: str, default_currency: str | None = None) -> Money:
    """Read a price the way people type it: `12800 JPY`, `¥12,800`, `12.5 usd`, `US$ 99`."""
    return check_price(_read_amount(text, default_currency))


def parse_fee(text: str, default_currency: str | None = None) -> Money:
    """Read a fee, which unlike a price may be zero: `0`, `¥0`, `1,500 JPY`."""
    if text.strip().startswith("-"):
        raise InvalidInput("money.negative")
    return _read_amount(text, default_currency)


def _read_amount(text: str, default_currency: str | None) -> Money:
    cleaned = text.strip()
    if not cleaned or len(cleaned) > 40:
        raise InvalidInput("money.not_a_number", value=cleaned[:40])
    match = _PRICE.match(cleaned)
    if not match:
        raise InvalidInput("money.not_a_number", value=cleaned)
    before, after = match["before"], match["after"]
    if before.startswith("-"):
        raise InvalidInput("money.not_positive")
    if before and after:
        raise InvalidInput("money.not_a_number", value=cleaned)
    currency = _currency_from_token(before or after, default_currency) or default_currency
    if currency is None:
        raise InvalidInput("money.currency_missing")
    return Money.from_major(_normalise_number(match["number"]), currency)


def convert(money: Money, rate: Decimal, to_currency: str) -> Money:
    """Convert for display: one major unit of `money.currency` is worth `rate` of `to_currency`."""
    target = check_currency(to_currency)
    value = (money.major * rate).scaleb(exponent(target)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return Money(int(value), target)
