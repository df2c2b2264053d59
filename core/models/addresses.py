from tortoise import fields
from tortoise.models import Model

from core.models.users import User


class SavedAddress(Model):
    """A customer's saved shipping address, sealed (core/services/people/addresses.py says how and why)."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="saved_addresses", on_delete=fields.CASCADE
    )
    user_id: int
    country = fields.CharField(max_length=2)  # in the clear: customs rules and a request's destination need it
    sealed = fields.TextField()  # the whole Address as JSON, sealed
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "saved_addresses"
        indexes = (("user_id", "id"),)
