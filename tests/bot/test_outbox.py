"""Notices reach people by themselves, in each person's own language, once."""

import re
from pathlib import Path

from bot.i18n import build_i18n
from bot.notices import INVOICES
from bot.outbox import deliver_pending
from bot.outbox_texts import TEXTS
from core.domain.listings import ListingStatus
from core.models.moderators import Moderator
from core.models.notifications import Notification
from core.services.catalog.listings import moderate_listing
from core.services.oversight import moderation
from core.services.runtime.notifications import queue
from tests import factories
from tests.bot.conftest import World, notices_sent


async def test_a_rejected_listing_is_explained_to_the_buyer_and_sent_once(world: World) -> None:
    seller = world.person("Wang", language="zh")
    await seller.says("/start")
    buyer = await seller.becomes_verified_buyer()
    listing = await factories.listing(buyer, title="Porter <Tanker>")
    await moderate_listing(listing.id, ListingStatus.PENDING_REVIEW, "reused photo")
    mod = await Moderator.create(username="mei", password_hash="x")
    await moderation.decide_listing(mod.id, listing.id, ListingStatus.REJECTED, "Logo misprinted")

    message = await seller.next()

    assert message.text == (
        "❌ 您的商品“Porter <Tanker>”未通过审核员审核。\n原因：Logo misprinted\n您可以修改后重新提交。"
    )
    await notices_sent()
    assert (await Notification.get(user_id=buyer.id, key="listing.rejected")).sent_at is not None
    shown = len(world.driver.messages(seller.user))
    assert await deliver_pending(world.bot, build_i18n()) == 0
    assert len(world.driver.messages(seller.user)) == shown


async def test_a_refund_notice_shows_the_amount_as_money_the_way_each_recipient_reads_it(world: World) -> None:
    params = {"order_id": 7, "title": "Serum", "refund": 5000, "currency": "JPY", "note": "Half"}
    customer, buyer = world.person("Alice"), world.person("Wang", language="zh")
    for person in (customer, buyer):
        await person.says("/start")
        await queue((await person.account()).id, "dispute.resolved", **params)

    in_english, in_chinese = (await customer.next()).text, (await buyer.next()).text

    assert "¥5,000" in in_english
    assert "JP¥5,000" in in_chinese
    assert "The dispute over order #7 “Serum” is settled.\nRefunded to the customer: ¥5,000;" in in_english
    assert "订单 #7“Serum”的争议已处理完毕。\n退还顾客：JP¥5,000；其余款项归买手。\n审核员备注：Half" in in_chinese


async def test_a_notice_with_a_photo_comes_as_the_photo_with_the_text_under_it(world: World) -> None:
    seller = world.person("Wang", language="zh")
    await seller.says("/start")
    user = await seller.account()

    await queue(user.id, "listing.approved", title="Porter Tanker", photo=world.photo())

    message = await seller.next()
    assert message.photo and message.caption == "✅ 您的商品“Porter Tanker”已通过审核，现已上架。"


async def test_a_user_who_blocked_the_bot_is_not_retried(world: World) -> None:
    customer = world.person("Alice")
    await customer.says("/start")
    user = await customer.account()
    shown = len(world.driver.messages(customer.user))
    world.driver.block_bot(customer.user)
    await queue(user.id, "buyer.verified")

    await notices_sent()

    notice = await Notification.get(user_id=user.id)
    assert notice.sent_at is not None and notice.error == "TelegramForbiddenError" and notice.attempts == 1
    assert len(world.driver.messages(customer.user)) == shown


def test_every_notice_core_queues_has_a_text() -> None:
    queued_by_core = {
        "listing.approved", "listing.rejected", "listing.removed", "listing.published", "listing.held",
        "report.upheld", "report.dismissed",
        "dispute.resolved", "bond.forfeited", "bond.compensated", "buyer.verified", "buyer.rejected",
        "buyer.suspended", "buyer.reinstated", "buyer.banned",
        "dispute.opened", "dispute.answered", "dispute.buyer_proposed", "dispute.customer_proposed",
        "dispute.declined", "dispute.agreed", "dispute.escalated",
        "tracking.in_transit", "tracking.customs", "tracking.delivered",
        "deposit_by.reminder", "deposit_by.missed.customer", "deposit_by.missed.buyer",
        "deposit_by.missed.offer.customer", "deposit_by.missed.offer.buyer",
        "purchase_by.reminder", "balance_by.reminder", "ship_by.reminder", "confirm_by.reminder",
        "purchase_by.missed.customer", "purchase_by.missed.buyer", "ship_by.missed.customer", "ship_by.missed.buyer",
        "balance_by.missed.customer", "balance_by.missed.buyer", "confirm_by.passed.customer",
        "confirm_by.passed.buyer", "request.reminder", "request.expired", "request.expired.offer", "offer.reminder",
        "offer.expired", "chat.message", "request.matched", "listing.fits_request", "listing.new_from_followed",
        "offer.new", "offer.accepted", "offer.declined", "offer.declined_by_customer", "request.cancelled",
        "order.new", "order.deposit_paid", "order.balance_paid", "order.address_given", "order.address_needed",
        "order.receipt_uploaded",
        "order.balance_due", "order.receipt_proof", "order.balance_invoice", "order.shipped", "order.delivery_question",
        "order.delivered", "order.not_delivered_yet", "order.completed", "order.cancelled",
        "order.cancelled_with_reason",
        "order.payment_received", "order.payment_refunded", "payment.refunded_unmatched", "bond.received",
        "review.posted", "review.replied", "payout.paid", "payout.refused", "refund.paid",
    }  # fmt: skip
    source = "\n".join(path.read_text() for path in Path("core/services").glob("*.py"))
    assert set(re.findall(r'queue\(\s*[\w.]+,\s*"([\w.]+)"', source)) <= queued_by_core  # no typo in a key
    assert queued_by_core == set(TEXTS) | set(INVOICES)
