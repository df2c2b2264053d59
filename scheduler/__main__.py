"""`python -m scheduler`: runs scheduled jobs (deadlines, reminders, expiries) as they fall due.

In webhook mode (WEBHOOK_URL set) the bot workers do not deliver the notifications outbox, so this
process does (it then needs BOT_TOKEN): one sender keeps Telegram's overall limit, however many bot
workers run. A polling bot delivers the outbox itself. With BOT_TOKEN (in either mode) it also
downloads the photos of new listings whose publishing was cut short, to score them
(core/services/catalog/publishing.py); without it those wait, seen by no one, and their jobs retry with backoff.

It answers probes on SCHEDULER_HOST:SCHEDULER_PORT (scheduler/probes.py): `/health` while its loop keeps
moving, `/health/ready` while the database (and Redis) answer, and `/metrics` for Prometheus.

Stopping it at any moment is safe: a job's effect and its "done" mark commit together, so a
job cut off mid-way runs again at the next start. Several may run against one PostgreSQL database.
"""

import asyncio
import logging
import sys

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
from scheduler.probes import probes_app, serving_probes

log = logging.getLogger("scheduler")


async def run() -> None:
    settings = current_settings()
    database_url = settings.database_url.get_secret_value()
    await apply_migrations(database_url)
    heartbeat = scheduler.Heartbeat()
    interval = settings.scheduler_interval_seconds
    async with (
        database(database_url),
        serving_probes(probes_app(heartbeat, interval), settings.scheduler_host, settings.scheduler_port),
    ):
        log.info("Running %s jobs every %s s", ", ".join(sorted(JOB_KINDS)), interval)
        log.info("Answering probes on %s:%s", settings.scheduler_host, settings.scheduler_port)
        token = required_token() if settings.webhook_url else optional_token()
        if not token:
            log.warning("No BOT_TOKEN: new listings whose publishing was cut short wait, unseen, until there is one")
            await scheduler.run_forever(JOB_KINDS, interval, heartbeat)
            return
        bot = build_bot(token)
        async with bot.session:
            sweep_with(photo_download(bot))  # before the work starts: its tasks copy this context
            work = [scheduler.run_forever(JOB_KINDS, interval, heartbeat)]
            if settings.webhook_url:
                work.append(run_outbox(bot, build_i18n()))
                log.info("Delivering the notifications outbox (webhook mode)")
            await asyncio.gather(*work)


def main() -> int:
    return run_process("scheduler", run)


if __name__ == "__main__":
    sys.exit(main())
