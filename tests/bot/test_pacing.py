"""The outbox keeps Telegram's limits: checked on a clock the test moves, so no test waits for real time."""

import pytest

from bot.pacing import Limits, Pacer
from tests.bot.fake_time import FakeTime


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


async def sent_at(pacer: Pacer, time: FakeTime, chats: list[int]) -> list[float]:
    """When each message (one per chat in the list, in order) may go out."""
    moments = []
    for chat in chats:
        await pacer.turn(chat)
        moments.append(time.now)
    return moments


async def test_ninety_people_get_their_notices_at_thirty_a_second_and_no_faster(time: FakeTime) -> None:
    pacer = Pacer(Limits(), time.clock, time.sleep)

    moments = await sent_at(pacer, time, list(range(90)))

    assert all(moments[i + 30] - moments[i] >= 1.0 - 1e-9 for i in range(60))  # never 31 within a second
    assert moments[-1] == pytest.approx(89 / 30)  # and no slower than that


async def test_one_person_gets_a_short_burst_then_one_notice_a_second(time: FakeTime) -> None:
    pacer = Pacer(Limits(chat_burst=3), time.clock, time.sleep)

    moments = await sent_at(pacer, time, [7] * 8)

    assert [round(moment) for moment in moments] == [0, 0, 0, 1, 2, 3, 4, 5]


async def test_a_busy_chat_does_not_hold_up_the_others(time: FakeTime) -> None:
    pacer = Pacer(Limits(chat_burst=1), time.clock, time.sleep)
    await sent_at(pacer, time, [7, 7])  # the second waited a second for chat 7
    started = time.now

    await sent_at(pacer, time, [8, 9])

    assert time.now - started < 0.1


async def test_after_a_flood_wait_the_chat_stays_quiet_until_it_ends(time: FakeTime) -> None:
    pacer = Pacer(Limits(chat_burst=3), time.clock, time.sleep)
    await sent_at(pacer, time, [7])

    pacer.pause(7, 5)
    moments = await sent_at(pacer, time, [7, 7])

    assert moments[0] == pytest.approx(5, abs=0.1) and moments[1] - moments[0] >= 1.0 - 1e-9


async def test_chats_quiet_for_a_while_are_not_remembered_for_ever(
    time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.pacing._CHATS_REMEMBERED", 3)
    pacer = Pacer(Limits(chat_burst=3), time.clock, time.sleep)
    await sent_at(pacer, time, [1, 1, 1, 2, 3])
    await time.sleep(10)

    await sent_at(pacer, time, [4])  # the fourth chat: the three quiet ones are forgotten

    assert set(pacer._chats) == {4}
