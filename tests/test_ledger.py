"""The escrow ledger as the people whose money it holds see it.

A customer's payment sits in the order's escrow; the buyer is paid out of it minus the platform
fee, or the customer gets it back, never more than was paid. A buyer's bond is held, handed back or
forfeited to a customer. Retried requests move money once, and what was written is never rewritten.
"""

from collections.abc import Awaitable, Callable
from decimal import Decimal

import pytest

from core.domain.money import Money
from core.errors import IdempotencyConflict, InsufficientFunds, InvalidInput
from core.models.ledger import Account, Entry, Transfer
from core.models.orders import Order
from core.services.money import ledger
from core.services.money.ledger import AccountKey
from core.services.trade import orders
from tests import factories

LedgerState = tuple[list[tuple[str, int, str, str, int]], list[tuple[int, str]], int]


async def ledger_state() -> LedgerState:
    """Every account with its balance, every transfer and the number of entries."""
    accounts = [
        (a.owner_kind.value, a.owner_id, a.purpose.value, a.currency, a.balance)
        for a in await Account.all().order_by("id")
    ]
    transfers = [(t.id, t.idempotency_key) for t in await Transfer.all().order_by("id")]
    return accounts, transfers, await Entry.all().count()


@pytest.fixture(autouse=True)
def ledger_only(no_bond_limit: None) -> None:
    """These stories are about the ledger; tests/test_exposure.py tells the bond limit's."""


async def new_order(currency: str = "JPY", item_price: int = 12800) -> Order:
    shopper = await factories.customer()
    seller = await factories.buyer(bond=None)
    price = orders.Price(Money(item_price, currency), 1, Money(0, currency), Money(0, currency))
    return await orders.create_order(shopper.id, seller.id, "Porter Tanker shoulder bag", price, 7)


async def balance(key: AccountKey, currency: str = "JPY") -> int:
    return await ledger.balance(key, currency)


async def test_a_captured_payment_is_held_in_the_orders_escrow() -> None:
    order = await new_order()

    transfer = await ledger.capture_payment("payment:tg-1", order.id, Money(3840, "JPY"))

    assert await balance(ledger.escrow_of(order.id)) == 3840
    assert await balance(ledger.CLEARING) == -3840
    assert (transfer.kind, transfer.currency, transfer.order_id) == ("capture", "JPY", order.id)
    amounts = sorted(e.amount for e in await Entry.filter(transfer_id=transfer.id))
    assert amounts == [-3840, 3840]


async def test_a_second_payment_adds_to_what_escrow_holds() -> None:
    order = await new_order()
    await ledger.capture_payment("payment:tg-1", order.id, Money(3840, "JPY"))
    await ledger.capture_payment("payment:tg-2", order.id, Money(8960, "JPY"))
    assert await balance(ledger.escrow_of(order.id)) == 12800


@pytest.mark.parametrize(
    ("currency", "amount", "fee_percent", "fee"),
    [
        ("JPY", 12800, Decimal(5), 640),
        ("JPY", 10, Decimal(5), 1),  # 0.5 rounds up, not to the even 0
        ("JPY", 50, Decimal(5), 3),  # 2.5 rounds up, not to the even 2
        ("JPY", 30, Decimal(5), 2),  # 1.5
        ("JPY", 29, Decimal(5), 1),  # 1.45 rounds down
        ("USD", 1999, Decimal("2.5"), 50),  # 49.975 cents
        ("USD", 20, Decimal("2.5"), 1),  # 0.5 cent
        ("JPY", 9, Decimal(5), 0),  # 0.45: no fee at all, the buyer gets everything
        ("JPY", 12800, Decimal(0), 0),
    ],
)
async def test_release_pays_the_buyer_minus_the_platform_fee_rounded_half_up(
    currency: str, amount: int, fee_percent: Decimal, fee: int
) -> None:
    order = await new_order(currency)
    await ledger.capture_payment("payment:tg-1", order.id, Money(amount, currency))

    transfer = await ledger.release_escrow(
        "order:release", order.id, order.buyer_id, Money(amount, currency), fee_percent
    )

    assert await balance(ledger.escrow_of(order.id), currency) == 0
    assert await balance(ledger.earnings_of(order.buyer_id), currency) == amount - fee
    assert await balance(ledger.FEES, currency) == fee
    assert await Entry.filter(transfer_id=transfer.id).count() == (3 if fee else 2)


