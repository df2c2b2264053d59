"""The last router: whatever nobody else understood gets help, never silence."""

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.handler_registry import Handlers
from bot.keyboards import main_menu

handlers = Handlers(__name__)


@handlers.message(F.text.startswith("/"))
async def unknown_command(message: Message) -> None:
    await message.answer(_("I don't know that command. /help lists what I can do."), reply_markup=main_menu())


@handlers.message()
async def not_understood(message: Message, state: FSMContext) -> None:
    if await state.get_state() is not None:
        await message.answer(_("That is not what I asked for. Please answer the question above, or /cancel."))
    elif message.photo:
        await message.answer(
            _(
                "A photo on its own is not something I can use. To sell an item, send /sell; to ask buyers to find "
                "one, /request: each asks for its photos at the right step."
            ),
            reply_markup=main_menu(),
        )
    elif message.text is None:
        await message.answer(
            _("I can read text, photos and button presses only. /help lists what I can do."),
            reply_markup=main_menu(),
        )
    else:
        await message.answer(_("Pick an action from the menu, or /help."), reply_markup=main_menu())


@handlers.callback_query()
async def stale_button(query: CallbackQuery) -> None:
    await query.answer(_("This button is no longer available."), show_alert=True)
