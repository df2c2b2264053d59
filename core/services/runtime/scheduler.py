"""The persistent scheduler: jobs planned in the database, each run once, in the transaction of its effect.

Adding a kind of job is one handler in its area's module and one line in `core/services/runtime/job_kinds.py`, the
table every process that runs jobs passes to `run_due` / `run_forever`:

    async def escalate_dispute(key: str) -> None:
        ...  # re-check that it is still needed, then act; runs inside the job's transaction

    JOB_KINDS = {..., ESCALATE: JobKind(escalate_dispute)}

A handler runs when its job falls due, inside a transaction that also marks the job done: an
error mid-way rolls both back and the job runs again later (with backoff); a done job never runs
again. A scheduler first claims the job by moving its due time `LEASE` ahead with a conditional
update, committed on its own, so any number of schedulers share the work and each run belongs to
one of them; a scheduler that dies mid-run leaves the job to run again when the lease ends. No job
lock is held while the handler runs, so handlers lock orders before jobs, as payments do (the lock
order in core/services/runtime/transactions.py). Handlers must re-check that their step is still due (an
order may have moved on meanwhile).

A handler that must wait on the network first (a photo download) is declared with
`in_transaction=False`: it runs outside any transaction and takes its own, and its job is marked
done after it returns, so it must be safe to run again (a crash in between does).
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from core import clock
from core.logs import log_scope
from core.metrics import JOB_LAG, JOB_RUNS
from core.models.jobs import ScheduledJob
from core.services.runtime.transactions import retrying

log = logging.getLogger(__name__)

Handler = Callable[[str], Awaitable[None]]
MAX_RETRY_DELAY = timedelta(hours=1)
LEASE = timedelta(minutes=5)  # a run that takes longer may be started again by another scheduler


@dataclass(frozen=True, slots=True)
class JobKind:
    """What runs the jobs of one kind, and whether inside the transaction that marks each one done."""

    handler: Handler
    in_transaction: bool = True


JobKinds = Mapping[str, JobKind]  # kind -> how to run it


class Heartbeat:
    """When the scheduler's loop last showed it is moving (a round begun or ended, a job run): its liveness."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._last = monotonic()

    def beat(self) -> None:
        self._last = self._monotonic()

    def alive(self, interval_seconds: float) -> bool:
        """Moved lately: within three rounds, or a job's lease (a run that takes longer counts as dead anyway)."""
        return self._monotonic() - self._last <= max(3 * interval_seconds, LEASE.total_seconds())


async def plan(kind: str, key: str, due_at: datetime) -> None:
    """Run (kind, key) at `due_at`: a new job, or the existing one moved (and armed again if it was done).

    One upsert, so two planners of one job never collide and a caller's transaction needs no savepoint."""
    await ScheduledJob.bulk_create(
        [ScheduledJob(kind=kind, key=key, due_at=due_at)],
        on_conflict=["kind", "key"],
        update_fields=["due_at", "done_at", "attempts", "last_error"],
    )


async def drop(kind: str, key: str) -> None:
    """Nothing more to do for (kind, key); a job already running finishes."""
    await ScheduledJob.filter(kind=kind, key=key, done_at=None).delete()


async def run_due(kinds: JobKinds, limit: int = 100, heartbeat: Heartbeat | None = None) -> int:
    """Run the jobs due now, oldest first, with the handlers in `kinds`; returns how many ran to completion."""
    now = clock.now()
    due = cast(
        list[int],
        await ScheduledJob.filter(done_at=None, due_at__lte=now)
        .order_by("due_at", "id")
        .limit(limit)
        .values_list("id", flat=True),
    )
    done = 0
    for job_id in due:
        with log_scope():  # the order a job acts on is named on its lines, and not on the next job's
            done += await _run(kinds, job_id, now)
        if heartbeat is not None:
            heartbeat.beat()
    return done


async def _claim(job_id: int, now: datetime) -> tuple[ScheduledJob, datetime] | None:
    """Take the job for one run: move its due time past the lease, if nobody moved it first.

    Committed at once, so no lock is held while the handler runs (see the lock order in
    core/services/runtime/transactions.py). Returns the job and the due time that marks our claim.
    """
    job = await ScheduledJob.get_or_none(id=job_id, done_at=None, due_at__lte=now)
    if job is None:
        return None
    claimed_until = now + LEASE
    if not await ScheduledJob.filter(id=job_id, done_at=None, due_at=job.due_at).update(due_at=claimed_until):
        return None  # another scheduler took it, or it was planned anew
    return job, claimed_until


async def _run(kinds: JobKinds, job_id: int, now: datetime) -> bool:
    claim = await _claim(job_id, now)
    if claim is None:
        return False
    job, claimed_until = claim
    JOB_LAG.labels(job.kind).observe(max((clock.now() - job.due_at).total_seconds(), 0.0))
    kind = kinds.get(job.kind)

    async def done() -> None:
        # A handler (or a step that raced it) may have planned the job again: that new plan stands.
        await ScheduledJob.filter(id=job.id, due_at=claimed_until).update(done_at=clock.now())

    async def work() -> None:
        if kind is None:
            raise LookupError(f"no handler for job kind {job.kind!r}")
        await kind.handler(job.key)
        await done()

    try:
        if kind is not None and not kind.in_transaction:
            await kind.handler(job.key)
            await done()
        else:
            await retrying(work)
        JOB_RUNS.labels(job.kind, "done").inc()
        return True
    except Exception as exc:
        log.exception("job %s failed; it will be retried", job_id)
        JOB_RUNS.labels(job.kind, "failed").inc()
        await _retry_later(job_id, claimed_until, now, type(exc).__name__)
        return False


async def _retry_later(job_id: int, claimed_until: datetime, now: datetime, error: str) -> None:
    job = await ScheduledJob.get_or_none(id=job_id, done_at=None, due_at=claimed_until)
    if job is not None:
        delay = min(timedelta(minutes=2**job.attempts), MAX_RETRY_DELAY)
        await ScheduledJob.filter(id=job_id, done_at=None, due_at=claimed_until).update(
            due_at=now + delay, attempts=job.attempts + 1, last_error=error[:255]
        )


async def run_forever(
    kinds: JobKinds, interval_seconds: float, heartbeat: Heartbeat | None = None, stop: asyncio.Event | None = None
) -> None:
    """Run the due jobs every `interval_seconds` until `stop` is set (for ever without one).

    Stopping lets the round in progress finish: every job it claimed is done or released for a retry, none held.
    """
    heartbeat, stop = heartbeat or Heartbeat(), stop or asyncio.Event()
    while not stop.is_set():
        heartbeat.beat()
        try:
            await run_due(kinds, heartbeat=heartbeat)
        except Exception:
            log.exception("scheduler round failed")
        heartbeat.beat()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval_seconds)
