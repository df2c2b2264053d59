from tortoise import fields
from tortoise.models import Model

from core.domain.carriers import TrackingStatus
from core.domain.deadlines import Deadline
from core.domain.order_machine import Action, Actor, OrderState
from core.models.listings import Listing
from core.models.money import AsMoney
from core.models.purchase_requests import Offer
from core.models.users import User


class Order(Model):
    """One purchase, from a listing or an accepted offer. Prices are frozen at creation."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="orders_as_customer", on_delete=fields.RESTRICT
    )
    customer_id: int
    buyer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="orders_as_buyer", on_delete=fields.RESTRICT
    )
    buyer_id: int
    listing: fields.ForeignKeyNullableRelation[Listing] = fields.ForeignKeyField(
        "models.Listing", related_name="orders", null=True, on_delete=fields.RESTRICT
    )
    listing_id: int | None
    offer: fields.OneToOneNullableRelation[Offer] = fields.OneToOneField(
        "models.Offer", related_name="order", null=True, on_delete=fields.RESTRICT
    )
    offer_id: int | None
    title = fields.CharField(max_length=120)
    quantity = fields.IntField()
    currency = fields.CharField(max_length=3)
    item_price = fields.BigIntField()  # per item, minor units
    service_fee = fields.BigIntField(default=0)
    shipping_fee = fields.BigIntField(default=0)
    total = fields.BigIntField()
    deposit_amount = fields.BigIntField()
    balance_amount = fields.BigIntField()
    platform_fee_percent = fields.DecimalField(max_digits=5, decimal_places=2)
    days_to_ship = fields.IntField()
    state = fields.CharEnumField(OrderState, max_length=24, default=OrderState.AWAITING_DEPOSIT)
    # The deadline of the step the order waits for now (core/domain/deadlines.py); earlier ones stay as they were.
    deposit_by = fields.DatetimeField(null=True)
    purchase_by = fields.DatetimeField(null=True)
    balance_by = fields.DatetimeField(null=True)
    ship_by = fields.DatetimeField(null=True)
    confirm_by = fields.DatetimeField(null=True)
    missed_deadline = fields.CharEnumField(Deadline, max_length=16, null=True)
    receipt_file_id = fields.CharField(max_length=255, null=True)
    # Written by hand in the receipt photo (core.domain.purchase_proof); orders from before it have none.
    proof_code = fields.CharField(max_length=8, null=True)
    carrier = fields.CharField(max_length=64, null=True)
    tracking_number = fields.CharField(max_length=64, null=True)
    shipped_at = fields.DatetimeField(null=True)
    # The order's own sealed copy of where it ships (core/services/trade/ship_to.py); "" when none was given yet
    # or once purged, PERSONAL_DATA_RETENTION_DAYS after the order ended (`ship_to_purged_at`).
    ship_to = fields.TextField(default="", db_default="")
    ship_to_purged_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    events: fields.ReverseRelation["OrderEvent"]

    # The amounts above as Money in the order's currency.
    item_price_money = AsMoney("item_price")
    service_fee_money = AsMoney("service_fee")
    shipping_fee_money = AsMoney("shipping_fee")
    total_money = AsMoney("total")
    deposit_money = AsMoney("deposit_amount")
    balance_money = AsMoney("balance_amount")

    class Meta:
        table = "orders"
        # A buyer's record counts their orders by state; people list their own orders newest first.
        indexes = (("state",), ("buyer_id", "state"), ("customer_id", "id"))


class OrderEvent(Model):
    """One transition of an order: the audit trail both parties and moderators read."""

    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="events", on_delete=fields.CASCADE
    )
    order_id: int
    action = fields.CharEnumField(Action, max_length=24)
    from_state = fields.CharEnumField(OrderState, max_length=24)
    to_state = fields.CharEnumField(OrderState, max_length=24)
    actor = fields.CharEnumField(Actor, max_length=16)
    actor_user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="order_events", null=True, on_delete=fields.SET_NULL
    )
    actor_user_id: int | None
    note = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "order_events"
        ordering = ("id",)
        indexes = (("order_id", "id"), ("to_state",))


class TrackingUpdate(Model):
    """Where a shipped parcel is, as the buyer (or the system, on delivery) reported it."""

    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="tracking_updates", on_delete=fields.CASCADE
    )
    order_id: int
    status = fields.CharEnumField(TrackingStatus, max_length=16)
    created_at = fields.DatetimeField()  # core.clock's now: the dispute window counts from delivery

    class Meta:
        table = "tracking_updates"
        ordering = ("id",)
        indexes = (("order_id", "status"),)
