from tortoise import fields
from tortoise.models import Model

from core.models.orders import Order
from core.models.users import User


class Review(Model):
    """The customer's verdict on a completed order, and the buyer's one reply."""

    id = fields.IntField(primary_key=True)
    order: fields.OneToOneRelation[Order] = fields.OneToOneField(
        "models.Order", related_name="review", on_delete=fields.RESTRICT
    )
    order_id: int
    customer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="reviews_written", on_delete=fields.RESTRICT
    )
    customer_id: int
    buyer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="reviews_received", on_delete=fields.RESTRICT
    )
    buyer_id: int
    stars = fields.SmallIntField()
    text = fields.TextField()
    reply = fields.TextField(null=True)
    replied_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "reviews"
        indexes = (("buyer_id", "id"),)
