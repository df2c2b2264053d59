"""The buttons under each outbox notice that has any, per key; built in the recipient's language."""

from collections.abc import Callable
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.presenters import chat, reviews
from bot.presenters.addresses import give_address_keyboard
from bot.presenters.orders import delivery_keyboard, open_order_keyboard, receipt_keyboard
from bot.presenters.requests import see_offers_keyboard


def _open_order(params: dict[str, Any]) -> InlineKeyboardMarkup:
    return open_order_keyboard(int(params["id"]))


def _open_this_order(params: dict[str, Any]) -> InlineKeyboardMarkup:
    return open_order_keyboard(int(params["order_id"]))


_ORDER_NEWS = (
    "order.new",
    "order.deposit_paid",
    "order.balance_paid",
    "order.address_given",
    "order.receipt_uploaded",
    "order.shipped",
    "order.delivered",
    "order.not_delivered_yet",
    "order.completed",
    "order.cancelled",
    "order.cancelled_with_reason",
)

# Notices about an order's dispute or parcel: one press opens the order, where the next step is.
_ABOUT_AN_ORDER = (
    "dispute.opened",
    "dispute.answered",
    "dispute.buyer_proposed",
    "dispute.customer_proposed",
    "dispute.declined",
    "dispute.agreed",
    "dispute.escalated",
    "tracking.in_transit",
    "tracking.customs",
    "tracking.delivered",
)

KEYBOARDS: dict[str, Callable[[dict[str, Any]], InlineKeyboardMarkup | None]] = {
    **dict.fromkeys(_ORDER_NEWS, _open_order),
    **dict.fromkeys(_ABOUT_AN_ORDER, _open_this_order),
    # The receipt before the balance: the order, or a dispute if it does not look right.
    **dict.fromkeys(("order.receipt_proof", "order.balance_due"), lambda params: receipt_keyboard(int(params["id"]))),
    # The buyer says it arrived: only the customer's yes (carrying the question's promise) marks it delivered.
    "order.delivery_question": lambda params: delivery_keyboard(int(params["id"]), params["promise"], True),
    "order.address_needed": lambda params: give_address_keyboard(int(params["id"])),
    "offer.new": lambda params: see_offers_keyboard(int(params["id"])),
    "review.posted": lambda params: reviews.reply_keyboard(int(params["review_id"])),
    "chat.message": lambda params: chat.reply_keyboard(int(params["order_id"])),
}
