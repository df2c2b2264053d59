from typing import Any

from tortoise import fields

from core.models.immutable import ImmutableRecord
from core.models.moderators import Moderator


class AuditEntry(ImmutableRecord):
    """One moderator action: who did what to which thing, why and when. Never changed or deleted.

    `moderator` is empty when an operator acted through the `daigou` command rather than the admin web.
    """

    id = fields.IntField(primary_key=True)
    moderator: fields.ForeignKeyNullableRelation[Moderator] = fields.ForeignKeyField(
        "models.Moderator", related_name="audit_entries", null=True, on_delete=fields.RESTRICT
    )
    moderator_id: int | None
    action = fields.CharField(max_length=48)
    target_kind = fields.CharField(max_length=16)
    target_id = fields.CharField(max_length=64)
    reason = fields.TextField(default="")
    details: dict[str, Any] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "audit_entries"
        indexes = (("target_kind", "target_id"), ("action",))
