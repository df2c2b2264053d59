"""Callback data for every inline button. Never trusted: handlers re-check on the server."""

from aiogram.filters.callback_data import CallbackData


class LanguageChoice(CallbackData, prefix="lang"):
    code: str


class ListingAction(CallbackData, prefix="l"):
    action: str  # view, buy, follow, report, edit, withdraw
    listing_id: int


class BrowsePage(CallbackData, prefix="b"):
    country: str = ""
    category: str = ""
    before: int = 0  # keyset cursor: show listings older than this id; 0 = newest


class OrderAction(CallbackData, prefix="o"):
    action: str  # an order_machine.Action value, or "view"
    order_id: int


class RequestAction(CallbackData, prefix="rq"):
    action: str  # offers, cancel, offer (buyer starts an offer)
    request_id: int


class OfferAction(CallbackData, prefix="of"):
    action: str  # accept, withdraw
    offer_id: int


class ReviewStars(CallbackData, prefix="rv"):
    order_id: int
    stars: int


class Choice(CallbackData, prefix="c"):
    """A value picked from a keyboard inside a wizard (country, category, ...)."""

    field: str
    value: str
