"""A moderator's day in the admin web: each page shows the case, each button changes it, audits it and tells people."""

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from admin_web.app import create_app
from core import clock
from core.config import Settings
from core.domain.buyers import BuyerStatus
from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.domain.reports import ReportStatus
from core.models.audit import AuditEntry
from core.models.disputes import Dispute
from core.models.listings import Listing
from core.models.notifications import Notification
from core.models.orders import Order
from core.models.rates import ExchangeRate
from core.models.reports import FakeReport
from core.models.users import BuyerProfile
from core.services.catalog.listings import moderate_listing
from core.services.catalog.publishing import PhotoUnavailable, publish_listing, sweep_with
from core.services.money import ledger, payment_inbox
from core.services.money.fees import current_fees
from core.services.money.payment_inbox import ReceivedCharge
from core.services.oversight import moderation
from core.services.oversight.reports import report_fake
from core.services.people.users import apply_as_buyer
from core.services.runtime import notifications
from core.services.runtime.job_kinds import JOB_KINDS
from core.services.runtime.scheduler import run_due
from core.services.trade import disputes
from sandbox import Sandbox, make_png, serve
from tests import factories
from tests.admin_web.conftest import Desk, moderator, sign_in
from tests.conftest import Travel


async def flagged_listing(title: str = "Porter Tanker shoulder bag") -> Listing:
    listing = await factories.listing(await factories.buyer(), title=title)
    return await moderate_listing(listing.id, ListingStatus.PENDING_REVIEW, "Photo reused from listing #12")


async def notice_keys() -> list[tuple[int, str]]:
    """What moderators' decisions told people (the order steps that set a story up tell people too)."""
    return [(n.user_id, n.key) for n in await Notification.exclude(key__startswith="order.").order_by("id")]


async def test_the_flagged_queue_shows_photos_risk_reasons_and_escapes_what_buyers_typed(desk: Desk) -> None:
    listing = await flagged_listing("<script>alert(1)</script> bag")

    page = await desk.page("/flagged")

    assert "Risk reasons: Photo reused from listing #12" in page
    assert f'Buyer: <a href="/users/{listing.buyer_id}">' in page
    assert 'src="/photo/photo-1"' in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


async def test_rejecting_a_flagged_listing_with_a_reason(desk: Desk) -> None:
    listing = await flagged_listing()
    assert "Orders as buyer" in await desk.page(f"/listings/{listing.id}")  # the buyer's history

    response = await desk.post(f"/listings/{listing.id}/decision", {"decision": "reject", "reason": "Fake logo"})

    assert (response.status, response.headers["Location"]) == (303, "/flagged")
    await listing.refresh_from_db()
    assert (listing.status, listing.status_reason) == (ListingStatus.REJECTED, "Fake logo")
    entry = await AuditEntry.get(target_kind="listing")
    assert (entry.moderator_id, entry.action, entry.reason) == (desk.moderator.id, "listing.reject", "Fake logo")
    assert await notice_keys() == [(listing.buyer_id, "listing.rejected")]


async def test_rejecting_without_a_reason_explains_and_changes_nothing(desk: Desk) -> None:
    listing = await flagged_listing()

    response = await desk.post(f"/listings/{listing.id}/decision", {"decision": "reject", "reason": " "})

    assert response.status == 400
    assert "Please fill in reason." in await response.text()
    assert (await Listing.get(id=listing.id)).status is ListingStatus.PENDING_REVIEW
    assert not await AuditEntry.exists()


async def test_approving_and_removing_listings(desk: Desk) -> None:
    approved, removed = await flagged_listing(), await flagged_listing()

    await desk.post(f"/listings/{approved.id}/decision", {"decision": "approve"})
    await desk.post(f"/listings/{removed.id}/decision", {"decision": "remove", "reason": "Counterfeit"})

    assert (await Listing.get(id=approved.id)).status is ListingStatus.ACTIVE
    assert (await Listing.get(id=removed.id)).status is ListingStatus.REMOVED
    assert [e.action for e in await AuditEntry.all().order_by("id")] == ["listing.approve", "listing.remove"]
    assert [key for _, key in await notice_keys()] == ["listing.approved", "listing.removed"]


