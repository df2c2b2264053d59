"""Buyers' earnings and payouts, customers' refunds: the ledger moves each once, and nothing is paid twice."""

import asyncio
from collections.abc import Callable

import pytest

from core.config import ConfigError, Settings, load_settings
from core.domain.money import Money
from core.domain.order_machine import Actor, OrderState
from core.domain.payouts import PayoutKind, PayoutStatus
from core.errors import Conflict, InvalidInput, InvalidState, NotFound
from core.models.audit import AuditEntry
from core.models.notifications import Notification
from core.models.payouts import Payout, PayoutMethod
from core.models.users import User
from core.sealing import new_key, unseal
from core.services.money import ledger, payouts
from core.services.oversight import payouts as payout_queue
from core.services.people.sealed_columns import SEALED_COLUMNS, reseal_all
from core.services.runtime import scheduler
from core.services.runtime.job_kinds import JOB_KINDS
from core.services.trade import disputes, orders
from tests import factories
from tests.conftest import PERSONAL_DATA_KEY, Travel
from tests.test_moderation import a_moderator

pytestmark = pytest.mark.postgres

WISE = "Bob Tanaka · bob@example.com"


async def seller_with_earnings(override_settings: Callable[..., Settings]) -> tuple[User, int]:
    """A buyer whose one order completed: ¥12,800 released, the 5% fee (¥640) kept, ¥12,160 earned."""
    override_settings(payout_after_dispute_window=False)
    order = await factories.order_in(OrderState.COMPLETED)
    seller = await User.get(id=order.buyer_id)
    method = await payouts.save_method(seller.id, "wise", WISE)
    return seller, method.id


async def test_earnings_show_each_release_with_its_price_fee_and_what_the_buyer_got() -> None:
    order = await factories.order_in(OrderState.COMPLETED)
    other = await factories.order_in(OrderState.SHIPPED, seller=await User.get(id=order.buyer_id))

    earnings = await payouts.earnings(order.buyer_id)
    history = await payouts.earnings_history(order.buyer_id)

    assert earnings.balance == (Money(12160, "JPY"),)
    assert earnings.withdrawable == ()  # by default, not before the dispute window has passed
    assert earnings.in_dispute_window == (Money(12160, "JPY"),)
    assert earnings.in_escrow == (Money(other.total, "JPY"),)
    (line,) = history.items
    assert (line.kind, line.order_id, line.price, line.fee, line.received) == (
        "release",
        order.id,
        Money(12800, "JPY"),
        Money(640, "JPY"),
        Money(12160, "JPY"),
    )


async def test_money_released_becomes_withdrawable_once_the_dispute_window_passes(travel: Travel) -> None:
    order = await factories.order_in(OrderState.COMPLETED)
    travel.forward(days=8)
    assert (await payouts.earnings(order.buyer_id)).withdrawable == (Money(12160, "JPY"),)


async def test_the_release_notice_names_the_fee_as_an_amount() -> None:
    order = await factories.order_in(OrderState.COMPLETED)
    notice = await Notification.get(user_id=order.buyer_id, key="order.completed")
    assert (notice.params["amount"], notice.params["fee"], notice.params["earned"]) == (12800, 640, 12160)


async def test_asking_for_a_payout_moves_it_to_pending_at_once_with_a_sealed_copy_of_the_method(
    override_settings: Callable[..., Settings],
) -> None:
    seller, method_id = await seller_with_earnings(override_settings)

    payout = await payouts.request_payout(seller.id, method_id, Money(10000, "JPY"), "k1")

    assert await ledger.balance(ledger.earnings_of(seller.id), "JPY") == 2160
    assert await ledger.balance(ledger.pending_payout_of(seller.id), "JPY") == 10000
    row = await Payout.get(id=payout.id)
    assert WISE not in row.details and unseal(row.details) == WISE
    # The buyer may delete the method; the payout keeps its own copy.
    await payouts.delete_method(seller.id, method_id)
    assert unseal((await Payout.get(id=payout.id)).details) == WISE
    # The same confirmed prompt, pressed again, asks for nothing more.
    assert (await payouts.request_payout(seller.id, method_id, Money(1000, "JPY"), "k1")).id == payout.id
    assert await Payout.filter(kind=PayoutKind.EARNINGS).count() == 1


