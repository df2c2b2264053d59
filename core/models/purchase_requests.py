from tortoise import fields
from tortoise.models import Model

from core.domain.purchase_requests import OfferStatus, RequestStatus
from core.models.money import AsMoney
from core.models.users import User


class PurchaseRequest(Model):
    """A customer's "find me X in country Y under budget Z"."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="purchase_requests", on_delete=fields.RESTRICT
    )
    customer_id: int
    text = fields.TextField()
    link = fields.CharField(max_length=2048, null=True)
    photos: list[str] = fields.JSONField(default=list)
    country = fields.CharField(max_length=2)
    ship_to_country = fields.CharField(max_length=2, null=True)  # where the customer wants it sent, if said
    category = fields.CharField(max_length=32, null=True)
    budget = fields.BigIntField()  # minor units of `currency`, for the whole quantity
    currency = fields.CharField(max_length=3)
    quantity = fields.IntField()
    deadline = fields.DatetimeField()
    status = fields.CharEnumField(RequestStatus, max_length=16, default=RequestStatus.OPEN)
    created_at = fields.DatetimeField(auto_now_add=True)

    offers: fields.ReverseRelation["Offer"]

    budget_money = AsMoney("budget")

    class Meta:
        table = "purchase_requests"
        indexes = (("status", "country"),)


class Offer(Model):
    """A buyer's answer to a request. A buyer makes at most one per request."""

    id = fields.IntField(primary_key=True)
    request: fields.ForeignKeyRelation[PurchaseRequest] = fields.ForeignKeyField(
        "models.PurchaseRequest", related_name="offers", on_delete=fields.CASCADE
    )
    request_id: int
    buyer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="offers", on_delete=fields.RESTRICT
    )
    buyer_id: int
    item_price = fields.BigIntField()  # per item
    service_fee = fields.BigIntField()
    shipping_fee = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    days_to_ship = fields.IntField()
    item_name = fields.CharField(max_length=120, default="", db_default="")  # the order's title; "" before 0020
    note = fields.TextField(default="")
    status = fields.CharEnumField(OfferStatus, max_length=16, default=OfferStatus.PENDING)
    expires_at = fields.DatetimeField(null=True)  # unanswered by then, it lapses
    created_at = fields.DatetimeField(auto_now_add=True)

    item_price_money = AsMoney("item_price")
    service_fee_money = AsMoney("service_fee")
    shipping_fee_money = AsMoney("shipping_fee")

    class Meta:
        table = "offers"
        unique_together = (("request", "buyer"),)
