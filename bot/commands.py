"""The bot's command menu, translated into every language with a catalog."""

from aiogram import Bot
from aiogram.types import BotCommand
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _


def command_descriptions() -> dict[str, str]:
    return {
        "start": _("Main menu"),
        "help": _("What this bot can do"),
        "cancel": _("Stop what you are doing"),
        "orders": _("Your orders"),
        "addresses": _("Your shipping addresses"),
        "sell": _("Become a buyer or list an item"),
        "request": _("Ask buyers to find an item"),
        "requests": _("Your open requests and their offers"),
        "feed": _("Open requests to answer (buyers)"),
        "offers": _("Your offers (buyers)"),
        "bond": _("Your security bond (buyers)"),
        "earnings": _("Your earnings and payouts (buyers)"),
        "refunds": _("Refunds owed to you and made"),
        "settings": _("Language and account"),
        "language": _("Change the language"),
    }


async def set_commands(bot: Bot, i18n: I18n) -> None:
    """English is the default menu; other languages get their own by `language_code`."""
    for language in i18n.available_locales or (i18n.default_locale,):
        with i18n.context(), i18n.use_locale(language):
            commands = [BotCommand(command=name, description=text) for name, text in command_descriptions().items()]
        await bot.set_my_commands(commands, language_code=None if language == i18n.default_locale else language)
