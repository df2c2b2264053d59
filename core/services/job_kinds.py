"""Every kind of scheduled job: importing this module registers them all with the scheduler.

A new kind is a handler decorated with `@scheduler.job_kind("area.what")` in its area's module,
plus that module's import here. Whatever runs `scheduler.run_due` imports this first.
"""

from core.services import deadline_jobs, disputes, payment_inbox, publishing

__all__ = ["deadline_jobs", "disputes", "payment_inbox", "publishing"]
