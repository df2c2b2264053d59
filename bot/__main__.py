"""`python -m bot`: the bot, long polling against TELEGRAM_API_URL with BOT_TOKEN."""

import asyncio
import logging
import sys

from bot.app import build_bot, build_dispatcher
from bot.commands import set_commands
from bot.i18n import build_i18n
from bot.outbox import run_outbox
from core.config import ConfigError, Settings, get_settings
from core.db import apply_migrations, database

log = logging.getLogger("bot")


async def run(settings: Settings) -> None:
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
        try:
            await dispatcher.start_polling(bot, handle_signals=True)
        finally:
            stop.set()
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
