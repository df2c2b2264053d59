"""`python -m bot`: the bot, long polling against TELEGRAM_API_URL with BOT_TOKEN."""

import asyncio
import contextlib
import logging
import sys

import core.services.job_kinds  # noqa: F401  (registers every kind of job)
from bot.app import build_bot, build_dispatcher
from bot.commands import set_commands
from bot.i18n import build_i18n
from bot.outbox import run_outbox
from core.config import ConfigError, Settings, get_settings
from core.db import apply_migrations, database
from core.services import scheduler

log = logging.getLogger("bot")


async def run(settings: Settings, run_jobs: bool = False) -> None:
    """`run_jobs` also runs the scheduler in this process (the embedded product does; production runs
    `python -m scheduler` on its own, so deadlines keep passing while the bot is down or redeployed)."""
    if not settings.bot_token:
        raise ConfigError("Invalid setting BOT_TOKEN: required to run the bot")
    if not settings.payment_provider_token:
        raise ConfigError("Invalid setting PAYMENT_PROVIDER_TOKEN: required to send invoices")
    await apply_migrations(settings.database_url)
    async with database(settings.database_url):
        i18n = build_i18n()
        bot = build_bot(settings, settings.bot_token)
        dispatcher = build_dispatcher(settings, i18n)
        await set_commands(bot, i18n)
        log.info("Polling %s", settings.telegram_api_url)
        stop = asyncio.Event()
        outbox = asyncio.create_task(run_outbox(bot, i18n, settings, stop))
        background = []
        if run_jobs:
            background.append(asyncio.create_task(scheduler.run_forever(settings.scheduler_interval_seconds)))
        try:
            await dispatcher.start_polling(bot, handle_signals=True, tasks_concurrency_limit=settings.updates_in_flight)
        finally:
            stop.set()
            for task in background:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await outbox


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        asyncio.run(run(get_settings()))
    except ConfigError as exc:
        print(f"bot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
