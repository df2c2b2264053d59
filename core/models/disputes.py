from tortoise import fields
from tortoise.models import Model

from core.domain.disputes import DisputeStatus, ProposalStatus
from core.models.money import AsMoney
from core.models.orders import Order
from core.models.users import User


class Dispute(Model):
    """A complaint by the customer about an order, the answer of the buyer, and how it ended."""

    id = fields.IntField(primary_key=True)
    order: fields.OneToOneRelation[Order] = fields.OneToOneField(
        "models.Order", related_name="dispute", on_delete=fields.RESTRICT
    )
    order_id: int
    reason = fields.TextField()
    evidence: list[str] = fields.JSONField(default=list)  # Telegram file_ids
    answer = fields.TextField(null=True)
    answer_photos: list[str] = fields.JSONField(default=list)
    status = fields.CharEnumField(DisputeStatus, max_length=16, default=DisputeStatus.OPEN)
    escalates_at = fields.DatetimeField()
    escalated_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    proposals: fields.ReverseRelation["RefundProposal"]

    class Meta:
        table = "disputes"
        indexes = (("status", "escalates_at"),)


class RefundProposal(Model):
    """One side offers a refund to the customer and the rest to the buyer, and the other side answers."""

    id = fields.IntField(primary_key=True)
    dispute: fields.ForeignKeyRelation[Dispute] = fields.ForeignKeyField(
        "models.Dispute", related_name="proposals", on_delete=fields.CASCADE
    )
    dispute_id: int
    proposer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="refund_proposals", on_delete=fields.RESTRICT
    )
    proposer_id: int
    refund = fields.BigIntField()  # minor units of the order's currency
    currency = fields.CharField(max_length=3)
    status = fields.CharEnumField(ProposalStatus, max_length=16, default=ProposalStatus.PENDING)
    created_at = fields.DatetimeField(auto_now_add=True)
    answered_at = fields.DatetimeField(null=True)

    refund_money = AsMoney("refund")

    class Meta:
        table = "refund_proposals"
        ordering = ("id",)
