"""A buyer reads their earnings with the fees as amounts, saves a payout method and asks for a payout, which a
moderator pays in the admin web; a customer's refund is worked the same way. In English and in Chinese."""

from collections.abc import AsyncIterator, Callable

import pytest
from aiohttp.test_utils import TestClient, TestServer

from admin_web.app import create_app
from core.config import Settings
from core.domain.order_machine import Actor, OrderState
from core.models.payouts import PayoutMethod
from core.services.money import ledger
from core.services.trade import orders
from tests import factories
from tests.admin_web.conftest import Desk, moderator, sign_in
from tests.bot.conftest import World, notices_sent
from tests.bot.order_stories import pair

pytestmark = pytest.mark.usefixtures("quick_typist")

TEXTS = {
    "en": {
        "release": "¥12,800, minus the platform fee of ¥640, so ¥12,160 is now in your earnings",
        "earnings": "Earnings",
        "available": "Available to pay out: ¥12,160",
        "line": "price ¥12,800, platform fee ¥640, you received ¥12,160",
        "methods": "🏦 Payout methods",
        "add": "➕ Add a payout method",
        "wise": "Wise",
        "ask": "💸 Ask for a payout",
        "minimum": "The least you can ask for in JPY is ¥2,000.",
        "too_much": "You can ask for at most ¥12,160 in JPY right now.",
        "prompt": "Ask for a payout of ¥12,000 to Wise",
        "confirm": "✅ Yes, pay me ¥12,000",
        "asked": "of ¥12,000 asked for",
        "paid": "of ¥12,000 was sent. Transfer reference: WISE-77",
        "refund_due": "⏳ ¥3,840 for order #",
        "refunded": "💸 Your refund of ¥3,840 was made to the card you paid with. Provider reference: re_1",
        "refund_done": "✅ ¥3,840 for order #",
    },
    "zh": {
        "release": "托管款已放款：JP¥12,800，扣除平台服务费 JP¥640，JP¥12,160 已计入您的收入",
        "earnings": "收入",
        "available": "可提现：JP¥12,160",
        "line": "价格 JP¥12,800，平台服务费 JP¥640，您实收 JP¥12,160",
        "methods": "🏦 收款方式",
        "add": "➕ 添加收款方式",
        "wise": "Wise",
        "ask": "💸 申请提现",
        "minimum": "JPY 的最低提现金额为 JP¥2,000。",
        "too_much": "您目前最多可提现 JP¥12,160（JPY）。",
        "prompt": "申请提现 JP¥12,000 到Wise",
        "confirm": "✅ 确认，提现 JP¥12,000",
        "asked": "金额 JP¥12,000",
        "paid": "（JP¥12,000）已打款。转账流水号：WISE-77",
        "refund_due": "⏳ 订单 #",
        "refunded": "💸 JP¥3,840 的退款已原路退回到您付款的卡上。支付机构流水号：re_1",
        "refund_done": "✅ 订单 #",
    },
}


@pytest.fixture
async def desk() -> AsyncIterator[Desk]:
    async with TestClient(TestServer(create_app(open_database=False))) as client:
        yield await sign_in(client, await moderator())