async def test_the_queue_pages_by_fifty_with_a_cursor(desk: Desk) -> None:
    seller = await factories.buyer()
    for number in range(51):
        listing = await factories.listing(seller, title=f"Bag number {number}")
        await Listing.filter(id=listing.id).update(status=ListingStatus.PENDING_REVIEW)

    first = await desk.page("/flagged")
    oldest = await Listing.all().order_by("id").first()
    assert oldest is not None

    assert first.count('class="card"') == 50 and "Bag number 50" in first and "Bag number 0<" not in first
    assert f"?before={oldest.id + 1}" in first
    second = await desk.page(f"/flagged?before={oldest.id + 1}")
    assert second.count('class="card"') == 1 and "Bag number 0<" in second


async def a_report() -> FakeReport:
    listing = await factories.listing(await factories.buyer())
    reporter = await factories.customer("Carol")
    return await report_fake(reporter.id, "Stitching is off", ["evidence-photo"], listing_id=listing.id)


async def test_upholding_a_report_removes_the_listing(desk: Desk) -> None:
    report = await a_report()
    page = await desk.page(f"/reports/{report.id}")
    assert "Stitching is off" in page and 'src="/photo/evidence-photo"' in page

    response = await desk.post(f"/reports/{report.id}/resolve", {"verdict": "uphold", "resolution": "Confirmed fake"})

    assert response.status == 303
    await report.refresh_from_db()
    assert report.status is ReportStatus.UPHELD
    assert (await Listing.get(id=report.listing_id)).status is ListingStatus.REMOVED
    assert await AuditEntry.filter(action="report.uphold", target_id=str(report.id)).exists()
    assert [key for _, key in await notice_keys()] == ["report.upheld", "listing.removed"]


async def test_dismissing_a_report(desk: Desk) -> None:
    report = await a_report()

    await desk.post(f"/reports/{report.id}/resolve", {"verdict": "dismiss", "resolution": "Receipt is genuine"})

    assert (await FakeReport.get(id=report.id)).status is ReportStatus.DISMISSED
    assert (await Listing.get(id=report.listing_id)).status is ListingStatus.ACTIVE
    assert await notice_keys() == [(report.reporter_id, "report.dismissed")]


async def a_dispute(bond: Money = factories.BOND) -> Order:
    order = await factories.order_in(OrderState.SHIPPED, seller=await factories.buyer(bond=bond))
    await disputes.open_dispute(order.customer_id, order.id, "The strap is missing")
    return await factories.fresh(order)


async def test_a_dispute_page_shows_the_timeline_and_the_ledger(desk: Desk) -> None:
    order = await a_dispute()

    page = await desk.page(f"/disputes/{order.id}")

    assert "The strap is missing" in page and "Customer · dispute opened (Shipped → Disputed)" in page
    assert page.count("Payment into escrow") == 4  # deposit and balance, two legs each
    assert "¥12,800" in page


