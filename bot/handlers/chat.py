"""The relay chat: while a party is in it, their text and photos go to the other side of the order.

Every message goes through core (order_chat.post_message), which re-checks that the sender is a
party of an order still under way, masks contact details and queues the message in the outbox.
"""

from aiogram import Bot, F
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.callbacks import Choice, OrderChat
from bot.handler_registry import Handlers
from bot.keyboards import MENU_LABELS, main_menu
from bot.presenters.chat import LEAVE, chat_intro, leave_keyboard, sent_note, typing_hint
from bot.wizard import attempt
from core.services.people.users import Person
from core.services.trade import order_chat

handlers = Handlers(__name__)


class Chatting(StatesGroup):
    order = State()  # data: order_id


@handlers.callback_query(OrderChat.filter())
async def enter_chat(query: CallbackQuery, callback_data: OrderChat, user: Person, state: FSMContext, bot: Bot) -> None:
    topic = await order_chat.open_chat(callback_data.order_id, user.id)
    await state.set_state(Chatting.order)
    await state.set_data({"order_id": topic.order_id})
    await bot.send_message(user.telegram_id, chat_intro(topic), reply_markup=leave_keyboard())
    await query.answer()


@handlers.callback_query(Chatting.order, Choice.filter((F.field == LEAVE.field) & (F.value == LEAVE.value)))
async def leave_chat(query: CallbackQuery, state: FSMContext, bot: Bot, user: Person) -> None:
    await state.clear()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    await bot.send_message(user.telegram_id, _("You left the chat. What next?"), reply_markup=main_menu())
    await query.answer()


@handlers.message(Chatting.order, F.text.in_(MENU_LABELS))
async def leave_for_the_menu(_: Message, state: FSMContext) -> None:
    """A main-menu button ends the chat and then does what it always does, so what is typed next stays private."""
    await state.clear()
    raise SkipHandler


async def _relay(message: Message, user: Person, state: FSMContext, bot: Bot, text: str, photo: str | None) -> None:
    order_id = (await state.get_data())["order_id"]
    sent = await attempt(bot, user, state, typing_hint(), order_chat.post_message(order_id, user.id, text, photo))
    if sent is not None:
        await message.answer(sent_note(sent))


@handlers.message(Chatting.order, F.photo)
async def relay_photo(message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
    assert message.photo is not None
    await _relay(message, user, state, bot, message.caption or "", message.photo[-1].file_id)


@handlers.message(Chatting.order, F.text, ~F.text.startswith("/"), ~F.text.in_(MENU_LABELS))
async def relay_text(message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
    await _relay(message, user, state, bot, message.text or "", None)


@handlers.message(Chatting.order, ~F.text)
async def only_text_and_photos(message: Message) -> None:
    await message.answer(_("Only text and photos can be passed on.") + "\n" + typing_hint())
