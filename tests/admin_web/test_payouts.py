"""A moderator works the payout queue: oldest first, the buyer's record and risks beside it, paid or refused."""

from collections.abc import Callable

from core.config import Settings
from core.domain.money import Money
from core.domain.order_machine import Actor, OrderState
from core.models.audit import AuditEntry
from core.models.notifications import Notification
from core.models.users import User
from core.services.money import ledger, payouts
from core.services.trade import disputes, orders
from tests import factories
from tests.admin_web.conftest import Desk


async def a_payout_request(override_settings: Callable[..., Settings], amount: int = 10000) -> tuple[int, int]:
    """A buyer with ¥12,160 earned asks for `amount` to their Alipay: (their user id, the payout id)."""
    override_settings(payout_after_dispute_window=False)
    order = await factories.order_in(OrderState.COMPLETED)
    method = await payouts.save_method(order.buyer_id, "alipay", "Bob Tanaka · 138 0013 8000")
    payout = await payouts.request_payout(order.buyer_id, method.id, Money(amount, "JPY"), f"k{order.id}")
    return order.buyer_id, payout.id


async def test_the_queue_lists_payouts_and_refunds_oldest_first_and_the_dashboard_counts_them(
    desk: Desk, override_settings: Callable[..., Settings]
) -> None:
    _, first = await a_payout_request(override_settings)
    refunded = await factories.order_in(OrderState.DEPOSIT_PAID)
    await orders.cancel_order(refunded.id, Actor.CUSTOMER, refunded.customer_id)

    page = await desk.page("/payouts")
    dashboard = await desk.page("/")

    assert page.index(f'href="/payouts/{first}"') < page.index("Customer refund")
    assert "Buyer payout" in page and "¥10,000" in page and "¥3,840" in page
    assert "<b>2</b>Payouts and refunds" in dashboard
    assert '<a href="/payouts">Payouts and refunds</a>' in dashboard


async def test_marking_a_payout_paid_moves_the_money_out_audits_it_and_tells_the_buyer(
    desk: Desk, override_settings: Callable[..., Settings]
) -> None:
    seller_id, payout_id = await a_payout_request(override_settings)
    seller = await User.get(id=seller_id)
    disputed = await factories.order_in(OrderState.SHIPPED, seller=seller)
    await disputes.open_dispute(disputed.customer_id, disputed.id, "It is a fake")

    case = await desk.page(f"/payouts/{payout_id}")
    assert "Bob Tanaka · 138 0013 8000" in case and "Alipay" in case
    assert f"Open dispute on order #{disputed.id}" in case
    assert "Orders as buyer" in case

    missing = await desk.post(f"/payouts/{payout_id}/paid", {"reference": " "})
    assert missing.status == 400
    assert "Please fill in transfer reference." in await missing.text()
    assert await ledger.balance(ledger.pending_payout_of(seller_id), "JPY") == 10000

    done = await desk.post(f"/payouts/{payout_id}/paid", {"reference": "ALI-20261207-1"})
    assert (done.status, done.headers["Location"]) == (303, "/payouts")
    assert "Done: the payout is marked paid; the buyer was told." in await desk.page("/payouts")
    again = await desk.post(f"/payouts/{payout_id}/paid", {"reference": "ALI-20261207-1"})
    assert again.status == 409

    assert await ledger.balance(ledger.pending_payout_of(seller_id), "JPY") == 0
    assert await AuditEntry.filter(action="payout.paid", moderator_id=desk.moderator.id).count() == 1
    assert await Notification.filter(user_id=seller_id, key="payout.paid").count() == 1
    assert "ALI-20261207-1" in await desk.page(f"/payouts/{payout_id}")


async def test_refusing_needs_a_reason_on_the_form_then_the_money_goes_back_to_the_earnings(
    desk: Desk, override_settings: Callable[..., Settings]
) -> None:
    seller_id, payout_id = await a_payout_request(override_settings)

    missing = await desk.post(f"/payouts/{payout_id}/refusal", {"reason": ""})
    assert missing.status == 400
    assert "Please fill in reason." in await missing.text() and 'action="/payouts/' in await missing.text()

    done = await desk.post(f"/payouts/{payout_id}/refusal", {"reason": "Name does not match the account"})
    assert done.status == 303
    assert await ledger.balance(ledger.earnings_of(seller_id), "JPY") == 12160
    notice = await Notification.get(user_id=seller_id, key="payout.refused")
    assert notice.params["reason"] == "Name does not match the account"
    assert (await AuditEntry.get(action="payout.refused")).reason == "Name does not match the account"


async def test_each_reading_of_the_payout_details_is_audited_without_the_details(
    desk: Desk, override_settings: Callable[..., Settings]
) -> None:
    _, payout_id = await a_payout_request(override_settings)

    await desk.page(f"/payouts/{payout_id}")
    await desk.page(f"/payouts/{payout_id}")
    await desk.page("/payouts")  # the queue shows no details: not a reading

    viewings = await AuditEntry.filter(action="payout.details_viewed")
    assert [(entry.target_kind, entry.target_id) for entry in viewings] == [("payout", str(payout_id))] * 2
    assert all(entry.moderator_id is not None and "Tanaka" not in str(entry.details) for entry in viewings)
