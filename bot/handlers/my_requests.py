"""A customer's open requests: their offers side by side, accepting one (then the deposit) or declining one, or
cancelling the request."""

from aiogram import Bot, F
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot.callbacks import MyRequests, OfferAction, RequestAction
from bot.handler_registry import Handlers
from bot.invoices import send_invoice
from bot.presenters.addresses import ship_to_keyboard, ship_to_question
from bot.presenters.requests import my_requests_keyboard, my_requests_text, offers_keyboard, offers_text
from bot.presenters.text import escape, home_conversion, money
from core.domain.invoices import PaymentPurpose
from core.services.people.addresses import saved_addresses
from core.services.people.users import Person
from core.services.sourcing.purchase_requests import cancel_request, decline_offer
from core.services.sourcing.request_cards import choose_offer, offers_on, open_requests_of, own_open_request

handlers = Handlers(__name__)


async def send_my_requests(bot: Bot, user: Person) -> None:
    summaries = await open_requests_of(user.id)
    await bot.send_message(user.telegram_id, my_requests_text(summaries), reply_markup=my_requests_keyboard(summaries))


@handlers.message(Command("requests"))
async def my_requests_command(message: Message, user: Person, bot: Bot) -> None:
    await send_my_requests(bot, user)


@handlers.callback_query(MyRequests.filter())
async def my_requests_button(query: CallbackQuery, user: Person, bot: Bot) -> None:
    await query.answer()
    await send_my_requests(bot, user)


async def _offers_screen(user: Person, request_id: int) -> tuple[str, InlineKeyboardMarkup]:
    """The pending offers on the customer's open request, side by side, with their buttons."""
    request = await own_open_request(user.id, request_id)
    offers = await offers_on(user.id, request.id)
    return offers_text(request, offers, await home_conversion()), offers_keyboard(request, offers)


@handlers.callback_query(RequestAction.filter(F.action == "offers"))
async def show_offers(query: CallbackQuery, callback_data: RequestAction, user: Person, bot: Bot) -> None:
    text, markup = await _offers_screen(user, callback_data.request_id)
    await query.answer()
    await bot.send_message(user.telegram_id, text, reply_markup=markup)


@handlers.callback_query(OfferAction.filter(F.action == "decline"))
async def decline(query: CallbackQuery, callback_data: OfferAction, user: Person) -> None:
    request_id = await decline_offer(user.id, callback_data.offer_id)
    if isinstance(query.message, Message):
        text, markup = await _offers_screen(user, request_id)
        await query.message.edit_text(text, reply_markup=markup)
    await query.answer(_("Offer declined; the buyer has been told. Your request stays open."))


@handlers.callback_query(OfferAction.filter(F.action == "accept"))
async def accept(query: CallbackQuery, callback_data: OfferAction, user: Person, bot: Bot) -> None:
    chosen = await choose_offer(user.id, callback_data.offer_id)
    await query.answer(_("Offer accepted."))
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    accepted = _("You accepted the offer of {buyer}: order #{id}, total {total}. Pay the deposit to start it.")
    await bot.send_message(
        user.telegram_id,
        accepted.format(buyer=escape(chosen.buyer_name), id=chosen.order_id, total=money(chosen.total))
        + f"\n\n{ship_to_question(chosen.order_id)}",
        reply_markup=ship_to_keyboard(chosen.order_id, await saved_addresses(user.id)),
    )
    await send_invoice(bot, user, chosen.order_id, PaymentPurpose.DEPOSIT)


@handlers.callback_query(RequestAction.filter(F.action == "cancel"))
async def cancel(query: CallbackQuery, callback_data: RequestAction, user: Person, bot: Bot) -> None:
    await cancel_request(user.id, callback_data.request_id)
    await query.answer(_("Request cancelled."))
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    await bot.send_message(user.telegram_id, _("Request #{id} is cancelled.").format(id=callback_data.request_id))
