"""Formatting helpers for the HTML parse mode the bot uses everywhere."""

import html

from aiogram.utils.i18n import get_i18n
from aiogram.utils.i18n import gettext as _
from babel import Locale
from babel.lists import format_list

from core.domain.catalog import CATEGORY_NAMES
from core.domain.money import Money
from core.services.money.rates import Conversion, conversion_into

CAPTION_LIMIT = 1024

# Where most of our customers live: show prices converted into this currency too.
HOME_CURRENCY = {"zh": "CNY", "en": "USD"}
BABEL_LOCALE = {"zh": "zh_Hans_CN", "en": "en"}


def escape(text: str) -> str:
    """User text made safe for parse_mode=HTML."""
    return html.escape(text, quote=False)


def language() -> str:
    return get_i18n().current_locale


def category_name(code: str) -> str:
    return _(CATEGORY_NAMES[code]) if code in CATEGORY_NAMES else code


def country_name(code: str) -> str:
    return Locale.parse(BABEL_LOCALE.get(language(), "en")).territories.get(code, code)


def listed(items: list[str]) -> str:
    """`Japan and South Korea`, `日本和韩国`: a list the way the user's language writes one."""
    return format_list(items, locale=BABEL_LOCALE.get(language(), "en")) if items else ""


def money(amount: Money) -> str:
    return amount.format(BABEL_LOCALE.get(language(), "en"))


async def home_conversion() -> Conversion:
    """The rates into the reader's home currency, read once for every price a message or a page shows."""
    return await conversion_into(HOME_CURRENCY.get(language(), "USD"))


def price_with_home(amount: Money, converted: Money | None) -> str:
    """`¥12,800 (≈ US$86.40)`: the price, and the customer's currency when a rate is set."""
    if converted is None or converted.currency == amount.currency:
        return money(amount)
    return _("{price} (≈ {converted})").format(price=money(amount), converted=money(converted))


def fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
