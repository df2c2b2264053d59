"""What moderators see and do: queues, cases and records, decisions, fake reports, accounts and sessions, the audit
log, the dashboard."""
