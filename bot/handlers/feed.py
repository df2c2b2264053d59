"""The buyers' feed: open requests in the countries they serve, newest first, a page at a time."""

from aiogram import Bot
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.callbacks import FeedPage
from bot.handler_registry import Handlers
from bot.request_feed import send_feed
from core.services.people.users import Person

handlers = Handlers(__name__)


@handlers.message(Command("feed"))
async def feed_command(message: Message, user: Person, bot: Bot) -> None:
    await send_feed(bot, user)


@handlers.callback_query(FeedPage.filter())
async def feed_page(query: CallbackQuery, callback_data: FeedPage, user: Person, bot: Bot) -> None:
    await send_feed(bot, user, callback_data.before or None)
    await query.answer()
