"""Every figure the product exports to Prometheus, named once.

prometheus-client is plain Python with no web framework in it, so core may hold the metric objects: the
counters move where things happen (the scheduler, payments, the ledger here; updates and the outbox in
bot/), and the figures that live in the database are read into gauges at scrape time
(`core/services/runtime/figures.py`). Each process's HTTP server (the webhook worker, the scheduler, the
admin web) answers `/metrics` with `exposition()`. Labels name code (handlers, job kinds, outcomes), never
a person, an order or an amount.
"""

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest

# Handling an update takes milliseconds to a few seconds (a photo download, a slow Bot API answer).
_HANDLING_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# Jobs run every SCHEDULER_INTERVAL_SECONDS (10 s by default); a failing one waits minutes to an hour.
_LAG_BUCKETS = (1.0, 5.0, 15.0, 30.0, 60.0, 300.0, 900.0, 3600.0)

UPDATES_HANDLED = Counter(
    "daigou_updates_handled", "Updates handled, by the handler that took them ('unhandled': none did)", ["handler"]
)
UPDATES_IN_FLIGHT = Gauge("daigou_updates_in_flight", "Updates this process is handling right now")
UPDATE_SECONDS = Histogram(
    "daigou_update_seconds",
    "Time from the dispatcher taking an update to its handler's end",
    ["handler"],
    buckets=_HANDLING_BUCKETS,
)
HANDLER_ERRORS = Counter(
    "daigou_handler_errors", "Updates whose handler failed unexpectedly (the person was asked to retry)", ["handler"]
)
TELEGRAM_FLOOD_WAITS = Counter(
    "daigou_telegram_flood_waits", "Bot API calls Telegram answered 429 (retry after), by method", ["method"]
)
OUTBOX_NOTICES = Counter(
    "daigou_outbox_notices",
    "Notices the outbox tried to send, by outcome: delivered, undeliverable (settled, never retried), "
    "flood_wait (a 429: retried at its retry_after), retry (network or server error: retried with backoff)",
    ["outcome"],
)
OUTBOX_BACKLOG = Gauge("daigou_outbox_backlog", "Notices queued and not yet delivered or given up")
OUTBOX_OLDEST_AGE = Gauge("daigou_outbox_oldest_age_seconds", "Age of the oldest notice not yet delivered (0: none)")
JOB_RUNS = Counter("daigou_job_runs", "Scheduled job runs, by kind and outcome (done, failed)", ["kind", "outcome"])
JOB_LAG = Histogram(
    "daigou_job_lag_seconds", "How long after falling due a job was started, by kind", ["kind"], buckets=_LAG_BUCKETS
)
JOBS_DUE = Gauge("daigou_jobs_due", "Jobs due now and not yet started by any scheduler")
JOBS_DUE_OLDEST_LAG = Gauge("daigou_jobs_due_oldest_lag_seconds", "How long the oldest due job has waited (0: none)")
JOBS_FAILING = Gauge("daigou_jobs_failing", "Jobs not done whose last run failed (retried with backoff)")
PAYMENTS_RECORDED = Counter(
    "daigou_payments_recorded",
    "Charges recorded into the ledger, by purpose (deposit, balance, bond, unmatched) and outcome "
    "(applied, refunded: the order could no longer take it, or nothing of ours matched)",
    ["purpose", "outcome"],
)
REFUNDS = Counter("daigou_refunds", "Refund transfers posted to the ledger, by kind", ["kind"])
PAYMENTS_STUCK = Gauge(
    "daigou_payment_inbox_stuck", "Charges kept in the payment inbox and still not recorded 15 minutes on"
)
PAYMENTS_STUCK_OLDEST_AGE = Gauge(
    "daigou_payment_inbox_stuck_oldest_age_seconds", "Age of the oldest stuck charge (0: none)"
)


def exposition() -> tuple[bytes, str]:
    """This process's figures in Prometheus's text format, and its content type."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
