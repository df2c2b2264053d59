"""Someone sending faster than a person can is slowed down; forgetting rested senders changes nothing for anyone."""

from typing import Any

from aiogram.types import TelegramObject
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
