from tortoise import fields
from tortoise.models import Model


class Brand(Model):
    """A brand: the name customers see, whether moderators watch it for counterfeits, and (`aliases`) its names
    across languages. `key` is the name as brands compare (core/domain/brands.brand_key)."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64)
    key = fields.CharField(max_length=64, unique=True)
    watched = fields.BooleanField(default=False)  # on the counterfeit watchlist: its listings get more scrutiny
    note = fields.CharField(max_length=200, default="")  # why moderators watch it
    added_by = fields.CharField(max_length=64, default="")  # who put it on the watchlist
    created_at = fields.DatetimeField(auto_now_add=True)

    aliases: fields.ReverseRelation["BrandAlias"]

    class Meta:
        table = "brands"


class BrandAlias(Model):
    """One name of a brand in some language (its own name included): 资生堂 for Shiseido. A name is one brand's."""

    id = fields.IntField(primary_key=True)
    brand: fields.ForeignKeyRelation[Brand] = fields.ForeignKeyField(
        "models.Brand", related_name="aliases", on_delete=fields.CASCADE
    )
    brand_id: int
    name = fields.CharField(max_length=64)
    key = fields.CharField(max_length=64, unique=True)

    class Meta:
        table = "brand_aliases"
