"""`python -m bot`: the bot on TELEGRAM_API_URL with BOT_TOKEN; a webhook worker when WEBHOOK_URL is set, else polling.

Several webhook workers may run at once (with REDIS_URL). They do not deliver the notifications outbox:
the scheduler process does (`python -m scheduler`, see the Procfile). Polling is one process that also
delivers the outbox.
"""

import asyncio
import logging
import sys

from aiogram import Bot, Dispatcher
from aiogram.utils.i18n import I18n

from bot.app import build_bot, build_dispatcher
from bot.commands import set_commands
from bot.i18n import build_i18n
from bot.outbox import run_outbox
from bot.polling import polling_updates
from bot.webhook import register_webhook, serving_webhook
from core.config import ConfigError, current_settings, revealed
from core.db import apply_migrations, database, pending_migrations
from core.process import run_process, stop_on_signals

log = logging.getLogger("bot")


def required_token() -> str:
    """The bot token; ConfigError naming the setting the bot cannot run without."""
    settings = current_settings()
    if not settings.bot_token:
        raise ConfigError("Invalid setting BOT_TOKEN: required to run the bot")
    if not settings.payment_provider_token:
        raise ConfigError("Invalid setting PAYMENT_PROVIDER_TOKEN: required to send invoices")
    return settings.bot_token.get_secret_value()


def optional_token() -> str | None:
    """The bot token when one is set: processes that can do part of their work without it."""
    return revealed(current_settings().bot_token)


async def run() -> None:
    """The bot alone; production runs the scheduler (and, in webhook mode, the outbox) in `python -m scheduler`,
    so deadlines keep passing while the bot is down or redeployed (the embedded product runs all in one process)."""
    required_token()
    await _schema_ready()
    settings = current_settings()
    async with database(settings.database_url.get_secret_value()):
        if settings.webhook_url and settings.webhook_secret:
            await _take_webhooks(settings.webhook_url, settings.webhook_secret.get_secret_value())
        else:
            await serve_bot()


async def _schema_ready() -> None:
    """Polling (one process) migrates itself; webhook workers start in numbers, so the release step migrates."""
    settings = current_settings()
    if not settings.webhook_url:
        await apply_migrations(settings.database_url.get_secret_value())
    elif pending := await pending_migrations(settings.database_url.get_secret_value()):
        raise ConfigError(f"The database at DATABASE_URL needs `daigou migrate` first ({len(pending)} pending)")


async def _take_webhooks(url: str, secret: str) -> None:
    settings = current_settings()
    bot, dispatcher, _ = await _bot_and_dispatcher()
    await register_webhook(bot, dispatcher, url, secret)
    async with (
        bot.session,
        serving_webhook(
            dispatcher, bot, secret, settings.webhook_host, settings.webhook_port, settings.updates_in_flight
        ),
    ):
        log.info("Taking webhook updates on %s:%s", settings.webhook_host, settings.webhook_port)
        await _until_stopped()


async def _bot_and_dispatcher() -> tuple[Bot, Dispatcher, I18n]:
    i18n = build_i18n()
    bot = build_bot(required_token())
    dispatcher = build_dispatcher(i18n)
    await set_commands(bot, i18n)
    return bot, dispatcher, i18n


async def serve_bot(*, handle_signals: bool = True) -> None:
    """Long-poll the Bot API and deliver the notifications outbox, with the database already open.

    Runs until SIGTERM or SIGINT, or (`handle_signals=False`, the embedded product) until cancelled."""
    settings = current_settings()
    bot, dispatcher, i18n = await _bot_and_dispatcher()
    await bot.delete_webhook()  # back from webhook mode: Telegram refuses getUpdates while a webhook is set
    log.info("Polling %s", settings.telegram_api_url)
    stop = asyncio.Event()
    async with bot.session:
        outbox = asyncio.create_task(run_outbox(bot, i18n, stop))
        try:
            async with polling_updates(dispatcher, bot, settings.updates_in_flight):
                await (_until_stopped() if handle_signals else asyncio.Event().wait())
        finally:
            stop.set()  # the outbox finishes its round, so no claim stays open
            await outbox


async def _until_stopped() -> None:
    await stop_on_signals().wait()


def main() -> int:
    return run_process("bot", run)


if __name__ == "__main__":
    sys.exit(main())