async def test_a_payout_below_the_minimum_or_above_what_is_withdrawable_is_refused_and_moves_nothing(
    override_settings: Callable[..., Settings],
) -> None:
    seller, method_id = await seller_with_earnings(override_settings)
    with pytest.raises(InvalidInput) as below:
        await payouts.request_payout(seller.id, method_id, Money(1999, "JPY"), "k1")
    assert below.value.params == {"minimum": 2000, "currency": "JPY"}
    with pytest.raises(InvalidInput) as above:
        await payouts.request_payout(seller.id, method_id, Money(12161, "JPY"), "k2")
    assert above.value.params == {"max": 12160, "currency": "JPY"}
    with pytest.raises(NotFound):
        await payouts.request_payout(seller.id, method_id + 99, Money(5000, "JPY"), "k3")
    assert await ledger.balance(ledger.earnings_of(seller.id), "JPY") == 12160
    assert not await Payout.filter(kind=PayoutKind.EARNINGS).exists()


async def test_twenty_payout_requests_at_once_never_overdraw_the_earnings(
    override_settings: Callable[..., Settings],
) -> None:
    seller, method_id = await seller_with_earnings(override_settings)

    outcomes = await asyncio.gather(
        *(payouts.request_payout(seller.id, method_id, Money(5000, "JPY"), f"k{n}") for n in range(20)),
        return_exceptions=True,
    )

    asked = [o for o in outcomes if not isinstance(o, BaseException)]
    assert len(asked) == 2  # 2 × ¥5,000 of ¥12,160
    assert all(isinstance(o, InvalidInput) for o in outcomes if isinstance(o, BaseException))
    assert await ledger.balance(ledger.earnings_of(seller.id), "JPY") == 2160
    assert await ledger.balance(ledger.pending_payout_of(seller.id), "JPY") == 10000


async def test_a_paid_payout_leaves_the_ledger_once_audited_and_told_however_often_it_is_clicked(
    override_settings: Callable[..., Settings],
) -> None:
    seller, method_id = await seller_with_earnings(override_settings)
    payout = await payouts.request_payout(seller.id, method_id, Money(12160, "JPY"), "k1")
    mod = await a_moderator()
    clearing = await ledger.balance(ledger.CLEARING, "JPY")

    outcomes = await asyncio.gather(
        *(payout_queue.mark_paid(mod.id, payout.id, "WISE-123") for _ in range(5)), return_exceptions=True
    )

    assert sum(not isinstance(o, BaseException) for o in outcomes) == 1
    assert all(isinstance(o, Conflict) for o in outcomes if isinstance(o, BaseException))
    assert await ledger.balance(ledger.pending_payout_of(seller.id), "JPY") == 0
    assert await ledger.balance(ledger.CLEARING, "JPY") == clearing + 12160  # out through the provider, once
    entry = await AuditEntry.get(action="payout.paid")
    assert (entry.moderator_id, entry.details["reference"]) == (mod.id, "WISE-123")
    notice = await Notification.get(user_id=seller.id, key="payout.paid")
    assert notice.params == {"payout_id": payout.id, "amount": 12160, "currency": "JPY", "reference": "WISE-123"}
    assert (await Payout.get(id=payout.id)).status is PayoutStatus.PAID


async def test_a_refused_payout_goes_back_to_the_earnings_and_the_buyer_reads_why(
    override_settings: Callable[..., Settings],
) -> None:
    seller, method_id = await seller_with_earnings(override_settings)
    payout = await payouts.request_payout(seller.id, method_id, Money(10000, "JPY"), "k1")
    mod = await a_moderator()
    with pytest.raises(InvalidInput):
        await payout_queue.refuse(mod.id, payout.id, "  ")

    await payout_queue.refuse(mod.id, payout.id, "The account name does not match")

    assert await ledger.balance(ledger.earnings_of(seller.id), "JPY") == 12160
    assert await ledger.balance(ledger.pending_payout_of(seller.id), "JPY") == 0
    notice = await Notification.get(user_id=seller.id, key="payout.refused")
    assert notice.params["reason"] == "The account name does not match"
    assert (await AuditEntry.get(action="payout.refused")).reason == "The account name does not match"
    with pytest.raises(Conflict):
        await payout_queue.mark_paid(mod.id, payout.id, "late click")