async def test_part_of_escrow_can_be_released_and_the_rest_stays_held() -> None:
    order = await new_order()
    await ledger.capture_payment("payment:tg-1", order.id, Money(12800, "JPY"))
    await ledger.release_escrow("order:release", order.id, order.buyer_id, Money(3840, "JPY"), Decimal(5))
    assert await balance(ledger.escrow_of(order.id)) == 8960
    assert await balance(ledger.earnings_of(order.buyer_id)) == 3840 - 192


async def test_release_cannot_pay_out_more_than_escrow_holds() -> None:
    order = await new_order()
    await ledger.capture_payment("payment:tg-1", order.id, Money(3840, "JPY"))
    before = await ledger_state()

    with pytest.raises(InsufficientFunds):
        await ledger.release_escrow("order:release", order.id, order.buyer_id, Money(3841, "JPY"), Decimal(5))

    assert await ledger_state() == before


async def test_a_refund_goes_back_to_the_customer_out_of_escrow() -> None:
    order = await new_order()
    await ledger.capture_payment("payment:tg-1", order.id, Money(3840, "JPY"))

    await ledger.refund_escrow("order:refund-1", order.id, order.customer_id, Money(1000, "JPY"))
    await ledger.refund_escrow("order:refund-2", order.id, order.customer_id, Money(2840, "JPY"))

    assert await balance(ledger.escrow_of(order.id)) == 0
    assert await balance(ledger.refunds_of(order.customer_id)) == 3840


async def test_a_refund_is_never_more_than_escrow_holds_and_a_refused_one_changes_nothing() -> None:
    order = await new_order()
    await ledger.capture_payment("payment:tg-1", order.id, Money(3840, "JPY"))
    before = await ledger_state()

    with pytest.raises(InsufficientFunds):
        await ledger.refund_escrow("order:refund", order.id, order.customer_id, Money(3841, "JPY"))
    assert await ledger_state() == before

    # The customer who was refused can still get exactly what is held, under the same key.
    await ledger.refund_escrow("order:refund", order.id, order.customer_id, Money(3840, "JPY"))
    emptied = await ledger_state()
    with pytest.raises(InsufficientFunds):
        await ledger.refund_escrow("order:refund-again", order.id, order.customer_id, Money(1, "JPY"))
    assert await ledger_state() == emptied
    assert await balance(ledger.refunds_of(order.customer_id)) == 3840


async def test_a_refund_of_one_order_cannot_draw_on_another_orders_escrow() -> None:
    first, second = await new_order(), await new_order()
    await ledger.capture_payment("payment:tg-1", first.id, Money(100, "JPY"))
    await ledger.capture_payment("payment:tg-2", second.id, Money(5000, "JPY"))
    before = await ledger_state()

    with pytest.raises(InsufficientFunds):
        await ledger.refund_escrow("order:refund", first.id, first.customer_id, Money(200, "JPY"))

    assert await ledger_state() == before


async def test_replaying_a_key_with_the_same_content_returns_the_first_transfer_and_changes_nothing() -> None:
    order = await new_order()
    first = await ledger.capture_payment("payment:tg-1", order.id, Money(3840, "JPY"))
    before = await ledger_state()

    again = await ledger.capture_payment("payment:tg-1", order.id, Money(3840, "JPY"))

    assert again.id == first.id
    assert await ledger_state() == before
    assert await balance(ledger.escrow_of(order.id)) == 3840


async def test_a_retried_refund_is_answered_with_the_first_one_even_after_escrow_emptied() -> None:
    order = await new_order()
    await ledger.capture_payment("payment:tg-1", order.id, Money(3840, "JPY"))
    first = await ledger.refund_escrow("order:refund", order.id, order.customer_id, Money(3840, "JPY"))
    before = await ledger_state()

    again = await ledger.refund_escrow("order:refund", order.id, order.customer_id, Money(3840, "JPY"))

    assert again.id == first.id
    assert await ledger_state() == before
    assert await balance(ledger.refunds_of(order.customer_id)) == 3840


