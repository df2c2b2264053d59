"""Moderators set exchange rates; prices are shown in both currencies."""

from decimal import Decimal

import pytest

from core.domain.money import Money
from core.errors import InvalidInput
from core.services.rates import convert_for_display, set_rate


async def test_a_set_rate_converts_both_ways_and_can_be_changed() -> None:
    await set_rate("JPY", "CNY", "0.048", set_by="mod-anna")
    assert await convert_for_display(Money(12800, "JPY"), "CNY") == Money(61440, "CNY")
    assert await convert_for_display(Money(100, "CNY"), "JPY") == Money(21, "JPY")
    await set_rate("jpy", "cny", Decimal("0.05"), set_by="mod-anna")
    assert await convert_for_display(Money(12800, "JPY"), "CNY") == Money(64000, "CNY")


async def test_without_a_rate_nothing_is_made_up() -> None:
    assert await convert_for_display(Money(100, "USD"), "KRW") is None
    assert await convert_for_display(Money(100, "USD"), "USD") == Money(100, "USD")


@pytest.mark.parametrize("rate", ["0", "-1", "abc", "1e20", "NaN"])
async def test_absurd_rates_are_refused(rate: str) -> None:
    with pytest.raises(InvalidInput):
        await set_rate("USD", "JPY", rate, set_by="mod-anna")
    assert await convert_for_display(Money(100, "USD"), "JPY") is None
