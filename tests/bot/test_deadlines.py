"""Deadlines in the chat: the card says what is due by when; a passed deadline settles the order and both
sides read what happened, in their own language, from the outbox."""

import asyncio
from typing import Any

import pytest
from tortoise.expressions import Q

from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.models.jobs import ScheduledJob
from core.models.listings import Listing
from core.models.notifications import Notification
from core.models.orders import Order
from core.services.money import ledger
from core.services.runtime import notifications, scheduler
from core.services.runtime.job_kinds import JOB_KINDS
from tests import factories
from tests.bot.conftest import Person, World, notices_sent
from tests.bot.order_stories import open_card, pair
from tests.conftest import Travel


async def news(world: World, *people: Person) -> list[str]:
    """Once the outbox has sent what is due: the one message each person received last."""
    await notices_sent()
    return [world.driver.last_message(person.user).text or "" for person in people]


async def test_a_buyer_who_misses_ship_by_loses_the_order_the_customer_is_refunded_and_both_are_told(
    world: World, travel: Travel
) -> None:
    alice, bob, order = await pair(world, OrderState.BALANCE_PAID)
    card = await open_card(alice, order.id)
    assert "📅 Ships by " in card.content and " UTC" in card.content

    travel.forward(days=order.days_to_ship)
    await scheduler.run_due(JOB_KINDS)

    to_alice, to_bob = await news(world, alice, bob)
    assert to_alice == (
        f"⌛ The buyer did not ship “Porter Tanker shoulder bag” (order #{order.id}) in time. "
        "The order is cancelled and ¥12,800 is refunded to you."
    )
    assert to_bob == (
        f"⌛ You did not ship order #{order.id} “Porter Tanker shoulder bag” in time. The order is cancelled, "
        "the customer gets ¥12,800 back, and it counts against your on-time rate."
    )
    assert await ledger.balance(ledger.refunds_of(order.customer_id), "JPY") == 12800
    card = await open_card(alice, order.id)
    assert "↩️ Refunded" in card.content and "0% on time" in card.content and "📅" not in card.content


async def test_an_order_left_unpaid_is_cancelled_after_a_reminder_and_its_bag_is_for_sale_again(
    world: World, travel: Travel
) -> None:
    alice, bob, order = await pair(world, OrderState.AWAITING_DEPOSIT, customer_language="zh")
    card = await open_card(alice, order.id)
    assert "📅 定金最晚支付时间：" in card.content and "逾期订单将被取消" in card.content

    travel.forward(hours=21)
    await scheduler.run_due(JOB_KINDS)
    (reminder,) = await news(world, alice)
    assert reminder == (
        f"⏰ 订单 #{order.id}“Porter Tanker shoulder bag”：距支付定金 JP¥3,840 的截止时间还剩约 3 小时，"
        "逾期订单将被取消。请在 /orders 中打开订单支付。"
    )
    travel.forward(hours=3)
    await scheduler.run_due(JOB_KINDS)

    to_alice, to_bob = await news(world, alice, bob)
    assert to_alice == (
        f"⌛ 订单 #{order.id}“Porter Tanker shoulder bag”的定金 JP¥3,840 未按时支付，订单已取消。"
        "您未被扣款；商品有货时您可以再次购买。"
    )
    assert to_bob == (
        f"⌛ The customer did not pay the deposit for order #{order.id} “Porter Tanker shoulder bag” in time, "
        "so the order is cancelled. Nothing had been paid, and the item is back on sale in your listing."
    )
    card = await open_card(alice, order.id)
    assert "✖️" in card.content and "📅" not in card.content
    assert (await Listing.get(id=order.listing_id)).stock == 1


