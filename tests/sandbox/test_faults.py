"""Faults Telegram's side injects for simulations, and the journal that records a bot's traffic."""

import asyncio

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.types import LabeledPrice

from sandbox import Driver
from sandbox.faults import CALM, CallFault, Disturbance, FaultRates, JsonDict, SeededFaults


class Script:
    """A fault plan that fails the calls it is told to, in order, and disturbs every update the same way."""

    def __init__(self, *faults: CallFault | None, disturbance: Disturbance = CALM) -> None:
        self.faults = list(faults)
        self.disturbance = disturbance

    def call_fault(self, method: str, chat_id: int | None) -> CallFault | None:
        return self.faults.pop(0) if self.faults and method == "sendMessage" else None

    def disturb(self, update: JsonDict) -> Disturbance:
        return self.disturbance


async def test_a_flood_fault_is_a_429_and_sends_nothing(bot: Bot, driver: Driver) -> None:
    alice = driver.create_user("Alice", started=True)
    driver.inject_faults(Script(CallFault.FLOOD, CallFault.SERVER_ERROR))
    journal = driver.keep_journal()

    with pytest.raises(TelegramRetryAfter) as flood:
        await bot.send_message(alice.id, "one")
    with pytest.raises(TelegramServerError):
        await bot.send_message(alice.id, "two")
    await bot.send_message(alice.id, "three")

    assert flood.value.retry_after == 1
    assert [message.text for message in driver.messages(alice)] == ["three"]
    assert [(call.done, call.fault, call.text) for call in journal.calls] == [
        (False, CallFault.FLOOD, None),
        (False, CallFault.SERVER_ERROR, None),
        (True, None, "three"),
    ]


async def test_a_lost_answer_sends_the_message_but_the_bot_never_hears(bot: Bot, driver: Driver) -> None:
    alice = driver.create_user("Alice", started=True)
    driver.inject_faults(Script(CallFault.LOST_ANSWER, CallFault.TIMEOUT))
    journal = driver.keep_journal()

    with pytest.raises(TelegramNetworkError):
        await bot.send_message(alice.id, "<b>sent</b>", parse_mode="HTML")
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(alice.id, "not sent")

    assert [message.text for message in driver.messages(alice)] == ["sent"]
    assert [(call.chat_id, call.done, call.text) for call in journal.calls] == [
        (alice.id, True, "sent"),
        (alice.id, False, None),
    ]


async def test_a_duplicated_update_comes_twice_and_is_acknowledged_once(bot: Bot, driver: Driver) -> None:
    alice = driver.create_user("Alice")
    driver.inject_faults(Script(disturbance=Disturbance(duplicate=True)))
    journal = driver.keep_journal()
    acknowledged: list[int] = []
    journal.on_acknowledged.append(lambda update: acknowledged.append(update["update_id"]))
    sent = await driver.send_text(alice, "hello")

    delivered = await bot.get_updates(timeout=1)
    after = await bot.get_updates(offset=delivered[-1].update_id + 1, timeout=0)

    assert [update.update_id for update in delivered] == [sent.update_id, sent.update_id]
    assert after == []
    assert acknowledged == [sent.update_id]
    assert [delivery.update_id for delivery in journal.deliveries] == [sent.update_id, sent.update_id]


async def test_an_overtaking_update_arrives_before_the_one_queued_before_it(bot: Bot, driver: Driver) -> None:
    alice = driver.create_user("Alice")
    await driver.send_text(alice, "first")
    driver.inject_faults(Script(disturbance=Disturbance(overtake=True)))
    await driver.send_text(alice, "second")

    # A webhook gets updates in queue order (getUpdates answers in update_id order, as Telegram does).
    next_to_post = driver.bot.updates.first()
    assert next_to_post is not None and next_to_post["message"]["text"] == "second"


def test_a_seed_gives_each_chat_the_same_faults_however_chats_interleave() -> None:
    rates = FaultRates(flood=0.3, server_error=0.3, lost_answer=0.2, duplicate=0.5)
    alone, mixed = SeededFaults(7, rates), SeededFaults(7, rates)

    seen_alone = [alone.call_fault("sendMessage", 1) for _ in range(20)]
    seen_mixed = []
    for _ in range(20):
        mixed.call_fault("sendMessage", 2)
        seen_mixed.append(mixed.call_fault("sendMessage", 1))

    assert seen_alone == seen_mixed
    assert set(seen_alone) > {None}
    assert alone.call_fault("getUpdates", 1) is None


def test_a_chat_is_known_by_its_number_so_a_seed_keeps_its_faults_with_other_ids() -> None:
    rates = FaultRates(flood=0.5, server_error=0.3)
    first, second = SeededFaults(3, rates, first_user_id=7_000), SeededFaults(3, rates, first_user_id=9_000)

    assert [first.call_fault("sendMessage", 7_004) for _ in range(20)] == [
        second.call_fault("sendMessage", 9_004) for _ in range(20)
    ]


async def test_the_world_can_move_between_the_bots_ok_and_the_charge(bot: Bot, driver: Driver) -> None:
    alice = driver.create_user("Alice", started=True)
    prices = [LabeledPrice(label="Deposit", amount=300)]
    invoice = await bot.send_invoice(alice.id, "Deposit", "Order", "order:1", "JPY", prices, provider_token="p")
    moments: list[str] = []

    async def answer_pre_checkout() -> None:
        update = (await bot.get_updates(timeout=2))[-1]
        assert update.pre_checkout_query is not None
        moments.append("pre-checkout answered")
        await bot.answer_pre_checkout_query(update.pre_checkout_query.id, ok=True)

    async def deadline_passes() -> None:
        moments.append("deadline passed")

    answering = asyncio.create_task(answer_pre_checkout())
    outcome = await driver.pay_invoice(alice, invoice.message_id, before_charge=deadline_passes)
    await answering

    assert outcome.paid
    assert moments == ["pre-checkout answered", "deadline passed"]
