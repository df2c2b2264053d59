from typing import Any

from tortoise import fields
from tortoise.models import Model

from core.domain.contacts import MaskedPart, segments
from core.domain.order_machine import Actor
from core.models.orders import Order
from core.models.users import User


class ChatMessage(Model):
    """One message of an order's relay chat, as the other side received it: contacts already masked.

    `masked` lists what was hidden as `{"kind", "start", "end"}` spans of `text`; `contact_attempts`
    is their number, summed per sender as a risk signal.
    """

    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="chat_messages", on_delete=fields.CASCADE
    )
    order_id: int
    sender: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="chat_messages", on_delete=fields.CASCADE
    )
    sender_id: int
    role = fields.CharEnumField(Actor, max_length=16)
    text = fields.TextField(default="")
    photo_file_id = fields.CharField(max_length=255, null=True)
    masked: list[dict[str, Any]] = fields.JSONField(default=list)
    contact_attempts = fields.SmallIntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "chat_messages"
        indexes = (("order_id", "id"), ("sender_id", "contact_attempts"))

    def segments(self) -> list[tuple[str, str | None]]:
        """The text in pieces, each hidden contact marked with its kind."""
        return segments(self.text, [MaskedPart(**part) for part in self.masked])