async def pays_first_payout(desk: Desk, reference: str) -> None:
    queue = await desk.page("/payouts")
    payout_id = queue.split('href="/payouts/', 1)[1].split('"', 1)[0]
    response = await desk.post(f"/payouts/{payout_id}/paid", {"reference": reference})
    assert response.status == 303


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_a_buyer_reads_earnings_asks_for_a_payout_and_a_moderator_pays_it(
    world: World, desk: Desk, language: str, override_settings: Callable[..., Settings]
) -> None:
    override_settings(payout_after_dispute_window=False)
    said = TEXTS[language]
    bob = world.person("Bob", language)
    await bob.says("/start")
    seller = await bob.becomes_verified_buyer()
    order = await factories.order_in(OrderState.DELIVERED, seller=seller)
    await bob.catches_up()
    await orders.confirm_receipt(order.customer_id, order.id)
    await notices_sent()
    assert said["release"] in (await bob.next()).content

    screen = await bob.says("/earnings")
    assert said["available"] in screen.content and said["line"] in screen.content

    _, (methods,) = await bob.taps(screen, said["methods"])
    _, (kinds,) = await bob.taps(methods, said["add"])
    _, (question,) = await bob.taps(kinds, said["wise"])
    assert "Wise" in question.content
    await bob.says("Bob Tanaka · bob@example.com")
    assert "Wise: Bob Tanaka · bob@example.com" in (await bob.next()).content

    await bob.taps(await bob.says("/earnings"), said["ask"])
    assert said["minimum"] in (await bob.says("100")).content
    assert said["too_much"] in (await bob.says("20000")).content
    method_question = await bob.says("12000")
    _, (prompt,) = await bob.taps(method_question, f"{said['wise']}: Bob Tanaka · bob@exampl…")
    assert said["prompt"] in prompt.content
    _, (asked,) = await bob.taps(prompt, said["confirm"])
    assert said["asked"] in asked.content
    await bob.taps(prompt, said["confirm"])  # pressed again: nothing more is asked for
    assert await ledger.balance(ledger.pending_payout_of(seller.id), "JPY") == 12000

    await pays_first_payout(desk, "WISE-77")
    await notices_sent()

    assert said["paid"] in (await bob.next()).content
    assert await ledger.balance(ledger.pending_payout_of(seller.id), "JPY") == 0
    assert await ledger.balance(ledger.earnings_of(seller.id), "JPY") == 160


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_a_customer_sees_a_refund_due_then_done_once_a_moderator_refunds_it_at_the_provider(
    world: World, desk: Desk, language: str
) -> None:
    said = TEXTS[language]
    alice, _bob, order = await pair(world, OrderState.DEPOSIT_PAID, customer_language=language)
    await orders.cancel_order(order.id, Actor.CUSTOMER, order.customer_id)
    assert said["refund_due"] in (await alice.says("/refunds")).content

    await pays_first_payout(desk, "re_1")
    await notices_sent()

    assert said["refunded"] in (await alice.next()).content
    assert said["refund_done"] in (await alice.says("/refunds")).content
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 0


async def test_a_buyer_without_withdrawable_earnings_or_a_method_is_told_what_to_do_first(
    world: World, override_settings: Callable[..., Settings]
) -> None:
    bob = world.person("Bob")
    await bob.says("/start")
    seller = await bob.becomes_verified_buyer()
    await factories.order_in(OrderState.COMPLETED, seller=seller)
    open_order = await factories.order_in(OrderState.SHIPPED, seller=seller)

    screen = await bob.says("/earnings")
    assert "Available to pay out: nothing" in screen.content
    assert "Held until the dispute window of recent orders passes: ¥12,160" in screen.content
    assert f"Held in escrow on open orders: ¥{open_order.total:,}" in screen.content
    answer, _ = await bob.taps(screen, "💸 Ask for a payout")
    assert answer.text == "Nothing in your earnings can be paid out yet."

    override_settings(payout_after_dispute_window=False)
    answer, _ = await bob.taps(screen, "💸 Ask for a payout")
    assert answer.text == "Save a payout method first (bank account, Alipay, PayPal, Wise…) in /earnings."

    _, (methods,) = await bob.taps(screen, "🏦 Payout methods")
    _, (kinds,) = await bob.taps(methods, "➕ Add a payout method")
    await bob.taps(kinds, "Bank account")
    await bob.says("Bob Tanaka · MUFG 0123456")
    saved = await bob.next()
    answer, (after,) = await bob.taps(saved, "🗑 Delete Bank account Bob Tanaka · MU…")
    assert answer.text == "Deleted."
    assert "None saved yet. Add one to be paid out to it." in after.content
    assert not await PayoutMethod.exists()
