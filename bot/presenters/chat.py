"""An order's relay chat in the bot: the buttons into and out of it, and what each side is told."""

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import Choice, OrderChat
from bot.presenters.text import escape
from core.domain.contacts import MASK
from core.domain.order_machine import Actor
from core.services.trade.order_chat import ChatLine, ChatTopic

LEAVE = Choice(field="chat", value="leave")


def _other_side(role: Actor | None) -> str:
    """Who a party writes to: the customer writes to the buyer and the other way round."""
    return _("the buyer") if role is Actor.CUSTOMER else _("the customer")


def chat_button_label(role: Actor | None) -> str:
    return _("💬 Message the buyer") if role is Actor.CUSTOMER else _("💬 Message the customer")


def reply_keyboard(order_id: int) -> InlineKeyboardMarkup:
    """Under every relayed message: answer in the same order's chat."""
    builder = InlineKeyboardBuilder()
    builder.button(text=_("↩️ Reply"), callback_data=OrderChat(order_id=order_id))
    return builder.as_markup()


def leave_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("🚪 Leave the chat"), callback_data=LEAVE)
    return builder.as_markup()


def chat_intro(topic: ChatTopic) -> str:
    return _(
        "💬 You are writing to {other} of order #{id} ({title}).\n"
        "Everything you send here, text or photos, is passed on. Neither of you sees the other's username "
        "or phone number.\nPress “Leave the chat” or send /cancel when you are done."
    ).format(other=_other_side(topic.role), id=topic.order_id, title=escape(topic.title))


def typing_hint() -> str:
    return _("Type your message or send a photo, or press “Leave the chat”.")


def sent_note(line: ChatLine) -> str:
    """What the sender sees once the message is on its way."""
    text = _("✉️ Sent to {other}.").format(other=_other_side(line.role))
    if line.masked:
        text += "\n" + _(
            "🔒 Contact details and payment links were hidden ({mask}). Keep the deal on Daigou: only here does "
            "the escrow protect your money."
        ).format(mask=MASK)
    return text
