"""The outbox sender against the Bot API sandbox: pacing, flood waits, failures, restarts and several senders.

Here nobody polls and no outbox loop runs in the background: each test runs the senders itself.
"""

import asyncio
import itertools
from dataclasses import dataclass
from datetime import timedelta

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.app import build_bot
from bot.i18n import build_i18n
from bot.outbox import Outbox
from bot.pacing import Limits, Pacer
from core import clock
from core.models.notifications import Notification
from core.models.users import User
from core.services.people.users import register_contact
from core.services.runtime.notifications import LEASE, claim, new_claim, queue
from sandbox import Driver, Sandbox
from sandbox.chats import SimUser
from sandbox.limits import FloodGate
from tests.bot.fake_time import FakeTime

pytestmark = pytest.mark.e2e

_tokens = itertools.count(1)


@dataclass
class Telegram:
    bot: Bot
    driver: Driver

    async def person(self, name: str, language: str = "en") -> tuple[SimUser, User]:
        """Someone who has opened the chat with the bot (nobody polls, so the bot never answers)."""
        sim = self.driver.create_user(name, language_code=language)
        await self.driver.send_text(sim, "/start")
        user, _ = await register_contact(sim.id, name, language_code=language)
        return sim, user

    def outbox(self, bot: Bot | None = None, pacer: Pacer | None = None, batch: int = 30) -> Outbox:
        return Outbox(bot or self.bot, build_i18n(), pacer or Pacer(), batch)

    def texts(self, sim: SimUser) -> list[str]:
        return [message.content for message in self.driver.messages(sim)]


@pytest.fixture
async def telegram(sandbox: Sandbox, http_session: AiohttpSession) -> Telegram:
    token = f"{9000 + next(_tokens)}:OutboxTestToken"
    return Telegram(build_bot(token, session=http_session), sandbox.driver(token))


def later(monkeypatch: pytest.MonkeyPatch, by: timedelta) -> None:
    moment = clock.now() + by
    monkeypatch.setattr(clock, "now", lambda: moment)


async def test_five_notices_to_one_person_come_in_order_as_a_burst_then_a_second_apart(telegram: Telegram) -> None:
    sim, alice = await telegram.person("Alice")
    for n in range(5):
        await queue(alice.id, "listing.approved", title=f"Bag {n}")
    time = FakeTime()

    assert await telegram.outbox(pacer=Pacer(Limits(chat_burst=3), time.clock, time.sleep)).deliver_due() == 5

    assert telegram.texts(sim) == [f"✅ Your listing “Bag {n}” passed review and is now for sale." for n in range(5)]
    assert round(time.now) == 2  # three at once, then one a second


async def test_transactional_notices_overtake_marketing_ones_queued_earlier(telegram: Telegram) -> None:
    sim, alice = await telegram.person("Alice")
    for n in range(3):
        await queue(alice.id, "listing.approved", marketing=True, title=f"Bag {n}")
    await queue(alice.id, "buyer.reinstated")
    time = FakeTime()  # four to one chat: the fourth waits its second on this clock, not the test's

    await telegram.outbox(pacer=Pacer(clock=time.clock, sleep=time.sleep)).deliver_due()

    assert telegram.texts(sim) == [
        "Your buyer account is active again.",
        *(f"✅ Your listing “Bag {n}” passed review and is now for sale." for n in range(3)),
    ]


async def test_a_flood_wait_from_telegram_delays_the_notice_and_then_it_goes_out(telegram: Telegram) -> None:
    sim, alice = await telegram.person("Alice")
    telegram.driver.bot.flood = FloodGate(1)  # this chat now takes one message a second, as Telegram may
    await queue(alice.id, "buyer.verified")
    await queue(alice.id, "buyer.reinstated")
    outbox = telegram.outbox()

    assert await outbox.deliver_due() == 1  # the second was refused with a 429 and retry_after=1
    second = await Notification.get(key="buyer.reinstated")
    assert second.sent_at is None and second.claimed_by is None and second.available_at > clock.now()
    stop = asyncio.Event()
    sender = asyncio.create_task(outbox.run(0.02, stop))
    try:
        await telegram.driver.wait_for(lambda: len(telegram.texts(sim)) == 2 or None, within=4)
    finally:
        stop.set()
        await sender

    assert telegram.texts(sim) == ["🎉 You are now a verified buyer. You can create listings and make offers.",
                                        "Your buyer account is active again."]  # fmt: skip
    assert (await Notification.get(key="buyer.reinstated")).attempts == 2


async def test_a_network_failure_keeps_the_notice_for_a_later_try(
    telegram: Telegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    sim, alice = await telegram.person("Alice")
    await queue(alice.id, "buyer.verified")
    unreachable = AiohttpSession(api=TelegramAPIServer.from_base("http://127.0.0.1:9"))
    try:
        offline = build_bot(telegram.bot.token, session=unreachable)
        assert await telegram.outbox(bot=offline).deliver_due() == 0
    finally:
        await unreachable.close()
    notice = await Notification.get(user_id=alice.id)
    assert notice.sent_at is None and notice.attempts == 1 and notice.available_at > clock.now()
    assert await telegram.outbox().deliver_due() == 0  # not before its backoff

    later(monkeypatch, timedelta(seconds=2))
    assert await telegram.outbox().deliver_due() == 1
    assert len(telegram.texts(sim)) == 1


async def test_after_a_crash_a_claimed_notice_goes_out_once_when_its_lease_runs_out(
    telegram: Telegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    sim, alice = await telegram.person("Alice")
    await queue(alice.id, "buyer.verified")
    await claim(new_claim(), 10)  # a sender took it and died before sending

    assert await telegram.outbox().deliver_due() == 0  # the restarted bot leaves it to its lease
    later(monkeypatch, LEASE + timedelta(seconds=1))
    assert await telegram.outbox().deliver_due() == 1
    later(monkeypatch, LEASE * 10)
    assert await telegram.outbox().deliver_due() == 0  # delivered: never again

    assert telegram.texts(sim) == ["🎉 You are now a verified buyer. You can create listings and make offers."]


async def test_two_senders_running_at_once_send_each_notice_once(telegram: Telegram) -> None:
    people = [await telegram.person(f"Customer {n}") for n in range(12)]
    for _, user in people:
        for n in range(3):
            await queue(user.id, "listing.approved", title=f"Bag {n}")
    fast = Limits(per_second=1000, chat_burst=3)

    settled = await asyncio.gather(*(telegram.outbox(pacer=Pacer(fast), batch=5).deliver_due() for _ in range(2)))

    assert sum(settled) == 36
    approved = [f"✅ Your listing “Bag {n}” passed review and is now for sale." for n in range(3)]
    assert all(telegram.texts(sim) == approved for sim, _ in people)
