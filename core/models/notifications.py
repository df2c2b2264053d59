from datetime import UTC, datetime
from typing import Any

from tortoise import fields
from tortoise.models import Model

from core.models.users import User

TRANSACTIONAL, MARKETING = 0, 1  # `priority`: lower goes first
# Rows from before the outbox had this column are due at once. (SQLite cannot add a column whose
# default is CURRENT_TIMESTAMP.)
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


class Notification(Model):
    """A message waiting for the bot to deliver it: a stable `key` and its `params`, rendered in the user's language.

    A sender claims it by setting `claimed_by` and pushing `available_at` to the end of its lease;
    `available_at` is also when a notice that failed may be tried again. `sent_at` is set once it
    is settled: delivered, or given up for good (`error` says why).
    """

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="notifications", on_delete=fields.CASCADE
    )
    user_id: int
    key = fields.CharField(max_length=64)
    params: dict[str, Any] = fields.JSONField(default=dict)
    priority = fields.SmallIntField(default=TRANSACTIONAL, db_default=TRANSACTIONAL)
    created_at = fields.DatetimeField(auto_now_add=True)
    available_at = fields.DatetimeField(db_default=LONG_AGO)
    claimed_by = fields.CharField(max_length=32, null=True)
    attempts = fields.IntField(default=0, db_default=0)
    sent_at = fields.DatetimeField(null=True)
    error = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "notifications"
        indexes = (("sent_at", "priority", "id"),)
