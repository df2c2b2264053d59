from tortoise import fields
from tortoise.models import Model


class ScheduledJob(Model):
    """Something to do at `due_at`, once: a `kind` the scheduler knows and the `key` of what it concerns.

    At most one row per (kind, key): planning again moves the same job. `done_at` is set in the
    transaction that did the work, so a job is either done with its effect or not done at all.
    """

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=48)
    key = fields.CharField(max_length=64)
    due_at = fields.DatetimeField()
    done_at = fields.DatetimeField(null=True)
    attempts = fields.IntField(default=0)  # failed runs since it was last planned
    last_error = fields.CharField(max_length=255, default="")  # the exception's type, never personal data
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "scheduled_jobs"
        unique_together = (("kind", "key"),)
        indexes = (("done_at", "due_at"),)
