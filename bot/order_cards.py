"""An order's card in the chat, sent anew or redrawn in place, as the orders and disputes areas show it."""

from aiogram import Bot
from aiogram.types import CallbackQuery, Message

from bot.views.orders import order_card, order_keyboard
from core.models.orders import Order
from core.services import disputes
from core.services.users import Person


async def send_card(bot: Bot, user: Person, order: Order, preface: str = "") -> None:
    dispute = await disputes.view(order.id, user.id)
    card = await order_card(order, user, dispute)
    await bot.send_message(
        user.telegram_id,
        f"{preface}\n\n{card}" if preface else card,
        reply_markup=order_keyboard(order, user.id, dispute),
    )


async def redraw_card(query: CallbackQuery, user: Person, order: Order) -> None:
    """After a one-press step, the pressed card shows the new state and the buttons valid now."""
    if isinstance(query.message, Message):
        dispute = await disputes.view(order.id, user.id)
        await query.message.edit_text(
            await order_card(order, user, dispute), reply_markup=order_keyboard(order, user.id, dispute)
        )
