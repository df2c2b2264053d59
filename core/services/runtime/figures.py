"""The figures that live in the database, read into their gauges when Prometheus scrapes (core/metrics.py).

A few indexed counts: the outbox's backlog, the jobs waiting past their time and failing, and charges stuck in
the payment inbox. Every process that serves `/metrics` reads them, so any one scrape target shows them.
"""

import logging
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from tortoise.queryset import QuerySet

from core import clock
from core.metrics import (
    JOBS_DUE,
    JOBS_DUE_OLDEST_LAG,
    JOBS_FAILING,
    OUTBOX_BACKLOG,
    OUTBOX_OLDEST_AGE,
    PAYMENTS_STUCK,
    PAYMENTS_STUCK_OLDEST_AGE,
    exposition,
)
from core.models.jobs import ScheduledJob
from core.models.notifications import Notification
from core.services.money.payment_inbox import stuck_payments

log = logging.getLogger(__name__)

_GAUGES = (
    OUTBOX_BACKLOG,
    OUTBOX_OLDEST_AGE,
    JOBS_DUE,
    JOBS_DUE_OLDEST_LAG,
    JOBS_FAILING,
    PAYMENTS_STUCK,
    PAYMENTS_STUCK_OLDEST_AGE,
)


def _age(since: datetime | None, now: datetime) -> float:
    return max((now - since).total_seconds(), 0.0) if since else 0.0


async def _oldest(query: QuerySet[Any], field: str) -> datetime | None:
    return cast(datetime | None, await query.order_by(field).first().values_list(field, flat=True))


@dataclass(frozen=True, slots=True)
class Backlog:
    count: int
    oldest: datetime | None  # when the one waiting longest was queued


async def outbox_backlog() -> Backlog:
    """Notices not sent yet (including those waiting out a flood limit)."""
    unsent = Notification.filter(sent_at=None)
    return Backlog(await unsent.count(), await _oldest(unsent, "created_at"))


async def failing_jobs() -> int:
    """Jobs that failed at least once and are not done: each is retried with backoff, its error in `last_error`."""
    return await ScheduledJob.filter(done_at=None, attempts__gt=0).count()


async def read_database_figures() -> None:
    """Set the database's gauges from what it holds now."""
    now = clock.now()
    backlog = await outbox_backlog()
    OUTBOX_BACKLOG.set(backlog.count)
    OUTBOX_OLDEST_AGE.set(_age(backlog.oldest, now))
    due = ScheduledJob.filter(done_at=None, due_at__lte=now)
    JOBS_DUE.set(await due.count())
    JOBS_DUE_OLDEST_LAG.set(_age(await _oldest(due, "due_at"), now))
    JOBS_FAILING.set(await failing_jobs())
    stuck = await stuck_payments(now)
    PAYMENTS_STUCK.set(stuck.count)
    PAYMENTS_STUCK_OLDEST_AGE.set(_age(stuck.oldest, now))


async def scrape() -> tuple[bytes, str]:
    """`/metrics`: the database's figures read now, then every figure in Prometheus's text format.

    Without the database its figures read NaN (unknown) rather than their last value; the counters still answer."""
    try:
        await read_database_figures()
    except Exception as error:
        log.warning("could not read the database's figures (%s)", type(error).__name__)
        for gauge in _GAUGES:
            gauge.set(math.nan)
    return exposition()
