"""`python -m scheduler`: runs scheduled jobs (deadlines, reminders, expiries) as they fall due.

In webhook mode (WEBHOOK_URL set) the bot workers do not deliver the notifications outbox, so this
process does (it then needs BOT_TOKEN): one sender keeps Telegram's overall limit, however many bot
workers run. A polling bot delivers the outbox itself. With BOT_TOKEN (in either mode) it also
downloads the photos of new listings whose publishing was cut short, to score them
(core/services/catalog/publishing.py); without it those wait, seen by no one, and their jobs retry with backoff.

Stopping it at any moment is safe: a job's effect and its "done" mark commit together, so a
job cut off mid-way runs again at the next start. Several may run against one PostgreSQL database.
"""

import asyncio
import logging
import signal
import sys
from collections.abc import Coroutine
from typing import Any

from bot.__main__ import optional_token, required_token
from bot.app import build_bot
from bot.i18n import build_i18n
from bot.outbox import run_outbox
from bot.photo_downloads import photo_download
from core.config import current_settings
from core.db import apply_migrations, database
from core.process import run_process
from core.services.catalog.publishing import sweep_with
from core.services.runtime import scheduler
from core.services.runtime.job_kinds import JOB_KINDS

log = logging.getLogger("scheduler")


async def run() -> None:
    settings = current_settings()
    database_url = settings.database_url.get_secret_value()
    await apply_migrations(database_url)
    async with database(database_url):
        log.info(
            "Running %s jobs every %s s",
            ", ".join(sorted(JOB_KINDS)),
            settings.scheduler_interval_seconds,
        )
        token = required_token() if settings.webhook_url else optional_token()
        if not token:
            log.warning("No BOT_TOKEN: new listings whose publishing was cut short wait, unseen, until there is one")
            await _until_stopped(scheduler.run_forever(JOB_KINDS, settings.scheduler_interval_seconds))
            return
        bot = build_bot(token)
        async with bot.session:
            sweep_with(photo_download(bot))  # before the work starts: its tasks copy this context
            outbox_stop = asyncio.Event()
            outbox = None
            if settings.webhook_url:
                outbox = asyncio.create_task(run_outbox(bot, build_i18n(), outbox_stop))
                log.info("Delivering the notifications outbox (webhook mode)")
            try:
                await _until_stopped(scheduler.run_forever(JOB_KINDS, settings.scheduler_interval_seconds))
            finally:
                outbox_stop.set()  # the outbox finishes its round, so no claim stays open
                if outbox is not None:
                    await outbox


async def _until_stopped(jobs: Coroutine[Any, Any, None]) -> None:
    """Run the jobs until SIGTERM or SIGINT, then cancel them: safe at any moment (see above), and the process
    exits 0 as a platform stopping it expects."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    running = asyncio.create_task(jobs)
    stopped = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait([running, stopped], return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (running, stopped):
            task.cancel()
        await asyncio.gather(running, stopped, return_exceptions=True)
        log.info("Stopped")


def main() -> int:
    return run_process("scheduler", run)


if __name__ == "__main__":
    sys.exit(main())
