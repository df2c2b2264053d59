from tortoise import fields
from tortoise.models import Model

from core.domain.reports import ReportStatus
from core.models.listings import Listing
from core.models.orders import Order
from core.models.users import User


class FakeReport(Model):
    """A customer's report that a listing or an order's item is fake, with evidence photos."""

    id = fields.IntField(primary_key=True)
    reporter: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="reports_made", on_delete=fields.RESTRICT
    )
    reporter_id: int
    listing: fields.ForeignKeyNullableRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="reports", null=True, on_delete=fields.RESTRICT
    )
    listing_id: int | None
    order: fields.ForeignKeyNullableRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="reports", null=True, on_delete=fields.RESTRICT
    )
    order_id: int | None
    reason = fields.TextField()
    evidence: list[str] = fields.JSONField(default=list)
    status = fields.CharEnumField(ReportStatus, max_length=16, default=ReportStatus.OPEN)
    resolution = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    resolved_at = fields.DatetimeField(null=True)

    class Meta:
        table = "fake_reports"
        indexes = (("status",),)
