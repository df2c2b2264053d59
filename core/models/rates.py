from tortoise import fields
from tortoise.models import Model


class ExchangeRate(Model):
    """Moderator-set display rate: one major unit of `base` is worth `rate` of `quote`."""

    id = fields.IntField(primary_key=True)
    base = fields.CharField(max_length=3)
    quote = fields.CharField(max_length=3)
    rate = fields.DecimalField(max_digits=20, decimal_places=10)
    set_by = fields.CharField(max_length=64)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "exchange_rates"
        unique_together = (("base", "quote"),)