async def test_the_same_key_with_different_content_is_refused_and_changes_nothing() -> None:
    order, other = await new_order(), await new_order()
    await ledger.capture_payment("payment:tg-1", order.id, Money(3840, "JPY"))
    before = await ledger_state()

    with pytest.raises(IdempotencyConflict):
        await ledger.capture_payment("payment:tg-1", order.id, Money(3841, "JPY"))
    with pytest.raises(IdempotencyConflict):
        await ledger.capture_payment("payment:tg-1", other.id, Money(3840, "JPY"))
    with pytest.raises(IdempotencyConflict):
        await ledger.capture_payment("payment:tg-1", order.id, Money(3840, "USD"))
    with pytest.raises(IdempotencyConflict):
        await ledger.refund_escrow("payment:tg-1", order.id, order.customer_id, Money(3840, "JPY"))

    assert await ledger_state() == before


@pytest.mark.parametrize(
    "legs",
    [
        [],
        [(ledger.CLEARING, 100)],
        [(ledger.CLEARING, -100), (ledger.FEES, 99)],
        [(ledger.CLEARING, -100), (ledger.FEES, 100), (ledger.earnings_of(1), 0)],
        [(ledger.CLEARING, 0), (ledger.FEES, 0)],
    ],
    ids=["no-legs", "one-leg", "unbalanced", "a-zero-leg", "all-zero"],
)
async def test_unbalanced_or_zero_legs_are_refused(legs: list[tuple[AccountKey, int]]) -> None:
    with pytest.raises(InvalidInput) as refused:
        await ledger.post_transfer("manual:1", "adjustment", "JPY", legs)
    assert refused.value.code == "ledger.unbalanced"
    assert await ledger_state() == ([], [], 0)


@pytest.mark.parametrize("amount", [0, -100])
async def test_moving_nothing_or_less_than_nothing_is_refused(amount: int) -> None:
    order = await new_order()
    await ledger.capture_payment("payment:tg-1", order.id, Money(3840, "JPY"))
    before = await ledger_state()
    money = Money(amount, "JPY")

    moves: list[Callable[[], Awaitable[Transfer]]] = [
        lambda: ledger.capture_payment("k", order.id, money),
        lambda: ledger.refund_escrow("k", order.id, order.customer_id, money),
        lambda: ledger.release_escrow("k", order.id, order.buyer_id, money, Decimal(5)),
        lambda: ledger.post_bond("k", order.buyer_id, money),
        lambda: ledger.release_bond("k", order.buyer_id, money),
        lambda: ledger.forfeit_bond("k", order.buyer_id, order.customer_id, money),
    ]
    for move in moves:
        with pytest.raises(InvalidInput):
            await move()
    assert await ledger_state() == before


@pytest.mark.parametrize("key", ["", "k" * 129])
async def test_a_transfer_needs_a_usable_idempotency_key(key: str) -> None:
    with pytest.raises(InvalidInput):
        await ledger.post_transfer(key, "adjustment", "JPY", [(ledger.CLEARING, -1), (ledger.FEES, 1)])
    assert await ledger_state() == ([], [], 0)


async def test_a_buyers_bond_is_held_handed_back_and_forfeited_to_a_customer() -> None:
    seller = await factories.buyer(bond=None)
    shopper = await factories.customer()

    await ledger.post_bond("bond:1", seller.id, Money(50000, "JPY"))
    assert await balance(ledger.bond_of(seller.id)) == 50000
    assert await balance(ledger.CLEARING) == -50000

    await ledger.release_bond("bond:1:release", seller.id, Money(20000, "JPY"))
    assert await balance(ledger.bond_of(seller.id)) == 30000
    assert await balance(ledger.earnings_of(seller.id)) == 20000

    await ledger.forfeit_bond("bond:1:forfeit", seller.id, shopper.id, Money(10000, "JPY"))
    assert await balance(ledger.bond_of(seller.id)) == 20000
    assert await balance(ledger.refunds_of(shopper.id)) == 10000
    assert await balance(ledger.earnings_of(seller.id)) == 20000


