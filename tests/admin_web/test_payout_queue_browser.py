"""The payout queue in a real headless Chromium: a moderator pays a buyer's payout, then refunds a customer."""

from collections.abc import Callable

import pytest
from playwright.async_api import Page, expect

from core.config import Settings
from core.domain.money import Money
from core.domain.order_machine import Actor, OrderState
from core.domain.payouts import PayoutStatus
from core.models.payouts import Payout
from core.services.money import ledger, payouts
from core.services.trade import orders
from tests import factories
from tests.admin_web.test_browser import admin_url, page, signs_in  # noqa: F401  (the fixtures)

pytestmark = pytest.mark.browser


async def test_a_moderator_pays_the_oldest_payout_then_refunds_a_customer(
    page: Page,  # noqa: F811
    override_settings: Callable[..., Settings],
) -> None:
    override_settings(payout_after_dispute_window=False)
    sold = await factories.order_in(OrderState.COMPLETED)
    method = await payouts.save_method(sold.buyer_id, "paypal", "bob@example.com")
    asked = await payouts.request_payout(sold.buyer_id, method.id, Money(12000, "JPY"), "browser")
    cancelled = await factories.order_in(OrderState.DEPOSIT_PAID)
    await orders.cancel_order(cancelled.id, Actor.CUSTOMER, cancelled.customer_id)
    await signs_in(page)

    await page.get_by_role("link", name="Payouts and refunds").first.click()
    rows = page.locator("table.payouts tr")
    await expect(rows.nth(1)).to_contain_text("Buyer payout")
    await expect(rows.nth(2)).to_contain_text("Customer refund")
    await page.get_by_role("link", name=str(asked.id), exact=True).click()
    await expect(page.get_by_text("bob@example.com")).to_be_visible()
    await page.get_by_role("button", name="Mark paid").click()  # no reference yet: said beside the form
    await expect(page.get_by_role("alert")).to_contain_text("Please fill in transfer reference.")
    await page.get_by_label("Transfer reference (required)").fill("PP-9XK2")
    await page.get_by_role("button", name="Mark paid").click()
    await expect(page.get_by_text("Done: the payout is marked paid; the buyer was told.")).to_be_visible()

    await page.get_by_role("link", name="Customer refund").click()
    await page.get_by_label("Provider's refund reference (required)").fill("re_1Q2w3e")
    await page.get_by_role("button", name="Mark refunded").click()
    await expect(page.get_by_text("Done: the refund is recorded; the customer was told.")).to_be_visible()
    await expect(page.get_by_text("No payout or refund is waiting.")).to_be_visible()

    assert await Payout.filter(status=PayoutStatus.PAID).count() == 2
    assert await ledger.balance(ledger.pending_payout_of(sold.buyer_id), "JPY") == 0
    assert await ledger.balance(ledger.refunds_of(cancelled.customer_id), "JPY") == 0
