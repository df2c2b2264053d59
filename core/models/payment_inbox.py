from typing import Any

from tortoise import fields
from tortoise.models import Model

from core.models.money import AsMoney


class ReceivedPayment(Model):
    """A charge the provider made, kept as it arrived before anything else may fail or drop it.

    Stored before the update is acknowledged to Telegram (which then never sends it again), so a
    crash, a flood limit or a deadlock afterwards cannot lose the money: recording it into the ledger
    (core/services/money/payment_inbox.py) is retried from here until `recorded_at` is set, in the same
    transaction as the ledger movement.
    """

    id = fields.IntField(primary_key=True)
    telegram_payment_charge_id = fields.CharField(max_length=255, unique=True)
    provider_payment_charge_id = fields.CharField(max_length=255, default="")
    payer_telegram_id = fields.BigIntField()
    payer_first_name = fields.CharField(max_length=64, default="")
    payer_language = fields.CharField(max_length=16, default="")
    invoice_payload = fields.CharField(max_length=128)
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    as_sent: dict[str, Any] = fields.JSONField()  # the successful_payment object as Telegram sent it
    received_at = fields.DatetimeField()
    recorded_at = fields.DatetimeField(null=True)
    payment_id = fields.IntField(null=True)  # the Payment it became
    attempts = fields.IntField(default=0)  # failed recording attempts
    last_error = fields.CharField(max_length=255, default="")  # the exception's type, never personal data

    amount_money = AsMoney("amount")

    class Meta:
        table = "payment_inbox"
        indexes = (("recorded_at", "received_at"),)