async def test_a_refund_owed_to_a_customer_waits_in_the_queue_until_refunded_at_the_provider() -> None:
    order = await factories.order_in(OrderState.DEPOSIT_PAID)
    await orders.cancel_order(order.id, Actor.CUSTOMER, order.customer_id)
    mod = await a_moderator()

    (queued,) = (await payout_queue.payout_queue()).items
    assert (queued.payout.kind, queued.payout.amount, queued.user.id) == (
        PayoutKind.REFUND,
        Money(order.deposit_amount, "JPY"),
        order.customer_id,
    )
    case = await payout_queue.payout_case(queued.payout.id)
    assert [charge.amount for charge in case.charges] == [Money(order.deposit_amount, "JPY")]
    with pytest.raises(InvalidState):
        await payout_queue.refuse(mod.id, queued.payout.id, "no")

    await payout_queue.mark_paid(mod.id, queued.payout.id, "re_3PxYz")

    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 0
    assert (await Notification.get(user_id=order.customer_id, key="refund.paid")).params["reference"] == "re_3PxYz"
    (done,) = await payouts.payouts_of(order.customer_id, PayoutKind.REFUND)
    assert (done.status, done.reference) == (PayoutStatus.PAID, "re_3PxYz")
    assert (await payout_queue.payout_queue()).items == ()


async def test_the_queue_is_oldest_first_and_shows_the_buyers_open_risks(
    override_settings: Callable[..., Settings],
) -> None:
    seller, method_id = await seller_with_earnings(override_settings)
    first = await payouts.request_payout(seller.id, method_id, Money(5000, "JPY"), "k1")
    second = await payouts.request_payout(seller.id, method_id, Money(5000, "JPY"), "k2")
    disputed = await factories.order_in(OrderState.SHIPPED, seller=seller)
    await disputes.open_dispute(disputed.customer_id, disputed.id, "It is a fake")

    queue = await payout_queue.payout_queue()
    case = await payout_queue.payout_case(first.id)

    assert [item.payout.id for item in queue.items] == [first.id, second.id]
    assert case.risks.disputes == (disputed.id,)
    assert case.details == WISE


async def test_a_payouts_copy_of_the_details_is_redacted_after_the_retention_period(
    override_settings: Callable[..., Settings], travel: Travel
) -> None:
    seller, method_id = await seller_with_earnings(override_settings)
    payout = await payouts.request_payout(seller.id, method_id, Money(5000, "JPY"), "k1")
    await payout_queue.mark_paid((await a_moderator()).id, payout.id, "WISE-1")

    travel.forward(days=91)
    await scheduler.run_due(JOB_KINDS)

    row = await Payout.get(id=payout.id)
    assert row.details == "" and row.details_purged_at is not None
    assert await AuditEntry.filter(action="payout.details_purged", moderator_id=None).count() == 1
    assert await PayoutMethod.exists(id=method_id)  # the saved method stays until its owner deletes it


async def test_key_rotation_reseals_payout_methods_and_payouts(override_settings: Callable[..., Settings]) -> None:
    assert {(model, column) for model, column in SEALED_COLUMNS} >= {(PayoutMethod, "details"), (Payout, "details")}
    seller, method_id = await seller_with_earnings(override_settings)
    await payouts.request_payout(seller.id, method_id, Money(5000, "JPY"), "k1")
    fresh = new_key()
    override_settings(personal_data_keys=f"{fresh},{PERSONAL_DATA_KEY}")

    assert await reseal_all() == 2

    override_settings(personal_data_keys=fresh)
    assert (await payouts.saved_methods(seller.id))[0].details == WISE
    assert unseal((await Payout.get(user_id=seller.id)).details) == WISE


def test_payout_minimums_are_read_as_amounts_per_currency(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAYOUT_MINIMUMS", "100 CNY, 2000 JPY, 12.50 USD")
    monkeypatch.setenv("PAYOUT_AFTER_DISPUTE_WINDOW", "false")
    settings = load_settings()
    assert settings.payout_minimums == {"CNY": 10000, "JPY": 2000, "USD": 1250}
    assert settings.payout_after_dispute_window is False
    monkeypatch.setenv("PAYOUT_MINIMUMS", "100")
    with pytest.raises(ConfigError, match="PAYOUT_MINIMUMS"):
        load_settings()
