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

log = logging.getLogger("bot")


def required_token(settings: Settings) -> str:
    """The bot token; ConfigError naming the setting the bot cannot run without."""
    if not settings.bot_token:
        raise ConfigError("Invalid setting BOT_TOKEN: required to run the bot")
    if not settings.payment_provider_token:
        raise ConfigError("Invalid setting PAYMENT_PROVIDER_TOKEN: required to send invoices")
    return settings.bot_token


async def run(settings: Settings) -> None:
    """The bot alone; production runs `python -m scheduler` on its own, so deadlines keep passing while the
    bot is down or redeployed (the embedded product runs both in one process, see embedded/product.py)."""
    required_token(settings)
    await apply_migrations(settings.database_url)
    async with database(settings.database_url):
        await serve_bot(settings)


async def serve_bot(settings: Settings, *, handle_signals: bool = True) -> None:
    """Long-poll the Bot API and deliver the notifications outbox, with the database already open."""
    i18n = build_i18n()
    bot = build_bot(settings, required_token(settings))
    dispatcher = build_dispatcher(settings, i18n)
    await set_commands(bot, i18n)
    log.info("Polling %s", settings.telegram_api_url)
    stop = asyncio.Event()
    outbox = asyncio.create_task(run_outbox(bot, i18n, settings, stop))
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=handle_signals, tasks_concurrency_limit=settings.updates_in_flight)
    )
    try:
        await asyncio.shield(polling)
    except asyncio.CancelledError:
        # Stopped from outside (the embedded product): aiogram ends its long poll cleanly only this way.
        with contextlib.suppress(RuntimeError):  # polling had ended already
            await dispatcher.stop_polling()
        await polling
        raise
    finally:
        stop.set()  # the outbox finishes its round, so no claim stays open
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
