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


class OrderChat(CallbackData, prefix="oc"):
    """Start writing to the other side of an order (from its card, or Reply under a relayed message)."""

    order_id: int


class OrderAction(CallbackData, prefix="o"):
    action: str  # an order_machine.Action value, or "view"
    order_id: int


class PromisedStep(CallbackData, prefix="ps"):
    """A step on an order confirmed from a prompt that said what it does: `promise` is that OrderPromise's digest."""

    action: str  # an order_machine.Action value
    order_id: int
    promise: str


class TrackingReport(CallbackData, prefix="tr"):
    """The buyer says where a shipped parcel is (a core TrackingStatus value)."""

    order_id: int
    status: str


class DisputeAction(CallbackData, prefix="d"):
    action: str  # answer, propose (id: the order's), accept, decline (id: the proposal's)
    id: int


class RequestAction(CallbackData, prefix="rq"):
    action: str  # offers, cancel, offer (buyer starts an offer)
    request_id: int


class OfferAction(CallbackData, prefix="of"):
    action: str  # accept, decline (the customer's), withdraw (the buyer's)
    offer_id: int


class ReviewStars(CallbackData, prefix="rv"):
    order_id: int
    stars: int


class Choice(CallbackData, prefix="c"):
    """A value picked from a keyboard inside a wizard (country, category, ...)."""

    field: str
    value: str


class BuyQuantity(CallbackData, prefix="bq"):
    """How many of a listing to buy, picked while the bot asks for it."""

    listing_id: int
    quantity: int


class SearchPage(CallbackData, prefix="sp"):
    """The next page of a typed search; its words stay in the chat's FSM data under `search_id`."""

    search_id: int  # the message id of the search, so an older search's button is stale
    before: int  # the page's cursor (core.services.catalog.listings.search_listings)


class BuyerReviews(CallbackData, prefix="br"):
    """A page of a buyer's reviews, from a card's Reviews button or the More under the previous page."""

    buyer_id: int
    before: int = 0  # keyset cursor: reviews older than this id; 0 = newest


class ReviewReply(CallbackData, prefix="rr"):
    """The reviewed buyer starts their one reply to a review."""

    review_id: int


class MyRequests(CallbackData, prefix="mr"):
    """Show the customer's open requests."""


class FeedPage(CallbackData, prefix="fd"):
    """A buyer's feed of open requests older than `before` (0 = newest)."""

    before: int = 0


class BuyerMenu(CallbackData, prefix="bm"):
    """A button of the /sell menu: apply, new_listing, listings, feed, referral, bond."""

    action: str
    before: int = 0  # for "listings": show the buyer's listings older than this id; 0 = newest


class BondAction(CallbackData, prefix="bd"):
    """The bond screen: pay (a top-up of `amount` major units), other (type an amount), withdraw(_confirmed)."""

    action: str
    amount: int = 0


class AddressAction(CallbackData, prefix="ad"):
    """The address book: add, or delete the saved address `address_id`."""

    action: str
    address_id: int = 0


class ShipToAction(CallbackData, prefix="sh"):
    """Where an order ships: ask (show the choice), new (add an address for it), pick (the saved `address_id`)."""

    action: str
    order_id: int
    address_id: int = 0


class EarningsAction(CallbackData, prefix="er"):
    """/earnings: history (older than `before`), payout, methods, add_method, delete_method (`id`), refunds."""

    action: str
    id: int = 0
    before: int = 0


class PayoutConfirm(CallbackData, prefix="pc"):
    """Confirm the payout prompt: `promise` is core.domain.payouts.payout_promise of what it said."""

    promise: str
