from tortoise import fields
from tortoise.models import Model

from core.domain.payouts import PayoutKind, PayoutMethodKind, PayoutStatus
from core.models.ledger import Transfer
from core.models.moderators import Moderator
from core.models.money import AsMoney
from core.models.orders import Order
from core.models.users import User


class PayoutMethod(Model):
    """Where a buyer wants to be paid: a kind and its details, sealed (core/sealing.py) until the buyer deletes it."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="payout_methods", on_delete=fields.CASCADE
    )
    user_id: int
    kind = fields.CharEnumField(PayoutMethodKind, max_length=16)
    details = fields.TextField()  # sealed
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payout_methods"
        indexes = (("user_id",),)


class Payout(Model):
    """Money a moderator pays out by hand: a buyer's requested earnings, or a refund owed to a customer."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(PayoutKind, max_length=16)
    status = fields.CharEnumField(PayoutStatus, max_length=16, default=PayoutStatus.REQUESTED)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="payouts", on_delete=fields.RESTRICT
    )
    user_id: int
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    # Earnings: the chat prompt the buyer confirmed, so a second press of it asks for nothing more.
    request_key = fields.CharField(max_length=64, null=True, unique=True)
    method_kind = fields.CharEnumField(PayoutMethodKind, max_length=16, null=True)
    details = fields.TextField(default="")  # the method's details at the request, sealed; "" once redacted
    details_purged_at = fields.DatetimeField(null=True)
    # Refunds: the ledger transfer that made the money owed, and its order if it had one.
    source: fields.ForeignKeyNullableRelation[Transfer] = fields.ForeignKeyField(
        "models.Transfer", related_name="payouts", null=True, unique=True, on_delete=fields.RESTRICT
    )
    source_id: int | None
    order: fields.ForeignKeyNullableRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="payouts", null=True, on_delete=fields.RESTRICT
    )
    order_id: int | None
    reference = fields.CharField(max_length=200, default="")  # the transfer's or the provider's reference
    reason = fields.TextField(default="")  # why it was refused
    decided_by: fields.ForeignKeyNullableRelation[Moderator] = fields.ForeignKeyField(
        "models.Moderator", related_name="payouts", null=True, on_delete=fields.RESTRICT
    )
    decided_by_id: int | None
    decided_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    amount_money = AsMoney("amount")

    class Meta:
        table = "payouts"
        indexes = (("status", "id"), ("user_id", "kind"))
