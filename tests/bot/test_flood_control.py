"""Someone sending faster than a person can is slowed down; forgetting rested senders changes nothing for anyone."""

from datetime import UTC, datetime
from typing import Any

from aiogram.types import Chat, Message, PreCheckoutQuery, TelegramObject
from aiogram.types import User as TelegramUser

from bot.middlewares.flood import FloodControl


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def handled(flood: FloodControl, user_id: int, times: int = 1) -> int:
    """How many of `times` updates from this person reach the handlers."""

    async def handler(event: TelegramObject, data: dict[str, Any]) -> bool:
        return True

    sender = TelegramUser(id=user_id, is_bot=False, first_name=f"Person {user_id}")
    results = [await flood(handler, TelegramObject(), {"event_from_user": sender}) for _ in range(times)]
    return sum(result is True for result in results)


async def test_a_burst_of_ten_goes_through_then_two_a_second() -> None:
    clock = Clock()
    flood = FloodControl(rate=2.0, burst=10, clock=clock)

    assert await handled(flood, 1, times=15) == 10
    clock.now += 1.0
    assert await handled(flood, 1, times=5) == 2


async def test_a_flooder_is_not_forgotten_while_thousands_of_others_come_and_go() -> None:
    clock = Clock()
    flood = FloodControl(rate=2.0, burst=10, clock=clock)
    assert await handled(flood, 1, times=10) == 10

    for person in range(2, 5_000):
        assert await handled(flood, person) == 1
    assert await handled(flood, 1) == 0  # still out of breath: the sweeps kept her bucket

    clock.now += 5.0
    assert await handled(flood, 1, times=12) == 10  # rested: a full burst, as for anyone new


def _message(user_id: int, sent_at: float) -> Message:
    sender = TelegramUser(id=user_id, is_bot=False, first_name=f"Person {user_id}")
    chat = Chat(id=user_id, type="private")
    return Message(message_id=1, date=datetime.fromtimestamp(sent_at, UTC), chat=chat, from_user=sender, text="hi")


async def passed(flood: FloodControl, events: list[TelegramObject]) -> int:
    """How many of these events reach the handlers."""

    async def handler(event: TelegramObject, data: dict[str, Any]) -> bool:
        return True

    results = [await flood(handler, event, {"event_from_user": event.from_user}) for event in events]  # type: ignore[attr-defined]
    return sum(result is True for result in results)


async def test_a_person_out_of_breath_can_still_pay() -> None:
    clock = Clock()
    flood = FloodControl(rate=2.0, burst=10, clock=clock)
    assert await handled(flood, 1, times=12) == 10

    sender = TelegramUser(id=1, is_bot=False, first_name="Person 1")
    query = PreCheckoutQuery(
        id="q1", from_user=sender, currency="EUR", total_amount=100, invoice_payload="order:1:deposit"
    )
    assert await passed(flood, [query, query]) == 2  # unanswered, Telegram would fail the payment


async def test_messages_that_waited_for_the_bot_do_not_count_against_their_sender() -> None:
    """Sent while the bot was down, they arrive all at once: that is the bot's backlog, not the person's pace."""
    clock, wall = Clock(), Clock()
    wall.now = 1_800_000_000.0
    flood = FloodControl(rate=2.0, burst=10, clock=clock, wall_clock=wall)

    backlog = [_message(1, wall.now - 30 + second) for second in range(15)]
    assert await passed(flood, backlog) == 15
    assert await handled(flood, 1, times=12) == 10  # the bucket is still full: fresh updates are judged as always
