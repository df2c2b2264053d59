from typing import Any

from tortoise import fields
from tortoise.models import Model

from core.models.users import User


class Notification(Model):
    """A message waiting for the bot to deliver it: a stable `key` and its `params`, rendered in the user's language."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="notifications", on_delete=fields.CASCADE
    )
    user_id: int
    key = fields.CharField(max_length=64)
    params: dict[str, Any] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notifications"
        indexes = (("sent_at", "id"),)
