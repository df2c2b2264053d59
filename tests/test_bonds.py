"""A buyer posts a security bond in the bond currency, sees what it covers, and takes it back once nothing needs it."""

import asyncio
from datetime import timedelta

import pytest

from core import clock
from core.domain.buyers import BuyerStatus
from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.errors import DomainError, Forbidden, InvalidInput, InvalidState
from core.services.money import bonds, ledger, payments
from core.services.money.rates import set_rate
from core.services.people.users import apply_as_buyer, decide_buyer
from tests import factories

YUAN = Money(300_000, "CNY")  # ¥3,000.00


async def code_of(refusal: object) -> str:
    with pytest.raises(DomainError) as refused:
        await refusal  # type: ignore[misc]
    return refused.value.code


async def test_a_bond_is_posted_in_the_bond_currency_and_more_than_nothing() -> None:
    bob = await factories.buyer(bond=None)

    assert await bonds.bond_invoice(bob.id, YUAN) == YUAN
    with pytest.raises(InvalidInput) as refused:
        await bonds.bond_invoice(bob.id, Money(300_000, "JPY"))
    assert (refused.value.code, refused.value.params) == ("bond.wrong_currency", {"currency": "CNY"})
    assert await code_of(bonds.bond_invoice(bob.id, Money(0, "CNY"))) == "money.not_positive"
    assert await code_of(bonds.bond_invoice(bob.id, Money(10**12, "CNY"))) == "money.above_telegram_maximum"


async def test_a_bond_top_up_is_one_invoice_telegram_takes() -> None:
    bob = await factories.buyer(bond=None)

    with pytest.raises(InvalidInput) as too_little:
        await bonds.bond_invoice(bob.id, Money(500, "CNY"))  # ¥5, under Telegram's ¥6.44
    with pytest.raises(InvalidInput) as too_much:
        await bonds.bond_invoice(bob.id, Money(6_500_000, "CNY"))  # ¥65,000, over Telegram's ¥64,441.98

    assert (too_little.value.code, too_little.value.params) == (
        "money.below_telegram_minimum",
        {"min": 644, "currency": "CNY"},
    )
    assert (too_much.value.code, too_much.value.params) == (
        "money.above_telegram_maximum",
        {"max": 6_444_198, "currency": "CNY"},
    )
    assert await bonds.bond_invoice(bob.id, Money(644, "CNY")) == Money(644, "CNY")


async def test_only_a_verified_buyer_is_sent_a_bond_invoice() -> None:
    applicant = await factories.customer("Dai")
    await apply_as_buyer(applicant.id, ["JP"], ["bags"], "file-passport")

    with pytest.raises(Forbidden) as refused:
        await bonds.bond_invoice(applicant.id, YUAN)

    assert refused.value.code == "buyer.not_verified"


async def test_the_standing_shows_the_bond_and_the_open_orders_against_the_limit_in_yuan() -> None:
    bob = await factories.buyer(bond=None)
    await payments.record_bond_payment("tg-bond-1", bob.id, YUAN)
    await set_rate("CNY", "JPY", "20", "mei")  # ¥1 = 20 JPY: a 12,800 JPY order is ¥640
    await factories.order_in(OrderState.DEPOSIT_PAID, seller=bob)

    standing = await bonds.bond_standing(bob.id)

    assert standing.held == (YUAN,)
    assert standing.exposure is not None
    assert (standing.exposure.open_orders, standing.exposure.limit) == (Money(64_000, "CNY"), Money(900_000, "CNY"))
    assert standing.top_ups == (Money(100_000, "CNY"), Money(300_000, "CNY"), Money(1_000_000, "CNY"))


async def test_the_bond_stays_while_an_order_is_open() -> None:
    bob = await factories.buyer(bond=YUAN)
    await set_rate("CNY", "JPY", "20", "mei")
    await factories.order_in(OrderState.DELIVERED, seller=bob)

    with pytest.raises(InvalidState) as refused:
        await bonds.withdraw_bond(bob.id)

    assert (refused.value.code, refused.value.params) == ("bond.orders_open", {"count": 1})
    assert await ledger.balance(ledger.bond_of(bob.id), "CNY") == YUAN.amount


async def test_the_bond_comes_back_into_earnings_once_the_dispute_window_after_the_last_order_has_passed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bob = await factories.buyer(bond=YUAN)
    await set_rate("CNY", "JPY", "20", "mei")
    await factories.order_in(OrderState.COMPLETED, seller=bob)
    earned = await ledger.balance(ledger.earnings_of(bob.id), "JPY")

    with pytest.raises(InvalidState) as refused:
        await bonds.withdraw_bond(bob.id)
    assert (refused.value.code, refused.value.params) == ("bond.recent_orders", {"days": 7})

    later = clock.now() + timedelta(days=7, minutes=1)
    monkeypatch.setattr("core.clock.now", lambda: later)
    assert await bonds.withdraw_bond(bob.id) == [YUAN]

    assert await ledger.balance(ledger.bond_of(bob.id), "CNY") == 0
    assert await ledger.balance(ledger.earnings_of(bob.id), "CNY") == YUAN.amount
    assert await ledger.balance(ledger.earnings_of(bob.id), "JPY") == earned
    assert await code_of(bonds.withdraw_bond(bob.id)) == "bond.nothing_held"


@pytest.mark.postgres
async def test_two_withdrawals_at_once_hand_the_bond_back_once() -> None:
    bob = await factories.buyer(bond=YUAN)

    results = await asyncio.gather(*(bonds.withdraw_bond(bob.id) for _ in range(5)), return_exceptions=True)

    assert sum(result == [YUAN] for result in results) >= 1
    assert all(result == [YUAN] or isinstance(result, DomainError) for result in results)
    assert await ledger.balance(ledger.earnings_of(bob.id), "CNY") == YUAN.amount


@pytest.mark.parametrize("status", [BuyerStatus.SUSPENDED, BuyerStatus.BANNED])
async def test_a_suspended_or_banned_buyers_bond_waits_for_the_moderators(status: BuyerStatus) -> None:
    bob = await factories.buyer(bond=YUAN)
    await decide_buyer(bob.id, status, "counterfeit reports")

    with pytest.raises(Forbidden) as refused:
        await bonds.withdraw_bond(bob.id)

    assert refused.value.code == "bond.held_by_moderation"
    assert await ledger.balance(ledger.bond_of(bob.id), "CNY") == YUAN.amount
