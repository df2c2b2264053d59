"""Long polling that moves past an update only once `UpdateIntake.accept` has taken it (bot/intake.py).

aiogram's own polling asks for the next batch as soon as it has started tasks for the last one, and
asking past an update acknowledges it: a payment in a batch could be acknowledged before it was kept.
Here the offset moves past an update only after its payment (if any) is in the inbox; when that fails
(the database is down), polling waits and asks for the same updates again.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiogram import Bot, Dispatcher
from aiogram.utils.backoff import Backoff, BackoffConfig

from bot.intake import DRAIN_SECONDS, UpdateIntake

log = logging.getLogger(__name__)

BACKOFF = BackoffConfig(min_delay=1.0, max_delay=5.0, factor=1.3, jitter=0.1)


async def poll(bot: Bot, dispatcher: Dispatcher, intake: UpdateIntake, poll_seconds: int = 30) -> None:
    """Fetch and accept updates until cancelled."""
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
            for update in updates:  # pre-checkout queries first: Telegram cancels a payment unanswered in 10 s
                if update.pre_checkout_query is not None:
                    await intake.accept(update)
            for update in updates:  # the offset moves past an update only once it and all before it are taken
                if update.pre_checkout_query is None:
                    await intake.accept(update)
                offset = update.update_id + 1
        except Exception as error:
            log.warning("polling failed (%s); trying again in %.1f s", type(error).__name__, backoff.next_delay)
            await backoff.asleep()
        else:
            backoff.reset()


@asynccontextmanager
async def polling_updates(
    dispatcher: Dispatcher, bot: Bot, max_in_flight: int, poll_seconds: int = 30
) -> AsyncIterator[None]:
    """Poll and handle updates while the block runs; at its end, let those being handled finish."""
    intake = UpdateIntake(dispatcher, bot, max_in_flight)
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
