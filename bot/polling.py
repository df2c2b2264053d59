"""Long polling that moves past an update only once it is handled (bot/intake.py).

aiogram's own polling asks for the next batch as soon as it has started tasks for the last one, and
asking past an update acknowledges it: a payment could be acknowledged before it was kept, and an update
in flight when the bot was killed was gone. Here a batch is taken in and handled (its updates side by
side) before the next is asked for, and the offset moves only past the unbroken run of updates handled;
when one could not be taken in (the database is down), polling waits and asks for it again. Polling is
for development and a single process; webhook workers (bot/webhook.py) do not wait for one another.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiogram.utils.backoff import Backoff, BackoffConfig

from bot.intake import DRAIN_SECONDS, Handled, UpdateIntake

log = logging.getLogger(__name__)

BACKOFF = BackoffConfig(min_delay=1.0, max_delay=5.0, factor=1.3, jitter=0.1)


async def poll(bot: Bot, dispatcher: Dispatcher, intake: UpdateIntake, poll_seconds: int = 30) -> None:
    """Fetch, take in and handle updates until cancelled."""
    allowed = dispatcher.resolve_used_update_types()
    backoff = Backoff(BACKOFF)
    offset: int | None = None
    while True:
        try:
            updates = await bot.get_updates(
                offset=offset,
                timeout=poll_seconds,
                allowed_updates=allowed,
                request_timeout=int(bot.session.timeout + poll_seconds),
            )
        except Exception as error:
            log.warning("polling failed (%s); trying again in %.1f s", type(error).__name__, backoff.next_delay)
            await backoff.asleep()
            continue
        handled_up_to = await _handle_batch(intake, updates)
        if handled_up_to is not None:
            offset = handled_up_to + 1
        if handled_up_to != (updates[-1].update_id if updates else None):
            log.warning("could not take update %s in; asking for it again", offset)
            await backoff.asleep()
        else:
            backoff.reset()


async def _handle_batch(intake: UpdateIntake, updates: list[Update]) -> int | None:
    """Take the batch in and wait until it is handled: the last update id of the batch's unbroken handled
    start (asking past it acknowledges it), or None when not even the first was taken in."""
    started: list[tuple[Update, asyncio.Task[Handled]]] = []
    try:
        # Pre-checkout queries first: Telegram cancels a payment unanswered in 10 s.
        for update in sorted(updates, key=lambda update: update.pre_checkout_query is None):
            started.append((update, await intake.accept(update)))
    except Exception as error:
        log.warning("update not taken in (%s)", type(error).__name__)
    if started:
        await asyncio.wait([task for _, task in started])
    finished = {update.update_id for update, task in started if not task.exception()}
    handled_up_to = None
    for update in updates:
        if update.update_id not in finished:
            break
        handled_up_to = update.update_id
    return handled_up_to


@asynccontextmanager
async def polling_updates(
    dispatcher: Dispatcher, bot: Bot, max_in_flight: int, poll_seconds: int = 30
) -> AsyncIterator[None]:
    """Poll and handle updates while the block runs; at its end, let those being handled finish."""
    intake = UpdateIntake(dispatcher, bot, max_in_flight, dispatcher.get("update_claims"))
    await dispatcher.emit_startup(bot=bot, dispatcher=dispatcher)
    polling = asyncio.create_task(poll(bot, dispatcher, intake, poll_seconds))
    try:
        yield
    finally:
        polling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await polling
        await intake.drain(DRAIN_SECONDS)
        await dispatcher.emit_shutdown(bot=bot, dispatcher=dispatcher)
