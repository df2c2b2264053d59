"""A charge the provider made is never lost: not to flood control, not to a failure after Telegram was answered.

Telegram sends a successful payment once. These stories break what comes after the card is charged and
check that the customer still ends with the order paid (or the money refunded) and is told so.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import Update

from bot import intake
from bot.app import build_bot, build_dispatcher
from bot.chat_isolation import ChatIsolation
from bot.i18n import build_i18n
from bot.webhook import SECRET_HEADER, WEBHOOK_PATH, serving_webhook
from core.domain.order_machine import OrderState
from core.models.ledger import Payment
from core.models.orders import Order
from core.services.runtime.job_kinds import JOB_KINDS
from core.services.runtime.scheduler import run_due
from core.services.trade import orders
from tests import factories
from tests.bot.conftest import Person, World, notices_sent
from tests.bot.order_stories import shop
from tests.conftest import Travel

pytestmark = pytest.mark.e2e

SECRET = "webhook-secret-of-the-payment-tests-0123456789"


async def a_deposit_invoice(world: World) -> tuple[Person, Order, Any]:
    """Alice taps Buy on Bob's ¥12,800 bag: her order, and the ¥3,840 deposit invoice in her chat."""
    _, _, bag = await shop(world)
    alice = world.person("Alice")
    await alice.driver.send_text(alice.user, f"/start l-{bag.id}")
    await alice.next()  # the welcome
    _, (_, invoice) = await alice.taps(await alice.next(), "🛒 Buy")
    return alice, await Order.get(customer__telegram_id=alice.user.id), invoice


async def until(condition: Callable[[], Awaitable[bool]], within: float = 5.0) -> None:
    deadline = time.monotonic() + within
    while not await condition():
        assert time.monotonic() < deadline, "the condition never came true"
        await asyncio.sleep(0.02)


async def test_a_customer_who_typed_a_flurry_of_messages_still_has_the_deposit_recorded(world: World) -> None:
    alice, order, invoice = await a_deposit_invoice(world)
    for n in range(12):  # impatient: far past the ten quick messages flood control lets through
        await alice.driver.send_text(alice.user, f"hello? {n}")
    await alice.catches_up()

    paid = await world.driver.pay_invoice(alice.user, invoice)

    assert paid.paid
    await until(lambda: Payment.exists(order_id=order.id))
    assert (await orders.get_order(order.id)).state is OrderState.DEPOSIT_PAID
    await notices_sent()
    assert any("Payment of ¥3,840 received" in m.content for m in alice.driver.messages(alice.user))


