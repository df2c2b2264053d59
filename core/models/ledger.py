from tortoise import fields
from tortoise.models import Model

from core.domain.invoices import PaymentPurpose
from core.domain.ledger import OwnerKind, Purpose
from core.models.immutable import ImmutableRecord
from core.models.money import AsMoney
from core.models.orders import Order
from core.models.users import User


class Account(Model):
    """A balance per (owner, purpose, currency). Only CLEARING may go below zero."""

    id = fields.IntField(primary_key=True)
    owner_kind = fields.CharEnumField(OwnerKind, max_length=16)
    owner_id = fields.IntField()
    purpose = fields.CharEnumField(Purpose, max_length=16)
    currency = fields.CharField(max_length=3)
    balance = fields.BigIntField(default=0)

    class Meta:
        table = "ledger_accounts"
        unique_together = (("owner_kind", "owner_id", "purpose", "currency"),)


class Transfer(ImmutableRecord):
    """One balanced movement of money in one currency. Its entries sum to zero."""

    id = fields.IntField(primary_key=True)
    idempotency_key = fields.CharField(max_length=128, unique=True)
    kind = fields.CharField(max_length=32)
    currency = fields.CharField(max_length=3)
    fingerprint = fields.CharField(max_length=64)
    order: fields.ForeignKeyNullableRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="transfers", null=True, on_delete=fields.RESTRICT
    )
    order_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    entries: fields.ReverseRelation["Entry"]

    class Meta:
        table = "ledger_transfers"
        indexes = (("order_id",),)


class Entry(ImmutableRecord):
    """One leg of a transfer: positive credits the account, negative debits it."""

    id = fields.IntField(primary_key=True)
    transfer: fields.ForeignKeyRelation[Transfer] = fields.ForeignKeyField(
        "models.Transfer", related_name="entries", on_delete=fields.RESTRICT
    )
    transfer_id: int
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="entries", on_delete=fields.RESTRICT
    )
    account_id: int
    amount = fields.BigIntField()

    class Meta:
        table = "ledger_entries"


class Payment(Model):
    """A successful Telegram payment, recorded once per `telegram_payment_charge_id`."""

    id = fields.IntField(primary_key=True)
    telegram_payment_charge_id = fields.CharField(max_length=255, unique=True)
    provider_payment_charge_id = fields.CharField(max_length=255, default="")
    payer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="payments", on_delete=fields.RESTRICT
    )
    payer_id: int
    order: fields.ForeignKeyNullableRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="payments", null=True, on_delete=fields.RESTRICT
    )
    order_id: int | None
    purpose = fields.CharEnumField(PaymentPurpose, max_length=16)
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    # False when the payment arrived for an order that could no longer take it and was refunded.
    applied = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    amount_money = AsMoney("amount")

    class Meta:
        table = "payments"
        indexes = (("order_id",),)
