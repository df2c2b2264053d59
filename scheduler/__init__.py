"""The scheduler process: deadlines, reminders and other jobs, run as they fall due
(core/services/runtime/scheduler.py)."""
