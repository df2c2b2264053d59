"""An order's card in the chat, read for the person looking, then sent anew or redrawn in place."""

from aiogram import Bot
from aiogram.types import CallbackQuery, Message

from bot.presenters.orders import order_card, order_keyboard
from bot.presenters.text import home_conversion
from core.services.people.users import Person
from core.services.trade import order_cards
from core.services.trade.order_cards import OrderCard


async def read_card(user: Person, order_id: int) -> OrderCard:
    """The order as this party sees it, its total also in their home currency; anyone else is refused."""
    return await order_cards.order_card(order_id, user.id, await home_conversion())


async def send_card(bot: Bot, user: Person, card: OrderCard, preface: str = "") -> None:
    text = order_card(card)
    await bot.send_message(
        user.telegram_id, f"{preface}\n\n{text}" if preface else text, reply_markup=order_keyboard(card)
    )


async def redraw_card(query: CallbackQuery, card: OrderCard) -> None:
    """After a one-press step, the pressed card shows the new state and the buttons valid now."""
    if isinstance(query.message, Message):
        await query.message.edit_text(order_card(card), reply_markup=order_keyboard(card))
