"""Moderators set exchange rates; prices are shown in both currencies."""

from decimal import Decimal

import pytest

from core.domain.money import Money
from core.errors import InvalidInput
from core.services.money.rates import conversion_into, set_rate


async def test_a_set_rate_converts_both_ways_and_can_be_changed() -> None:
    await set_rate("JPY", "CNY", "0.048", set_by="mod-anna")
    assert (await conversion_into("CNY"))(Money(12800, "JPY")) == Money(61440, "CNY")
    assert (await conversion_into("JPY"))(Money(100, "CNY")) == Money(21, "JPY")
    await set_rate("jpy", "cny", Decimal("0.05"), set_by="mod-anna")
    assert (await conversion_into("CNY"))(Money(12800, "JPY")) == Money(64000, "CNY")


async def test_without_a_rate_nothing_is_made_up() -> None:
    assert (await conversion_into("KRW"))(Money(100, "USD")) is None
    assert (await conversion_into("USD"))(Money(100, "USD")) == Money(100, "USD")


@pytest.mark.parametrize("rate", ["0", "-1", "abc", "1e20", "NaN"])
async def test_absurd_rates_are_refused(rate: str) -> None:
    with pytest.raises(InvalidInput):
        await set_rate("USD", "JPY", rate, set_by="mod-anna")
    assert (await conversion_into("JPY"))(Money(100, "USD")) is None
