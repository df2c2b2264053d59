from enum import StrEnum
from typing import Any

from tortoise import fields

from core.models.immutable import ImmutableRecord
from core.models.moderators import Moderator


class AuditAction(StrEnum):
    """What a moderator (or an operator with the `daigou` command) did; stored as text, never renamed."""

    LISTING_APPROVE = "listing.approve"
    LISTING_REJECT = "listing.reject"
    LISTING_REMOVE = "listing.remove"
    REPORT_UPHOLD = "report.uphold"
    REPORT_DISMISS = "report.dismiss"
    DISPUTE_REFUND = "dispute.refund"
    DISPUTE_RELEASE = "dispute.release"
    BOND_FORFEIT = "bond.forfeit"
    BUYER_VERIFY = "buyer.verify"
    BUYER_REJECT = "buyer.reject"
    BUYER_SUSPEND = "buyer.suspend"
    BUYER_LIFT = "buyer.lift"
    BUYER_BAN = "buyer.ban"
    BUYER_UNBAN = "buyer.unban"
    RATE_SET = "rate.set"
    WATCHLIST_ADD = "watchlist.add"
    WATCHLIST_REMOVE = "watchlist.remove"
    FEES_SET = "fees.set"
    MODERATOR_DEACTIVATE = "moderator.deactivate"
    MODERATOR_REACTIVATE = "moderator.reactivate"


class AuditTarget(StrEnum):
    """The kind of thing an audit entry is about; `target_id` is its id (for a rate `BASE/QUOTE`, a brand its name)."""

    LISTING = "listing"
    REPORT = "report"
    ORDER = "order"
    USER = "user"
    RATE = "rate"
    BRAND = "brand"
    FEES = "fees"
    MODERATOR = "moderator"


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