async def test_a_forfeit_for_an_order_is_recorded_against_it_without_touching_its_escrow() -> None:
    order = await new_order()
    await ledger.capture_payment("payment:tg-1", order.id, Money(3840, "JPY"))
    await ledger.post_bond("bond:1", order.buyer_id, Money(50000, "JPY"))

    transfer = await ledger.forfeit_bond(
        "bond:1:forfeit", order.buyer_id, order.customer_id, Money(12800, "JPY"), order.id
    )

    assert transfer.order_id == order.id
    assert await balance(ledger.escrow_of(order.id)) == 3840
    assert await balance(ledger.refunds_of(order.customer_id)) == 12800


async def test_forfeiting_or_releasing_more_than_the_bond_is_refused_and_changes_nothing() -> None:
    seller = await factories.buyer(bond=None)
    shopper = await factories.customer()
    await ledger.post_bond("bond:1", seller.id, Money(50000, "JPY"))
    before = await ledger_state()

    with pytest.raises(InsufficientFunds):
        await ledger.forfeit_bond("bond:1:forfeit", seller.id, shopper.id, Money(50001, "JPY"))
    with pytest.raises(InsufficientFunds):
        await ledger.release_bond("bond:1:release", seller.id, Money(50001, "JPY"))
    assert await ledger_state() == before

    await ledger.forfeit_bond("bond:1:forfeit", seller.id, shopper.id, Money(50000, "JPY"))
    assert await balance(ledger.bond_of(seller.id)) == 0
    assert await balance(ledger.refunds_of(shopper.id)) == 50000


async def test_a_buyer_without_a_bond_has_nothing_to_forfeit() -> None:
    seller = await factories.buyer(bond=None)
    shopper = await factories.customer()
    with pytest.raises(InsufficientFunds):
        await ledger.forfeit_bond("bond:forfeit", seller.id, shopper.id, Money(1, "JPY"))
    assert await ledger_state() == ([], [], 0)


async def test_a_transfer_cannot_be_rewritten_or_deleted() -> None:
    order = await new_order()
    created = await ledger.capture_payment("payment:tg-1", order.id, Money(3840, "JPY"))
    before = await ledger_state()

    created.kind = "refund"
    with pytest.raises(PermissionError):
        await created.save()
    loaded = await Transfer.get(id=created.id)
    loaded.idempotency_key = "payment:tg-2"
    with pytest.raises(PermissionError):
        await loaded.save()
    with pytest.raises(PermissionError):
        await loaded.delete()

    assert await ledger_state() == before
    assert (await Transfer.get(id=created.id)).kind == "capture"


async def test_an_entry_cannot_be_rewritten_or_deleted() -> None:
    order = await new_order()
    transfer = await ledger.capture_payment("payment:tg-1", order.id, Money(3840, "JPY"))
    before = await ledger_state()

    entry = await Entry.filter(transfer_id=transfer.id, amount__gt=0).first()
    assert entry is not None
    entry.amount = 1_000_000
    with pytest.raises(PermissionError):
        await entry.save()
    with pytest.raises(PermissionError):
        await entry.delete()

    assert await ledger_state() == before
    assert await balance(ledger.escrow_of(order.id)) == 3840


async def test_accounts_are_per_currency_so_yen_never_pays_a_dollar_refund() -> None:
    order = await new_order("USD", 5000)
    await ledger.capture_payment("payment:tg-usd", order.id, Money(5000, "USD"))

    await ledger.capture_payment("payment:tg-jpy", order.id, Money(12800, "JPY"))

    assert await balance(ledger.escrow_of(order.id), "USD") == 5000
    assert await balance(ledger.escrow_of(order.id), "JPY") == 12800
    assert await balance(ledger.CLEARING, "USD") == -5000
    assert await balance(ledger.CLEARING, "JPY") == -12800
    before = await ledger_state()
    with pytest.raises(InsufficientFunds):
        await ledger.refund_escrow("order:refund", order.id, order.customer_id, Money(5001, "USD"))
    assert await ledger_state() == before


async def test_a_bond_in_one_currency_cannot_be_forfeited_in_another() -> None:
    seller = await factories.buyer(bond=None)
    shopper = await factories.customer()
    await ledger.post_bond("bond:1", seller.id, Money(50000, "JPY"))
    before = await ledger_state()

    with pytest.raises(InsufficientFunds):
        await ledger.forfeit_bond("bond:1:forfeit", seller.id, shopper.id, Money(100, "USD"))

    assert await ledger_state() == before
    assert await balance(ledger.bond_of(seller.id), "USD") == 0
