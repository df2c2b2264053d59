"""Prices as people type them, and amounts as the ledger keeps them."""

from decimal import Decimal

import pytest

from core.domain.catalog import local_currency
from core.domain.money import Money, convert, parse_fee, parse_money
from core.errors import InvalidInput


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12800 JPY", Money(12800, "JPY")),
        ("¥12,800", Money(12800, "JPY")),
        ("12.5 usd", Money(1250, "USD")),
        ("US$ 99", Money(9900, "USD")),
        ("$1,234.56", Money(123456, "USD")),
        ("€12,5", Money(1250, "EUR")),
        ("1.234 KWD", Money(1234, "KWD")),
        ("HK$300", Money(30000, "HKD")),
        ("880元", Money(88000, "CNY")),
        ("  45000  krw ", Money(45000, "KRW")),
        ("12 800 ¥", Money(12800, "JPY")),
    ],
)
def test_prices_are_read_the_way_people_type_them(typed: str, expected: Money) -> None:
    assert parse_money(typed) == expected


def test_yen_sign_means_yuan_for_a_customer_paying_in_cny() -> None:
    assert parse_money("¥88", default_currency="CNY") == Money(8800, "CNY")
    assert parse_money("88", default_currency="CNY") == Money(8800, "CNY")


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "money.not_a_number"),
        ("cheap", "money.not_a_number"),
        ("12800", "money.currency_missing"),
        ("12800 XYZ", "money.unknown_currency"),
        ("0 USD", "money.not_positive"),
        ("-5 USD", "money.not_positive"),
        ("12.5 JPY", "money.too_many_decimals"),
        ("1.2345 KWD", "money.too_many_decimals"),
        ("1,2,3 USD", "money.not_a_number"),
        ("$12 USD", "money.not_a_number"),
        ("1e5 USD", "money.not_a_number"),
    ],
)
def test_nonsense_prices_are_refused_with_a_reason(typed: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_money(typed)
    assert refused.value.code == code


def test_minor_units_follow_each_currencys_exponent() -> None:
    assert Money.from_major("12800", "JPY").amount == 12800
    assert Money.from_major("12.34", "USD").amount == 1234
    assert Money.from_major("1.234", "KWD").amount == 1234
    assert Money(1234, "KWD").major == Decimal("1.234")


def test_amounts_in_different_currencies_never_mix() -> None:
    with pytest.raises(ValueError):
        Money(100, "USD") + Money(100, "JPY")


def test_percent_rounds_half_up_to_a_whole_minor_unit() -> None:
    assert Money(12800, "JPY").percent(Decimal(5)) == Money(640, "JPY")
    assert Money(10, "USD").percent(Decimal(5)) == Money(1, "USD")  # 0.5 cent rounds up
    assert Money(9, "USD").percent(Decimal(5)) == Money(0, "USD")


def test_formatting_is_localised() -> None:
    assert Money(12800, "JPY").format("en") == "¥12,800"
    assert Money(1250, "USD").format("en") == "$12.50"
    assert Money(1250, "USD").format("zh_Hans") == "US$12.50"


def test_display_conversion_rounds_to_the_target_currency() -> None:
    assert convert(Money(12800, "JPY"), Decimal("0.0067"), "USD") == Money(8576, "USD")
    assert convert(Money(1000, "USD"), Decimal("150.5"), "JPY") == Money(1505, "JPY")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("0", Money(0, "JPY")),
        ("¥0", Money(0, "JPY")),
        ("1,500 JPY", Money(1500, "JPY")),
        ("2.5 usd", Money(250, "USD")),
    ],
)
def test_fees_may_be_zero(typed: str, expected: Money) -> None:
    assert parse_fee(typed, "JPY") == expected


@pytest.mark.parametrize(("typed", "code"), [("-5", "money.negative"), ("free", "money.not_a_number")])
def test_fees_are_never_negative(typed: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_fee(typed, "JPY")
    assert refused.value.code == code


def test_a_countrys_shops_price_in_its_currency() -> None:
    assert [local_currency(c) for c in ("JP", "fr", "HK")] == ["JPY", "EUR", "HKD"]
    assert local_currency("PS") is None  # several currencies in use: the customer must say which
