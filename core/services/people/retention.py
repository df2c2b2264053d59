"""How long personal data is kept: one mechanism for identity documents, shipping and customs details, payout
details.

Each kind of personal data is a `Retained`: a scheduler job kind and the setting that says how many days the data
is kept after the event that ends its use (an application decided, an order ended, a payout settled). The
owner of the data plans the purge in that event's transaction; the job, the kind's own handler in
core/services/runtime/job_kinds.py, forgets the data once and records it with `purged`, an audit entry that
names no moderator. Data its owner keeps for themselves (a saved address, a saved payout method) is not on a
clock: the owner deletes it.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from core import clock
from core.config import Settings, current_settings
from core.domain.audit import AuditAction, AuditTarget
from core.services.oversight.audit import record
from core.services.runtime import scheduler

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Retained:
    """A kind of personal data kept `days(settings)` after its use ends, then purged by the job `job`."""

    job: str  # the scheduler's job kind; its key is the id of what holds the data
    days: Callable[[Settings], int]

    def retention(self) -> timedelta:
        return timedelta(days=self.days(current_settings()))

    async def plan_purge(self, holder_id: int, ended_at: datetime) -> None:
        """Call in the transaction that ends the data's use."""
        await scheduler.plan(self.job, str(holder_id), ended_at + self.retention())

    async def cancel_purge(self, holder_id: int) -> None:
        """Call in the transaction that puts the data to use again: its clock starts at the next end."""
        await scheduler.drop(self.job, str(holder_id))


async def purged(action: AuditAction, target: AuditTarget, target_id: int, ended_at: datetime) -> None:
    """Record a purge done by a job: the audit entry (no moderator) and a log line, neither holding the data."""
    kept_days = (clock.now() - ended_at).days
    await record(None, action, target, target_id, ended_at=ended_at.isoformat(), kept_days=kept_days)
    log.info("%s: %s %s purged %s days after its use ended", action.value, target.value, target_id, kept_days)
