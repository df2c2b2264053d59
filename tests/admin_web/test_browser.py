"""A moderator in a real headless Chromium (the `browser` fixture in tests/conftest.py): sign in, reject, refund."""

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from playwright.async_api import Browser, Page, expect

from admin_web.app import create_app
from core import clock
from core.domain.listings import ListingStatus
from core.domain.order_machine import OrderState
from core.models.listings import Listing
from core.models.orders import Order
from core.services.catalog.listings import moderate_listing
from core.services.money import ledger
from core.services.trade import disputes
from tests import factories
from tests.admin_web.conftest import PASSWORD, moderator

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
async def admin_url() -> AsyncIterator[str]:
    server: TestServer[Any] = TestServer(create_app(open_database=False))
    await server.start_server()
    yield str(server.make_url("")).rstrip("/")
    await server.close()


@pytest.fixture
async def page(browser: Browser, admin_url: str) -> AsyncIterator[Page]:
    context = await browser.new_context(base_url=admin_url, locale="en-US")
    opened = await context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    await context.close()


async def signs_in(page: Page) -> None:
    await moderator("mei")
    await page.goto("/flagged")
    await expect(page).to_have_url(f"{page.url.split('/login')[0]}/login")
    await page.get_by_label("Username").fill("mei")
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


async def test_a_moderator_rejects_a_flagged_listing_with_a_reason(page: Page) -> None:
    listing = await factories.listing(await factories.buyer(), title="Porter Tanker 波特单肩包")
    await moderate_listing(listing.id, ListingStatus.PENDING_REVIEW, "Photo reused from listing #12")
    await signs_in(page)

    await page.get_by_role("link", name="Flagged listings").first.click()
    await expect(page.get_by_text("Photo reused from listing #12")).to_be_visible()
    await page.get_by_role("link", name=f"#{listing.id} Porter Tanker 波特单肩包").click()
    await page.get_by_label("Reason").fill("The logo is misprinted")
    await page.get_by_role("button", name="Reject").click()

    await expect(page.get_by_text("No listing is waiting for review.")).to_be_visible()
    await listing.refresh_from_db()
    assert (listing.status, listing.status_reason) == (ListingStatus.REJECTED, "The logo is misprinted")


async def test_a_moderator_settles_a_dispute_with_a_partial_refund(page: Page, monkeypatch: pytest.MonkeyPatch) -> None:
    order = await factories.order_in(OrderState.SHIPPED)
    await disputes.open_dispute(order.customer_id, order.id, "Arrived without the strap")
    await disputes.answer(order.buyer_id, order.id, "The strap was in the side pocket")
    later = clock.now() + timedelta(hours=49)
    with monkeypatch.context() as two_days_on:
        two_days_on.setattr("core.clock.now", lambda: later)
        await disputes.escalate_overdue_disputes()  # no agreement in time: the moderators' turn
    await signs_in(page)

    await page.get_by_role("link", name="Disputes").first.click()
    await page.get_by_role("link", name=str(order.id), exact=True).click()
    await expect(page.get_by_role("paragraph").filter(has_text="Arrived without the strap")).to_be_visible()
    await expect(page.get_by_text("The strap was in the side pocket")).to_be_visible()
    await page.get_by_label("Note (told to both sides)").fill("The strap is missing: half back")
    await page.get_by_label("Refund amount").fill("6,400")
    await page.get_by_role("button", name="Refund this amount, release the rest").click()

    await expect(page.get_by_text("No open dispute.")).to_be_visible()
    assert (await Order.get(id=order.id)).state is OrderState.REFUNDED
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 6400


async def test_the_dashboard_in_chinese(page: Page) -> None:
    seller = await factories.buyer("王芳")
    for title in ("资生堂精华液", "波特单肩包"):
        flagged = await factories.listing(seller, title=title)
        await Listing.filter(id=flagged.id).update(status=ListingStatus.PENDING_REVIEW)
    order = await factories.order_in(OrderState.SHIPPED)
    await disputes.open_dispute(order.customer_id, order.id, "没有收到")
    await signs_in(page)

    await page.goto("/?lang=zh")

    await expect(page.locator("html")).to_have_attribute("lang", "zh")
    await expect(page.locator("svg").first).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.goto("/flagged")
    await expect(page.get_by_text("资生堂精华液")).to_be_visible()
    await page.screenshot(path=str(SCREENSHOTS / "admin_flagged_zh.png"), full_page=True)
    await page.goto("/")
    await page.screenshot(path=str(SCREENSHOTS / "admin_dashboard_zh.png"), full_page=True)