async def test_the_queue_holds_disputes_the_two_sides_did_not_settle_with_everything_they_said(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    order = await factories.order_in(OrderState.SHIPPED)
    await disputes.open_dispute(order.customer_id, order.id, "Arrived <b>without</b> the strap", ["evidence-1"])
    await disputes.answer(order.buyer_id, order.id, "The strap was in the side pocket", ["answer-1"])
    await disputes.propose(order.customer_id, order.id, Money(9000, "JPY"))
    await disputes.propose(order.buyer_id, order.id, Money(1500, "JPY"))
    assert "No open dispute." in await desk.page("/disputes")  # still theirs to settle

    later = clock.now() + timedelta(hours=49)
    with monkeypatch.context() as two_days_on:
        two_days_on.setattr("core.clock.now", lambda: later)
        await disputes.escalate_overdue_disputes()

    queue = await desk.page("/disputes")
    assert f'href="/disputes/{order.id}"' in queue and "Arrived &lt;b&gt;without&lt;/b&gt; the strap" in queue
    case = await desk.page(f"/disputes/{order.id}")
    assert "No agreement: for a moderator" in case and "Arrived &lt;b&gt;without&lt;/b&gt; the strap" in case
    assert "/photo/evidence-1" in case and "/photo/answer-1" in case
    assert "The strap was in the side pocket" in case
    assert "¥9,000" in case and "Replaced by a newer proposal" in case
    assert "¥1,500" in case and "Expired" in case


async def test_a_partial_refund_typed_as_money(desk: Desk) -> None:
    order = await a_dispute()

    response = await desk.post(
        f"/disputes/{order.id}/settle", {"outcome": "refund", "amount": "5,000", "note": "Half the strap"}
    )

    assert response.status == 303
    assert (await Order.get(id=order.id)).state is OrderState.REFUNDED
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 5000
    assert await ledger.balance(ledger.earnings_of(order.buyer_id), "JPY") > 0
    entry = await AuditEntry.get(action="dispute.refund")
    assert (entry.target_id, entry.reason, entry.details["refund"]) == (str(order.id), "Half the strap", 5000)
    assert sorted(await notice_keys()) == sorted(
        [
            (order.buyer_id, "dispute.opened"),
            (order.customer_id, "dispute.resolved"),
            (order.buyer_id, "dispute.resolved"),
        ]
    )


async def test_a_refund_above_the_escrow_is_explained_and_nothing_moves(desk: Desk) -> None:
    order = await a_dispute()

    response = await desk.post(f"/disputes/{order.id}/settle", {"outcome": "refund", "amount": "99999", "note": "x"})

    assert response.status == 400
    assert "The refund must be between 0 and ¥12,800, the amount held in escrow." in await response.text()
    assert (await Order.get(id=order.id)).state is OrderState.DISPUTED
    assert not await AuditEntry.exists()


async def test_refund_in_full_and_release_to_the_buyer(desk: Desk) -> None:
    refunded, released = await a_dispute(), await a_dispute()

    await desk.post(f"/disputes/{refunded.id}/settle", {"outcome": "refund_all", "note": "Wrong item"})
    await desk.post(f"/disputes/{released.id}/settle", {"outcome": "release", "note": "Tracking shows delivery"})

    assert await ledger.balance(ledger.refunds_of(refunded.customer_id), "JPY") == 12800
    assert (await Order.get(id=released.id)).state is OrderState.COMPLETED
    assert [e.action for e in await AuditEntry.all().order_by("id")] == ["dispute.refund", "dispute.release"]


@pytest.mark.postgres
async def test_forfeiting_the_buyers_bond_to_the_customer(desk: Desk) -> None:
    order = await a_dispute(bond=Money(20000, "JPY"))

    response = await desk.post(f"/disputes/{order.id}/forfeit", {"amount": "¥8,000", "reason": "Counterfeit"})

    assert response.status == 303
    assert await ledger.balance(ledger.bond_of(order.buyer_id), "JPY") == 12000
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 8000
    assert await AuditEntry.filter(action="bond.forfeit", target_id=str(order.id)).exists()
    too_much = await desk.post(f"/disputes/{order.id}/forfeit", {"amount": "1", "reason": "again"})
    assert too_much.status == 409


async def double_click(desk: Desk, path: str, form: dict[str, str]) -> str:
    """The same form sent twice at once: one goes through, the other is refused with a page saying why."""
    clicks = await asyncio.gather(desk.post(path, form), desk.post(path, form))
    assert sorted(click.status for click in clicks) == [303, 409]
    return await next(click for click in clicks if click.status == 409).text()


async def test_a_double_clicked_forfeit_or_settlement_acts_once_and_the_second_click_says_so(desk: Desk) -> None:
    forfeited, settled = await a_dispute(bond=Money(20000, "JPY")), await a_dispute()

    forfeit_page = await double_click(desk, f"/disputes/{forfeited.id}/forfeit", {"amount": "8000", "reason": "Fake"})
    await double_click(desk, f"/disputes/{settled.id}/settle", {"outcome": "refund_all", "note": "Wrong item"})
    reloaded = await desk.post(f"/disputes/{settled.id}/settle?lang=zh", {"outcome": "refund_all", "note": "Again"})

    assert "The bond was already forfeited for this order." in forfeit_page
    assert reloaded.status == 409 and "该订单已不再处于争议状态。" in await reloaded.text()
    assert await ledger.balance(ledger.refunds_of(forfeited.customer_id), "JPY") == 8000
    assert await ledger.balance(ledger.refunds_of(settled.customer_id), "JPY") == 12800
    assert [e.action for e in await AuditEntry.all().order_by("id")] == ["bond.forfeit", "dispute.refund"]
    assert [key for _, key in await notice_keys() if key != "dispute.opened"] == [
        "bond.forfeited",
        "bond.compensated",
        "dispute.resolved",
        "dispute.resolved",
    ]


async def test_forfeiting_more_than_the_bond_holds_is_explained_in_money_and_nothing_moves(desk: Desk) -> None:
    order = await a_dispute(bond=Money(20000, "JPY"))

    response = await desk.post(f"/disputes/{order.id}/forfeit", {"amount": "¥30,000", "reason": "Counterfeit"})

    assert response.status == 400
    assert "bond holds ¥20,000: forfeit more than 0, up to that." in await response.text()
    assert await ledger.balance(ledger.bond_of(order.buyer_id), "JPY") == 20000
    assert not await AuditEntry.exists()


async def test_verifying_and_rejecting_buyer_applications(desk: Desk) -> None:
    chen, dana = await factories.customer("Chen"), await factories.customer("Dana")
    for applicant in (chen, dana):
        await apply_as_buyer(applicant.id, ["JP"], ["bags"], f"passport-{applicant.id}")
    assert f'src="/applications/{chen.id}/document"' in await desk.page(f"/applications/{chen.id}")

    await desk.post(f"/applications/{chen.id}/decision", {"decision": "verify"})
    await desk.post(f"/applications/{dana.id}/decision", {"decision": "reject", "reason": "Blurry document"})

    assert (await BuyerProfile.get(user_id=chen.id)).status is BuyerStatus.VERIFIED
    assert (await BuyerProfile.get(user_id=dana.id)).status is BuyerStatus.REJECTED
    assert await notice_keys() == [(chen.id, "buyer.verified"), (dana.id, "buyer.rejected")]


async def test_once_the_retention_has_passed_the_application_says_when_its_document_was_deleted(
    desk: Desk, travel: Travel
) -> None:
    chen = await factories.customer("Chen")
    await apply_as_buyer(chen.id, ["JP"], ["bags"], "passport-chen")
    await desk.post(f"/applications/{chen.id}/decision", {"decision": "verify"})
    travel.forward(days=30, minutes=1)  # ID_DOCUMENT_RETENTION_DAYS' default
    await run_due(JOB_KINDS)

    desk = await sign_in(desk.client, desk.moderator)  # a month on: signed out long ago
    english = await desk.page(f"/applications/{chen.id}")
    audit = await desk.page("/audit?action=buyer.id_document_purged")
    chinese = await desk.page(f"/applications/{chen.id}?lang=zh")

    purged_on = travel.at.strftime("%Y-%m-%d %H:%M UTC")
    assert f"Deleted after 30 days (on {purged_on})" in english and "passport-chen" not in english
    assert f"已于 {purged_on} 删除（保存了 30 天）" in chinese
    assert "automatic (scheduler)" in audit and f'href="/users/{chen.id}"' in audit


async def test_finding_a_buyer_and_suspending_lifting_and_banning(desk: Desk) -> None:
    seller = await factories.buyer("Erin")
    found = await desk.page(f"/users?q={seller.telegram_id}")
    assert f'href="/users/{seller.id}"' in found and "Erin" in found

    for decision in ("suspend", "lift", "ban"):
        response = await desk.post(f"/users/{seller.id}/buyer", {"decision": decision, "reason": "Late shipments"})
        assert response.status == 303

    assert (await BuyerProfile.get(user_id=seller.id)).status is BuyerStatus.BANNED
    actions = [e.action for e in await AuditEntry.filter(target_kind="user").order_by("id")]
    assert actions == ["buyer.suspend", "buyer.lift", "buyer.ban"]


async def test_searching_listings_and_orders(desk: Desk) -> None:
    await factories.listing(await factories.buyer(), title="Shiseido serum")
    await a_dispute()

    assert "Shiseido serum" in await desk.page("/listings?q=shiseido")
    assert "Shiseido serum" not in await desk.page("/listings?q=shiseido&status=removed")
    disputed = await desk.page("/orders?state=disputed")
    assert "Porter Tanker shoulder bag" in disputed and 'href="/disputes/' in disputed


async def test_setting_an_exchange_rate(desk: Desk) -> None:
    await desk.post("/rates", {"base": "jpy", "quote": "cny", "rate": "0.048"})

    rate = await ExchangeRate.get(base="JPY", quote="CNY")
    assert rate.set_by == "mei"
    page = await desk.page("/rates")
    assert "<td>JPY</td><td>0.048 CNY</td>" in page
    assert "<th>Base currency</th><th>Rate</th>" in page and "1 JPY = 0.048 CNY" in page
    in_chinese = await desk.page("/rates?lang=zh")
    assert "<th>基准货币</th><th>汇率</th>" in in_chinese and "例如：1 JPY = 0.048 CNY。" in in_chinese
    assert await AuditEntry.filter(action="rate.set", target_id="JPY/CNY").exists()


async def test_an_admin_changes_the_fees(admin_desk: Desk) -> None:
    response = await admin_desk.post("/fees", {"deposit_percent": "40", "platform_fee_percent": "4.5"})

    assert response.status == 303
    fees = await current_fees()
    assert (str(fees.deposit_percent), str(fees.platform_fee_percent)) == ("40.00", "4.50")
    assert await AuditEntry.filter(action="fees.set", moderator_id=admin_desk.moderator.id).exists()


async def test_the_audit_log_filters_newest_first(desk: Desk) -> None:
    first, second = await flagged_listing(), await flagged_listing()
    await desk.post(f"/listings/{first.id}/decision", {"decision": "approve"})
    other = await sign_in(desk.client, await moderator("lin"))  # the same browser, now signed in as lin
    await other.post(f"/listings/{second.id}/decision", {"decision": "reject", "reason": "Fake"})
    await other.post("/rates", {"base": "USD", "quote": "CNY", "rate": "7.1"})

    everything = await other.page("/audit")
    rejections = await other.page("/audit?action=listing.reject")
    by_lin = await other.page(f"/audit?moderator={other.moderator.id}")

    rows = [everything.index(f'data-action="{action}"') for action in ("rate.set", "listing.reject", "listing.approve")]
    assert rows == sorted(rows)
    assert rejections.count('class="audit-entry"') == 1
    assert by_lin.count('class="audit-entry"') == 2


async def test_the_dashboard_counts_queues_escrow_and_fakes_with_a_chart(desk: Desk) -> None:
    await flagged_listing()
    listing = await flagged_listing()
    await desk.post(f"/listings/{listing.id}/decision", {"decision": "reject", "reason": "Fake"})
    await a_dispute()

    page = await desk.page("/")

    assert "<svg" in page and "<script" not in page
    assert "<b>1</b>Flagged listings" in page and "<b>0</b>Disputes open" in page  # the two sides may still agree
    assert "<b>1</b>Fakes caught this week" in page
    assert "¥12,800" in page  # held in escrow for the disputed order


async def test_the_dashboard_counts_the_disputes_the_disputes_page_lists(desk: Desk) -> None:
    negotiating, escalated = await a_dispute(), await a_dispute()
    await disputes.escalate_now((await Dispute.get(order_id=escalated.id)).id)

    dashboard = await desk.page("/")
    queue = await desk.page("/disputes")

    assert "<b>1</b>Disputes open" in dashboard
    assert f'href="/disputes/{escalated.id}"' in queue and f'href="/disputes/{negotiating.id}"' not in queue


async def test_the_dashboard_raises_the_alarm_over_a_charge_left_unrecorded(desk: Desk) -> None:
    shopper = await factories.customer("Alice")
    charge = ReceivedCharge(
        "tg-stuck", "provider-stuck", shopper.telegram_id, "Alice", "en", "order:1:deposit", 3840, "JPY", {}
    )
    await payment_inbox.store(charge)

    assert "<b>0</b>Payments not recorded" in await desk.page("/")  # the bot is still on it

    later = clock.now() + payment_inbox.STUCK_AFTER + timedelta(minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("core.clock.now", lambda: later)
        page = await desk.page("/")
    assert '<div class="tile alarm"><b>1</b>Payments not recorded' in page
    assert "still not in the ledger after 15 minutes" in page


async def test_the_dashboard_shows_notices_waiting_and_jobs_failing_and_alarms_when_one_waits_too_long(
    desk: Desk, travel: Travel
) -> None:
    alice = await factories.customer("Alice")
    await notifications.queue(alice.id, "buyer.verified")
    await notifications.queue(alice.id, "buyer.reinstated")
    page = await desk.page("/")
    assert '<div class="tile"><b>2</b>Notices waiting to be sent' in page  # a sender is on them: no alarm yet
    assert '<div class="tile"><b>0</b>Scheduled jobs failing' in page

    travel.forward(minutes=6)
    page = await desk.page("/")
    assert '<div class="tile alarm"><b>2</b>Notices waiting to be sent' in page
    assert "check it runs; its log says why it fails" in page


async def test_the_dashboard_raises_the_alarm_over_a_listing_the_scheduler_cannot_score(
    desk: Desk, travel: Travel
) -> None:
    async def timed_out(file_id: str) -> bytes:
        raise PhotoUnavailable("TelegramNetworkError")

    await publish_listing((await factories.buyer("Bob")).id, factories.listing_input(), timed_out)
    sweep_with(timed_out)
    for minutes in (1, 1, 2, 4):  # the sweeper's first tries, with backoff
        assert "<b>0</b>Listings not scored" in await desk.page("/")
        travel.forward(minutes=minutes, seconds=1)
        await run_due(JOB_KINDS)

    page = await desk.page("/")
    assert '<a class="tile alarm" href="/listings?status=screening"><b>1</b>Listings not scored' in page
    assert "Listings still not scored after 15 minutes: customers do not see them." in page
    assert "Porter Tanker shoulder bag" in await desk.page("/listings?status=screening")


async def test_photos_without_a_bot_token_show_a_placeholder(desk: Desk) -> None:
    response = await desk.get("/photo/AgACAgIAAxk")

    assert (response.status, response.headers["Location"]) == (302, "/static/no-photo.svg")


async def test_photos_are_fetched_from_the_bot_api(override_settings: Callable[..., Settings]) -> None:
    sandbox = Sandbox(bot_username="daigou_admin_test_bot")
    token = "9001:AdminPhotoToken"
    png = make_png(32, 32)
    file_id = sandbox.driver(token).bot.files.add_photo(png, 32, 32)[-1]["file_id"]
    async with serve(sandbox) as api_url:
        override_settings(telegram_api_url=api_url, bot_token=token)
        app = create_app(open_database=False)
        async with TestClient(TestServer(app)) as client:
            browser: Any = await sign_in(client, await moderator())
            response = await browser.get(f"/photo/{file_id}")
            assert response.status == 200
            assert await response.read() == png
            assert (await browser.get("/photo/unknown-file")).status == 302


async def test_a_moderator_sees_the_address_only_on_a_disputed_orders_page_and_each_viewing_is_audited(
    desk: Desk,
) -> None:
    china = factories.address(
        country="CN", recipient="王芳", postcode="200120", customs={"cn_id_number": "11010519491231002X"}
    )
    order = await factories.order_in(OrderState.SHIPPED, ship_to=china)
    assert "王芳" not in await desk.page(f"/orders/{order.id}")
    assert await AuditEntry.filter(action="order.address_viewed").count() == 0

    await disputes.open_dispute(order.customer_id, order.id, "Not arrived")
    case = await desk.page(f"/disputes/{order.id}")
    assert "王芳 · +819012345678" in case and "11010519491231002X" in case and "200120" in case
    assert "王芳" not in await desk.page(f"/orders/{order.id}")  # the order's own page never shows it
    await desk.page(f"/disputes/{order.id}")
    viewed = await AuditEntry.filter(action="order.address_viewed").order_by("id")
    assert [(e.moderator_id, e.target_id) for e in viewed] == [(desk.moderator.id, str(order.id))] * 2
    assert all("王芳" not in str(e.details) and "11010519491231002X" not in str(e.details) for e in viewed)

    await moderation.settle_dispute(desk.moderator.id, order.id, Money(0, "JPY"), "Arrived after all")
    settled = await desk.get(f"/disputes/{order.id}")
    assert settled.status == 409 and "王芳" not in await settled.text()
    assert "王芳" not in await desk.page(f"/orders/{order.id}")
    assert await AuditEntry.filter(action="order.address_viewed").count() == 2
