from typing import Any

from tortoise import fields
from tortoise.models import Model

from core.domain.listings import ListingStatus
from core.models.money import AsMoney
from core.models.users import User


class Listing(Model):
    """A non-standard item a buyer can get in their country."""

    id = fields.IntField(primary_key=True)
    buyer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="listings", on_delete=fields.RESTRICT
    )
    buyer_id: int
    title = fields.CharField(max_length=120)
    description = fields.TextField()
    category = fields.CharField(max_length=32)
    brand = fields.CharField(max_length=64, null=True)
    country = fields.CharField(max_length=2)
    city = fields.CharField(max_length=64, null=True)
    price = fields.BigIntField()  # minor units of `currency`, per item
    currency = fields.CharField(max_length=3)
    stock = fields.IntField()
    days_to_ship = fields.IntField()
    status = fields.CharEnumField(ListingStatus, max_length=16, default=ListingStatus.DRAFT)
    status_reason = fields.TextField(null=True)
    # The risk engine's last assessment: its score and the fired signals as [{"code", "params"}].
    risk_score = fields.IntField(null=True)
    risk_reasons: list[dict[str, Any]] | None = fields.JSONField(null=True)
    # When customers and followers were first told of it (core/services/matching.announce_listing): once only.
    announced_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    photos: fields.ReverseRelation["ListingPhoto"]

    price_money = AsMoney("price")

    class Meta:
        table = "listings"
        # (status, id): a status's newest first, as the moderators' queue pages it; (buyer_id, status): a buyer's
        # record. Both measured in bench/admin_queue.py.
        indexes = (("status", "country", "category"), ("status", "id"), ("buyer_id", "status"))


class ListingPhoto(Model):
    """A Telegram photo of a listing. `is_proof` marks the optional receipt or proof photo."""

    id = fields.IntField(primary_key=True)
    listing: fields.ForeignKeyRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="photos", on_delete=fields.CASCADE
    )
    listing_id: int
    position = fields.SmallIntField()
    file_id = fields.CharField(max_length=255)
    is_proof = fields.BooleanField(default=False)

    class Meta:
        table = "listing_photos"
        ordering = ("position",)
        indexes = (("listing_id", "position"),)
