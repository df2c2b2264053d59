"""Start, help, language, settings and cancel: what every user can do anywhere."""

import re

from aiogram import Bot, F
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.callbacks import LanguageChoice
from bot.deep_links import parse_start_payload
from bot.handler_registry import Handlers
from bot.keyboards import SETTINGS, language_keyboard, language_name, main_menu
from bot.listing_cards import send_listing_card
from bot.presenters.text import escape
from core.domain.languages import supported_languages
from core.services.people.users import Person, choose_language

handlers = Handlers(__name__)


def help_text() -> str:
    return _(
        "<b>Daigou</b> connects you with trusted buyers abroad who purchase items for you.\n\n"
        "/start: main menu\n"
        "/request: ask buyers to find an item for you\n"
        "/requests: your open requests and the offers on them\n"
        "/orders: your orders\n"
        "/addresses: your shipping addresses\n"
        "/sell: become a buyer, or list an item\n"
        "/feed: open requests in your countries (buyers)\n"
        "/offers: the offers you made (buyers)\n"
        "/settings: language and your account\n"
        "/language: change the language\n"
        "/cancel: stop what you are doing\n\n"
        "You can also type what you are looking for to search listings."
    )


@handlers.message(CommandStart())
async def start(message: Message, command: CommandObject, user: Person, state: FSMContext) -> None:
    await state.clear()
    payload = parse_start_payload(command.args)
    await message.answer(
        _("Welcome to Daigou, {name}!").format(name=escape(user.first_name)) + "\n\n" + help_text(),
        reply_markup=main_menu(),
    )
    if payload.listing_id is not None:
        await send_listing_card(message.bot, message.chat.id, payload.listing_id, user)  # type: ignore[arg-type]


@handlers.message(Command(re.compile(r"listing_(\d{1,12})")))
async def listing_command(message: Message, command: CommandObject, user: Person, bot: Bot) -> None:
    """`/listing_<id>`, the link in notices of new listings."""
    assert command.regexp_match
    await send_listing_card(bot, message.chat.id, int(command.regexp_match[1]), user)


@handlers.message(Command("help"))
async def show_help(message: Message) -> None:
    await message.answer(help_text(), reply_markup=main_menu())


@handlers.message(Command("cancel"))
async def cancel(message: Message, state: FSMContext) -> None:
    had_state = await state.get_state() is not None
    await state.clear()
    text = _("Cancelled. What next?") if had_state else _("Nothing to cancel. What next?")
    await message.answer(text, reply_markup=main_menu())


@handlers.message(Command("language"))
async def ask_language(message: Message) -> None:
    await message.answer(_("Choose your language:"), reply_markup=language_keyboard())


@handlers.callback_query(LanguageChoice.filter(F.code.in_(supported_languages())))
async def set_language(query: CallbackQuery, callback_data: LanguageChoice, user: Person, i18n: I18n) -> None:
    await choose_language(user.id, callback_data.code)
    with i18n.use_locale(callback_data.code):
        await query.answer(_("Language changed."))
        if isinstance(query.message, Message):
            await query.message.answer(_("I will speak English from now on."), reply_markup=main_menu())


@handlers.message(Command("settings"))
@handlers.message(F.text == SETTINGS)
async def show_settings(message: Message, user: Person) -> None:
    language = language_name(user.language)
    await message.answer(
        _(
            "<b>Settings</b>\nLanguage: {language}\n\nUse /language to change it, /addresses for your shipping "
            "addresses, /sell for your buyer account."
        ).format(language=language),
        reply_markup=language_keyboard(),
    )