async def test_an_order_nobody_disputes_completes_by_itself_told_in_each_persons_language(
    world: World, travel: Travel
) -> None:
    alice, bob, order = await pair(world, OrderState.DELIVERED, customer_language="zh")
    assert "has arrived" in (await news(world, bob))[0]  # she said it arrived: the buyer is told
    card = await open_card(alice, order.id)
    assert "📅 若未发起争议，将于 " in card.content and "自动完成" in card.content

    travel.forward(days=6)
    await scheduler.run_due(JOB_KINDS)
    (reminder,) = await news(world, alice)
    assert reminder == (
        f"⏰ 订单 #{order.id}“Porter Tanker shoulder bag”将在约 24 小时后自动完成，款项将付给买手。"
        "如有问题，请在此之前发起争议。"
    )
    travel.forward(days=1)
    await scheduler.run_due(JOB_KINDS)

    to_alice, to_bob = await news(world, alice, bob)
    assert to_alice == (
        f"✅ 订单 #{order.id}“Porter Tanker shoulder bag”已自动完成：期限内未发起争议。"
        "JP¥12,800 已放款给买手。您仍可以留下评价。"
    )
    assert to_bob == (
        f"✅ Order #{order.id} “Porter Tanker shoulder bag” completed by itself. ¥12,800, minus the platform fee of "
        "¥640, so ¥12,160 is now in your earnings (/earnings)."
    )
    fee = Money(12800, "JPY").percent(order.platform_fee_percent).amount
    assert await ledger.balance(ledger.earnings_of(order.buyer_id), "JPY") == 12800 - fee
    assert "✅" in (await open_card(alice, order.id)).content


async def test_a_scheduler_restarted_mid_schedule_fires_nothing_twice_and_misses_nothing(
    world: World, travel: Travel, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob, late = await pair(world, OrderState.BALANCE_PAID)
    done = await factories.order_in(OrderState.DELIVERED, shopper=await alice.account(), seller=await bob.account())
    assert "has arrived" in (await news(world, bob))[0]  # the customer said it arrived: the buyer is told
    travel.forward(days=late.days_to_ship)  # both deadlines pass together

    # The first scheduler stops dead in the middle of the first deadline: refund posted, notices not yet.
    stopped, queue = asyncio.Event(), notifications.queue

    async def stop_in_the_middle(*args: Any, **kwargs: Any) -> Any:
        stopped.set()
        await asyncio.Event().wait()
        return await queue(*args, **kwargs)

    monkeypatch.setattr(notifications, "queue", stop_in_the_middle)
    first = asyncio.create_task(scheduler.run_forever(JOB_KINDS, 0.01))
    await asyncio.wait_for(stopped.wait(), 10)
    first.cancel()
    await asyncio.gather(first, return_exceptions=True)
    monkeypatch.setattr(notifications, "queue", queue)
    assert (await factories.fresh(late)).state is OrderState.BALANCE_PAID  # nothing of it was kept

    travel.forward(hours=5)  # down a while
    second = asyncio.create_task(scheduler.run_forever(JOB_KINDS, 0.01))
    try:
        for _ in range(500):
            # Due, or claimed by a run still going (a claim moves the due time on by the lease).
            if not await ScheduledJob.filter(done_at=None, due_at__lte=travel.now() + scheduler.LEASE).exists():
                break
            await asyncio.sleep(0.01)
    finally:
        second.cancel()
        await asyncio.gather(second, return_exceptions=True)

    assert [o.state for o in await Order.filter(id__in=[late.id, done.id]).order_by("id")] == [
        OrderState.REFUNDED,
        OrderState.COMPLETED,
    ]
    assert await ledger.balance(ledger.refunds_of(late.customer_id), "JPY") == 12800
    await notices_sent()
    news_of_steps = Q(key__startswith="order.") | Q(key__startswith="tracking.")
    assert await Notification.exclude(news_of_steps).count() == 4  # two deadlines, told to both sides
    # The interrupted job runs again once its claim lapses, so its news may come second.
    for person in (alice, bob):
        told = " | ".join(message.text or "" for message in world.driver.messages(person.user)[-2:])
        assert "did not ship" in told and "completed by itself" in told
