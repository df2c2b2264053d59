"""The relay chat of an order: its customer and its buyer talk through the platform, never directly.

Messages reach the other side through the outbox, so neither learns the other's username or phone;
contact details and payment links are masked (core.domain.contacts) and each one hidden counts
against its sender as an attempt to take the deal off the platform.
"""

from dataclasses import asdict, dataclass
from typing import Any

from tortoise.functions import Sum
from tortoise.transactions import in_transaction

from core.domain.contacts import MaskedPart, mask_contacts
from core.domain.languages import home_region
from core.domain.order_machine import FINAL_STATES, Actor
from core.domain.text import clean_text
from core.errors import InvalidState
from core.models.chat import ChatMessage
from core.models.orders import Order
from core.models.users import BuyerProfile, User
from core.services.people.addresses import unsealed_address
from core.services.runtime import notifications
from core.services.trade.orders import get_order, party_role

# Bot API limits are 4096 characters for a text and 1024 for a caption; the relayed header needs the rest.
MAX_TEXT = 3500
MAX_CAPTION = 900


@dataclass(frozen=True, slots=True)
class ChatTopic:
    """The order a party writes about, and their side of it."""

    order_id: int
    title: str
    role: Actor


@dataclass(frozen=True, slots=True)
class ChatLine:
    """A message as it was passed on: masked, with what was hidden."""

    order_id: int
    role: Actor  # the sender's side
    text: str
    photo_file_id: str | None
    masked: tuple[MaskedPart, ...]


def may_discuss(order: Order) -> bool:
    """An order still under way (or in dispute) may be discussed; a finished one is closed."""
    return order.state not in FINAL_STATES


async def _writable(order_id: int, user_id: int) -> tuple[Order, Actor]:
    """The order and the user's side of it, if they may write about it now."""
    order = await get_order(order_id)
    role = party_role(order, user_id)
    if not may_discuss(order):
        raise InvalidState("chat.closed", order_id=order.id)
    return order, role


async def open_chat(order_id: int, user_id: int) -> ChatTopic:
    """What the party is about to write about; refused if they may not write about it now."""
    order, role = await _writable(order_id, user_id)
    return ChatTopic(order.id, order.title, role)


async def phone_regions(order: Order) -> list[str]:
    """The countries whose phone numbers the parties may pass each other: where the buyer buys, and where the
    order ships (its address; before one is given, a country guessed from the customer's language)."""
    countries = await BuyerProfile.filter(user_id=order.buyer_id).values_list("countries", flat=True)
    buyer_regions = [country for buyer_countries in countries for country in buyer_countries]
    if order.ship_to:
        destination: str | None = unsealed_address(order.ship_to).country
    else:
        destination = home_region((await User.get(id=order.customer_id)).language)
    return buyer_regions + ([destination] if destination else [])


async def post_message(order_id: int, user_id: int, text: str, photo: str | None = None) -> ChatLine:
    """Store the message masked and queue it for the other side; a photo may come without words."""
    text = clean_text(text, "message", MAX_CAPTION if photo else MAX_TEXT, allow_empty=photo is not None)
    async with in_transaction():
        order, role = await _writable(order_id, user_id)
        masked = mask_contacts(text, await phone_regions(order))
        await ChatMessage.create(
            order_id=order.id,
            sender_id=user_id,
            role=role,
            text=masked.text,
            photo_file_id=photo,
            masked=[asdict(part) for part in masked.parts],
            contact_attempts=len(masked.parts),
        )
        other = order.buyer_id if role is Actor.CUSTOMER else order.customer_id
        extra: dict[str, Any] = {"photo": photo} if photo else {}
        await notifications.queue(other, "chat.message", order_id=order.id, role=role.value, text=masked.text, **extra)
        return ChatLine(order.id, role, masked.text, photo, masked.parts)


async def thread_of(order_id: int) -> list[ChatMessage]:
    """The whole conversation, oldest first."""
    return await ChatMessage.filter(order_id=order_id).order_by("id")


async def contact_attempts_of(user_id: int) -> int:
    """How many contact details or payment links this user has tried to pass on, across all orders."""
    rows = await ChatMessage.filter(sender_id=user_id).annotate(total=Sum("contact_attempts")).values_list("total")
    return int(rows[0][0] or 0) if rows else 0
