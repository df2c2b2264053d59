"""Purchase requests in a chat: the request card, a customer's open requests, and offers side by side."""

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import OfferAction, RequestAction
from bot.presenters.buyers import record_line, reviews_button
from bot.presenters.text import category_name, country_name, escape, fit, money, price_with_home
from core.domain.money import Money
from core.services.money.rates import Conversion
from core.services.sourcing.purchase_requests import RequestInput
from core.services.sourcing.request_cards import OfferCard, RequestCard, RequestSummary

# Enough to compare at a glance and to stay well inside Telegram's 4096 characters.
OFFERS_SHOWN = 10


def in_home_currency(amount: Money, at_home: Conversion) -> str:
    """`¥20,000 (≈ US$135.00)` in the reader's home currency, when a rate is set."""
    return price_with_home(amount, at_home(amount))


def request_details(data: RequestInput, at_home: Conversion, text_limit: int = 1500) -> str:
    """What was asked for and on which terms, for the customer's summary and the buyers' feed."""
    place = " · ".join(p for p in (country_name(data.country), category_name(data.category or "")) if p)
    lines = [escape(fit(data.text, text_limit)), "", f"📍 {escape(place)}"]
    extras = []
    if data.photo_file_ids:
        extras.append("📷 " + _("photos: {n}").format(n=len(data.photo_file_ids)))
    if data.link:
        extras.append("🔗 " + escape(fit(data.link, 300)))
    if extras:
        lines.append(" · ".join(extras))
    if data.ship_to:
        lines.append("📦 " + _("Ships to {country}").format(country=escape(country_name(data.ship_to))))
    budget = in_home_currency(data.budget, at_home)
    lines.append("💰 " + _("Budget {budget} for {quantity}").format(budget=budget, quantity=data.quantity))
    lines.append("⏳ " + _("Deadline {date}").format(date=f"{data.deadline:%Y-%m-%d}"))
    return "\n".join(lines)


def request_card(request: RequestCard, at_home: Conversion) -> str:
    return _("<b>Request #{id}</b>").format(id=request.id) + "\n" + request_details(request.wanted, at_home)


def my_requests_text(summaries: Sequence[RequestSummary]) -> str:
    if not summaries:
        return _("You have no open requests. Post one with /request.")
    lines = [_("<b>Your open requests</b>")]
    for summary in summaries:
        request = summary.request
        lines.append(
            _("#{id} · {text} · {country} · offers: {offers}").format(
                id=request.id,
                text=escape(fit(request.wanted.text, 60)),
                country=escape(country_name(request.wanted.country)),
                offers=summary.offer_count,
            )
        )
    return "\n".join(lines)


def my_requests_keyboard(summaries: Sequence[RequestSummary]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for summary in summaries:
        builder.button(
            text=_("💬 Offers on #{id} ({n})").format(id=summary.request.id, n=summary.offer_count),
            callback_data=RequestAction(action="offers", request_id=summary.request.id),
        )
    builder.adjust(1)
    return builder.as_markup()


def above_budget_line(above: Money, budget: Money, total: Money) -> str:
    """How far an offer's total is above the request's budget, in the budget's currency when the total is not."""
    if above.currency == total.currency:
        return _("⚠️ Above your budget of {budget}").format(budget=money(budget))
    return _("⚠️ Above your budget of {budget} (≈ {converted} at the current rate)").format(
        budget=money(budget), converted=money(above)
    )


def _offer_block(number: int, offer: OfferCard, budget: Money, at_home: Conversion) -> str:
    price = offer.price
    lines = [
        f"<b>#{number}</b> " + record_line(offer.buyer),
        "🛍 " + escape(offer.item_name),
        "💰 "
        + _("{item} × {quantity} · service {service} · shipping {shipping}").format(
            item=money(price.item_price),
            quantity=price.quantity,
            service=money(price.service_fee),
            shipping=money(price.shipping_fee),
        ),
        "<b>"
        + _("Total {total}").format(total=in_home_currency(price.total, at_home))
        + "</b> · "
        + _("ships in {days} days").format(days=offer.days_to_ship),
    ]
    if offer.above_budget is not None:
        lines.append(above_budget_line(offer.above_budget, budget, price.total))
    if offer.note:
        lines.append("📝 " + escape(fit(offer.note, 150)))
    return "\n".join(lines)


def offers_text(request: RequestCard, offers: Sequence[OfferCard], at_home: Conversion) -> str:
    """Every pending offer on one request, cheapest first, numbered as the Accept buttons are."""
    head = _("<b>Offers on request #{id}</b>: {text}").format(id=request.id, text=escape(fit(request.wanted.text, 100)))
    if not offers:
        return (
            head
            + "\n\n"
            + _("No offers yet. Buyers in {country} see your request in their feed.").format(
                country=escape(country_name(request.wanted.country))
            )
        )
    budget = request.wanted.budget
    blocks = [_offer_block(n, offer, budget, at_home) for n, offer in enumerate(offers[:OFFERS_SHOWN], 1)]
    text = head + "\n\n" + "\n\n".join(blocks)
    if len(offers) > OFFERS_SHOWN:
        text += "\n\n" + _("…and {n} more expensive ones.").format(n=len(offers) - OFFERS_SHOWN)
    return text


def offers_keyboard(request: RequestCard, offers: Sequence[OfferCard]) -> InlineKeyboardMarkup:
    """A row per offer, numbered as the text is: accept it, decline it, read its buyer's reviews."""
    builder = InlineKeyboardBuilder()
    row_sizes = []
    for number, offer in enumerate(offers[:OFFERS_SHOWN], 1):
        before = len(list(builder.buttons))
        builder.button(
            text=_("✅ Accept #{n}").format(n=number), callback_data=OfferAction(action="accept", offer_id=offer.id)
        )
        builder.button(
            text=_("✖️ Decline #{n}").format(n=number), callback_data=OfferAction(action="decline", offer_id=offer.id)
        )
        reviews_button(builder, offer.buyer, _("⭐ Reviews #{n}").format(n=number))
        row_sizes.append(len(list(builder.buttons)) - before)
    if row_sizes:
        builder.adjust(*row_sizes)
    cancel = RequestAction(action="cancel", request_id=request.id).pack()
    builder.row(InlineKeyboardButton(text=_("❌ Cancel request"), callback_data=cancel))
    return builder.as_markup()


def see_offers_keyboard(request_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("💬 See offers"), callback_data=RequestAction(action="offers", request_id=request_id))
    return builder.as_markup()
