"""Keyboards shared by several areas: the main menu and the language choice."""

from aiogram.types import InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel import Locale

from bot.callbacks import LanguageChoice
from core.domain.languages import supported_languages

# Main-menu labels, lazily translated so filters compare against the user's language.
BROWSE = __("🔎 Browse")
NEW_REQUEST = __("📝 New request")
MY_ORDERS = __("📦 My orders")
SELL = __("🛍 Sell")
SETTINGS = __("⚙️ Settings")
MENU_LABELS = (BROWSE, NEW_REQUEST, MY_ORDERS, SELL, SETTINGS)


def language_name(code: str) -> str:
    """A language's name in itself, e.g. "English", "中文"."""
    return Locale.parse(code).get_display_name(code) or code


def main_menu() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=str(BROWSE)), KeyboardButton(text=str(NEW_REQUEST))],
            [KeyboardButton(text=str(MY_ORDERS)), KeyboardButton(text=str(SELL))],
            [KeyboardButton(text=str(SETTINGS))],
        ],
        resize_keyboard=True,
        input_field_placeholder=_("Search listings or pick an action"),
    )


def language_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code in supported_languages():
        builder.button(text=language_name(code), callback_data=LanguageChoice(code=code))
    return builder.as_markup()
