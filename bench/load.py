"""Simulated users playing scripts against a bot in the sandbox, and what their answers cost.

A step pushes one or more updates (a text, a button press, a payment). It is complete when the bot
has done in that chat as many things (messages sent, edited or deleted) as it did for the same step
in a calibration pass with one user on an idle bot; its latency runs from the first push to that last
answer. Counting answers, instead of waiting for a quiet chat, measures the bot and not the waiting.
"""

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sandbox.chats import ChatLog, SimUser
from sandbox.driver import Driver

CALIBRATION_QUIET = 0.5  # seconds without a new answer that end a calibration step
STEP_TIMEOUT = 15.0


@dataclass(frozen=True)
class Step:
    name: str
    act: Callable[[Driver, SimUser], Awaitable[object]]
    updates: int = 1  # a payment is two: the pre-checkout query and the successful payment


Script = list[Step]


@dataclass
class Tally:
    """What a run saw: each completed step's latency, and the steps that never completed."""

    latencies: list[float] = field(default_factory=list)
    updates: int = 0
    timeouts: int = 0

    def add(self, latency: float | None, step: Step) -> None:
        if latency is None:
            self.timeouts += 1
        else:
            self.latencies.append(latency)
            self.updates += step.updates

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def calibrate(driver: Driver, user: SimUser, script: Script) -> list[int]:
    """How many answers each step gets from an idle bot."""
    counts = []
    chat = driver.bot.chat(user)
    for step in script:
        before = chat.bot_actions
        await step.act(driver, user)
        seen = before
        while True:
            await asyncio.sleep(CALIBRATION_QUIET)
            if chat.bot_actions == seen:
                break
            seen = chat.bot_actions
        counts.append(chat.bot_actions - before)
    return counts


async def answers(chat: ChatLog, target: int, within: float) -> float | None:
    """The moment the chat reaches `target` bot actions, or None after `within` seconds."""
    deadline = time.perf_counter() + within
    while chat.bot_actions < target:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            return None
        await chat.bot_acted.wait(remaining)
    return time.perf_counter()


async def run_step(driver: Driver, user: SimUser, step: Step, expected: int) -> float | None:
    """Play one step and wait for its answers; its latency in seconds, or None on a timeout."""
    chat = driver.bot.chat(user)
    target = chat.bot_actions + expected
    started = time.perf_counter()
    try:
        await asyncio.wait_for(step.act(driver, user), STEP_TIMEOUT)
    except (TimeoutError, LookupError, ValueError):
        return None
    done = await answers(chat, target, STEP_TIMEOUT)
    return None if done is None else done - started


@dataclass
class Player:
    """One simulated user going round their script."""

    user: SimUser
    script: Script
    expected: list[int]
    position: int = 0

    async def play_next(self, driver: Driver, tally: Tally) -> None:
        step = self.script[self.position]
        tally.add(await run_step(driver, self.user, step, self.expected[self.position]), step)
        self.position = (self.position + 1) % len(self.script)


async def closed_loop(driver: Driver, players: list[Player], seconds: float, think: float) -> Tally:
    """Every player plays step after step (pausing `think` s, as people do) for `seconds`; the bot's pace."""
    stop = time.perf_counter() + seconds
    return await _everyone_plays(driver, players, think, lambda player, played: time.perf_counter() < stop)


async def fixed_rounds(driver: Driver, players: list[Player], rounds: int, think: float) -> Tally:
    """Every player plays their whole script `rounds` times, pausing `think` s between steps: the same work
    however fast or slow the machine is today."""
    return await _everyone_plays(driver, players, think, lambda player, played: played < rounds * len(player.script))


async def _everyone_plays(
    driver: Driver, players: list[Player], think: float, more: Callable[[Player, int], bool]
) -> Tally:
    """Each player plays step after step, pausing `think` s, while `more(player, steps played so far)`."""
    tally = Tally()

    async def play(player: Player) -> None:
        await asyncio.sleep(random.uniform(0, think))  # don't start everyone in the same instant
        played = 0
        while more(player, played):
            await player.play_next(driver, tally)
            played += 1
            await asyncio.sleep(think)

    await asyncio.gather(*(play(player) for player in players))
    return tally


async def open_loop(driver: Driver, players: list[Player], rate: float, seconds: float) -> tuple[Tally, int]:
    """Start a step every 1/`rate` s on an idle player; also returns how many starts found nobody idle."""
    tally = Tally()
    idle = list(players)
    random.shuffle(idle)
    running: set[asyncio.Task[None]] = set()
    missed = 0

    async def play(player: Player) -> None:
        await player.play_next(driver, tally)
        idle.append(player)

    started = time.perf_counter()
    for tick in range(int(rate * seconds)):
        await asyncio.sleep(max(0.0, started + tick / rate - time.perf_counter()))
        if not idle:
            missed += 1
            continue
        task = asyncio.create_task(play(idle.pop(0)))
        running.add(task)
        task.add_done_callback(running.discard)
    await asyncio.gather(*running)
    return tally, missed
