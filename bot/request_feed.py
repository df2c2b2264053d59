"""The buyers' feed of open requests, a page at a time: shown by /feed, its pages, and the buyer's menu."""

from aiogram import Bot
from aiogram.utils.i18n import gettext as _

from bot.presenters.offers import make_offer_keyboard, more_requests_keyboard
from bot.presenters.requests import request_card
from bot.presenters.text import home_conversion
from core.services.people.users import Person
from core.services.sourcing.request_cards import open_requests_for

FEED_PAGE = 5


async def send_feed(bot: Bot, user: Person, before: int | None = None) -> None:
    """One page of open requests in the buyer's countries; refuses (DomainError) anyone not a verified buyer."""
    requests = await open_requests_for(user.id, before_id=before, limit=FEED_PAGE + 1)
    if not requests:
        empty = _("No more open requests.") if before else _("No open requests in your countries right now.")
        await bot.send_message(user.telegram_id, empty)
        return
    at_home = await home_conversion()
    for request in requests[:FEED_PAGE]:
        await bot.send_message(
            user.telegram_id, request_card(request, at_home), reply_markup=make_offer_keyboard(request.id)
        )
    if len(requests) > FEED_PAGE:
        await bot.send_message(
            user.telegram_id,
            _("There are more open requests."),
            reply_markup=more_requests_keyboard(requests[FEED_PAGE - 1].id),
        )