@pytest.fixture
def handling_fails(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every successful-payment update fails in the dispatcher, after it was taken in (and acknowledged)."""
    failed: list[int] = []
    feed_update = Dispatcher.feed_update

    async def failing(self: Dispatcher, bot: Bot, update: Any, **kwargs: Any) -> Any:
        if update.message is not None and update.message.successful_payment is not None:
            failed.append(update.update_id)
            raise ConnectionResetError("the database went away")
        return await feed_update(self, bot, update, **kwargs)

    monkeypatch.setattr(Dispatcher, "feed_update", failing)
    return failed


@pytest.mark.usefixtures("quick_typist")
async def test_a_deposit_whose_handling_failed_after_polling_moved_on_is_recorded_by_the_scheduler(
    world: World, travel: Travel, handling_fails: list[int]
) -> None:
    alice, order, invoice = await a_deposit_invoice(world)

    assert (await world.driver.pay_invoice(alice.user, invoice)).paid
    await until(lambda: asyncio.sleep(0, bool(handling_fails)))
    assert not await Payment.exists(order_id=order.id)

    travel.forward(minutes=2)  # the scheduler's next rounds
    await run_due(JOB_KINDS)

    assert (await orders.get_order(order.id)).state is OrderState.DEPOSIT_PAID
    await notices_sent()
    assert "Payment of ¥3,840 received" in (await alice.next()).content


def payment_update(update_id: int, payer_telegram_id: int, order: Order) -> dict[str, Any]:
    """The update Telegram posts once the provider has charged the deposit."""
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": {"id": payer_telegram_id, "type": "private", "first_name": "Alice"},
            "from": {"id": payer_telegram_id, "is_bot": False, "first_name": "Alice", "language_code": "en"},
            "successful_payment": {
                "currency": order.currency,
                "total_amount": order.deposit_amount,
                "invoice_payload": f"order:{order.id}:deposit",
                "telegram_payment_charge_id": f"tg-charge-{order.id}",
                "provider_payment_charge_id": f"provider-charge-{order.id}",
            },
        },
    }


async def test_a_deposit_whose_handling_failed_after_the_webhook_answered_is_recorded_by_the_scheduler(
    http_session: AiohttpSession, travel: Travel, handling_fails: list[int]
) -> None:
    shopper = await factories.customer("Alice")
    order = await factories.order_in(OrderState.AWAITING_DEPOSIT, shopper=shopper)
    token = "7001:WebhookPaymentToken"
    bot = build_bot(token, session=http_session)
    async with (
        serving_webhook(build_dispatcher(build_i18n()), bot, SECRET, "127.0.0.1", 0, 8) as url,
        aiohttp.ClientSession() as client,
    ):
        update = payment_update(1, shopper.telegram_id, order)
        async with client.post(f"{url}{WEBHOOK_PATH}", json=update, headers={SECRET_HEADER: SECRET}) as answer:
            assert answer.status == 200  # Telegram will not send it again
        await until(lambda: asyncio.sleep(0, bool(handling_fails)))

    assert not await Payment.exists(order_id=order.id)
    travel.forward(minutes=2)
    await run_due(JOB_KINDS)

    assert (await orders.get_order(order.id)).state is OrderState.DEPOSIT_PAID
    assert (await Payment.get(order_id=order.id)).telegram_payment_charge_id == f"tg-charge-{order.id}"


@pytest.mark.usefixtures("quick_typist")
async def test_polling_asks_again_for_a_payment_it_could_not_keep(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, order, invoice = await a_deposit_invoice(world)
    store, attempts = intake.store, []

    async def database_down_once(charge: Any) -> None:
        attempts.append(charge.telegram_payment_charge_id)
        if len(attempts) == 1:
            raise ConnectionRefusedError("the database is restarting")
        await store(charge)

    monkeypatch.setattr(intake, "store", database_down_once)

    assert (await world.driver.pay_invoice(alice.user, invoice)).paid
    await until(lambda: Payment.exists(order_id=order.id), within=10)
    assert len(attempts) == 2 and attempts[0] == attempts[1]  # the same update, fetched again
    assert (await orders.get_order(order.id)).state is OrderState.DEPOSIT_PAID


async def test_a_pre_checkout_query_never_waits_behind_busy_updates() -> None:
    """Neither for an in-flight slot nor for the payer's own chat, busy with a slow update."""
    isolation = ChatIsolation(SimpleEventIsolation())  # as with Redis: one update of a chat at a time
    dispatcher, release, answered = Dispatcher(events_isolation=isolation), asyncio.Event(), asyncio.Event()

    @dispatcher.message()
    async def slow(message: Any) -> None:
        await release.wait()

    @dispatcher.pre_checkout_query()
    async def check(query: Any) -> None:
        answered.set()

    taken_in = intake.UpdateIntake(dispatcher, Bot("42:PreCheckoutToken"), max_in_flight=1)
    chat = {"id": 5, "type": "private"}
    sender = {"id": 5, "is_bot": False, "first_name": "Alice"}
    busy = {"message_id": 1, "date": 1_700_000_000, "chat": chat, "from": sender, "text": "hi"}
    await taken_in.accept(Update.model_validate({"update_id": 1, "message": busy}))  # takes the only slot
    query = {"id": "q1", "from": sender, "currency": "JPY", "total_amount": 3840, "invoice_payload": "order:1:deposit"}

    await asyncio.wait_for(taken_in.accept(Update.model_validate({"update_id": 2, "pre_checkout_query": query})), 1)
    await asyncio.wait_for(answered.wait(), 1)
    release.set()
    await taken_in.drain(1)


async def test_with_the_database_gone_a_person_is_still_asked_to_try_again_in_their_language(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    li = world.person("李雷", "zh")
    await li.says("/start")

    def database_gone(*args: Any, **kwargs: Any) -> None:
        raise ConnectionResetError("connection is closed")

    async def still_gone(*args: Any, **kwargs: Any) -> None:
        database_gone()

    monkeypatch.setattr("bot.handlers.common.help_text", database_gone)  # the handler fails on the database
    monkeypatch.setattr("bot.middlewares.users.person_with_telegram_id", still_gone)  # and so does its language

    assert (await li.says("/help")).content == "抱歉，系统出了点问题，请稍后再试。"


async def test_a_payer_whose_check_failed_on_our_side_is_declined_at_once_and_not_charged(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Left unanswered, the payer would watch a spinner until Telegram gave up after 10 s."""
    alice, order, invoice = await a_deposit_invoice(world)

    async def database_gone(*args: Any, **kwargs: Any) -> None:
        raise ConnectionResetError("connection is closed")

    monkeypatch.setattr("core.services.money.payments.check_pre_checkout", database_gone)
    outcome = await world.driver.pay_invoice(alice.user, invoice)

    assert outcome.status == "declined"
    assert outcome.error_message == "Sorry, something went wrong on our side. Please try again in a moment."
    assert not await Payment.exists(order_id=order.id)
