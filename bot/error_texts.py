"""What the bot says, in the user's language, when a core service refuses something."""

from typing import Any

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.views.text import money
from core.domain.money import Money
from core.errors import Conflict, DomainError, Forbidden, InvalidInput, InvalidState, NotFound

_TEXTS: dict[str, Any] = {
    "money.not_a_number": __("I could not read that as a price. Try something like 12800 JPY, ¥12,800 or 12.5 USD."),
    "money.currency_missing": __("Which currency? Add it to the amount, e.g. 12800 JPY or 12.5 USD."),
    "money.unknown_currency": __(
        "I don't know the currency {currency}. Use a three-letter code such as JPY, USD or CNY."
    ),
    "money.not_positive": __("The amount must be more than zero."),
    "money.negative": __("Fees cannot be negative."),
    "money.too_large": __("That amount is too large: at most {limit} {currency}."),
    "money.too_many_decimals": __("{currency} has {places} decimal places; please round the amount."),
    "text.empty": __("That was empty. Please type some text."),
    "text.too_long": __("That is too long: {length} characters, at most {max}."),
    "catalog.unknown_country": __("I don't know the country {country}. Use a two-letter code such as JP, KR or US."),
    "catalog.unknown_category": __("Please pick a category from the buttons."),
    "listing.photo_count": __("A listing needs between {min} and {max} photos."),
    "listing.quantity_range": __("The quantity must be between {min} and {max}."),
    "listing.days_to_ship_range": __("Days to ship must be between {min} and {max}."),
    "listing.not_found": __("This listing is no longer available."),
    "listing.out_of_stock": __("Sorry, this item just sold out."),
    "listing.not_yours": __("This listing is not yours."),
    "listing.not_editable": __("This listing can no longer be edited."),
    "request.quantity_range": __("The quantity must be between {min} and {max}."),
    "request.photo_count": __("At most {max} photos, please."),
    "request.deadline_past": __("That deadline has already passed. Please pick a later date."),
    "request.deadline_too_far": __("The deadline can be at most {days} days away."),
    "request.bad_link": __("That does not look like a web link (it should start with https://)."),
    "request.not_open": __("This request is no longer open."),
    "request.not_yours": __("This request is not yours."),
    "offer.days_to_ship_range": __("Days to ship must be between {min} and {max}."),
    "offer.mixed_currencies": __("Please use one currency for the price and the fees."),
    "offer.already_made": __("You have already made an offer on this request."),
    "offer.own_request": __("You cannot make an offer on your own request."),
    "offer.not_pending": __("This offer is no longer available."),
    "buyer.not_a_buyer": __("Only buyers can do this. Apply to become a buyer from the menu."),
    "buyer.not_verified": __("Your buyer account is not verified (status: {status})."),
    "buyer.already_applied": __("You have already applied; a moderator will review your application."),
    "buyer.countries_count": __("Pick between {min} and {max} countries."),
    "buyer.categories_count": __("Pick between {min} and {max} categories."),
    "buyer.document_missing": __("Please send a photo of your identity document."),
    "order.own_item": __("You cannot buy your own item."),
    "order.not_a_party": __("This order is not yours."),
    "order.invalid_transition": __("That step is not possible for this order right now."),
    "order.actor_not_allowed": __("That step is not yours to take."),
    "order.changed_meanwhile": __("This order changed in the meantime. Please look at it again."),
    "order.prompt_outdated": __(
        "⚠️ Order #{order_id} changed while you were deciding, so nothing was done. Here is what it means now:"
    ),
    "order.receipt_missing": __("Please send the receipt as a photo."),
    "chat.closed": __("Order #{order_id} is finished, so its chat is closed."),
    "payment.wrong_amount": __("The amount does not match what is due. Please use the latest invoice."),
    "payment.not_due": __("Nothing is due on this order right now."),
    "payment.nothing_due": __("Nothing is due on this order right now."),
    "payment.not_your_order": __("This order is not yours."),
    "review.stars_range": __("Please give between {min} and {max} stars."),
    "review.already_reviewed": __("You have already reviewed this order."),
    "review.already_replied": __("You have already replied to this review."),
    "review.order_not_completed": __("You can review an order once it is completed."),
    "report.already_open": __("You have already reported this; moderators are looking at it."),
    "report.own_listing": __("You cannot report your own listing."),
    "report.evidence_count": __("At most {max} photos, please."),
    "follow.self": __("You cannot follow yourself."),
    "follow.not_followable": __("This buyer cannot be followed right now."),
    "order.not_found": __("This order does not exist."),
    "review.not_your_order": __("Only the customer of this order can review it."),
    "review.not_found": __("This review does not exist any more."),
    "review.not_yours": __("This review is not about you."),
    "buyer.cities_count": __("At most {max} cities, please."),
    "number.not_whole": __("Please type a whole number, like 3."),
    "report.not_your_order": __("You can report only the item of your own order."),
    "exposure.buyer_at_limit": __(
        "This buyer can't take more orders right now. Please try again later or choose another buyer."
    ),
    "exposure.bond_too_small": __(
        "Your bond ({bond} {currency}) does not cover this on top of your open orders. "
        "You would need a bond of at least {needed} {currency} (top it up with /bond), "
        "or wait until some of your orders are completed."
    ),
    "exposure.no_rate": __(
        "This cannot be checked right now: no exchange rate from {currency} to {target} is set yet. "
        "Please try again later."
    ),
    "bond.wrong_currency": __("Bonds are posted in {currency}. Please type the amount in {currency}."),
    "bond.held_by_moderation": __("Your buyer account is under review, so your bond stays until a moderator decides."),
    "bond.nothing_held": __("You have no bond to take back."),
    "bond.orders_open": __(
        "Your bond still covers your open orders ({count}). You can take it back once they are finished."
    ),
    "bond.recent_orders": __(
        "An order of yours was completed less than {days} days ago, and the bond still covers it. "
        "Please try again later."
    ),
    "payment.not_your_invoice": __("This invoice was made out to someone else."),
    "payment.invoice_stale": __("This invoice is not valid any more."),
    "tracking.bad_format": __("{carrier} tracking numbers look like {example}; that one does not. Please check it."),
    "order.not_in_transit": __("This order is not on its way any more."),
    "order.tracking_unchanged": __("The customer already knows that; nothing new to tell."),
    "dispute.window_closed": __("Disputes can be opened until {days} days after delivery; that time has passed."),
    "dispute.too_many_photos": __("At most {max} photos, please."),
    "dispute.refund_range": __("The refund must be more than zero and at most {max}, what the customer paid."),
    "dispute.closed": __("This dispute is over."),
    "dispute.with_moderators": __("This dispute is with the moderators now; they will decide."),
    "dispute.already_answered": __("You have already answered this dispute."),
    "dispute.buyer_only": __("Only the buyer answers a dispute."),
    "dispute.own_proposal": __("This is your own proposal; the other side answers it."),
    "dispute.proposal_answered": __("This proposal has already been answered or replaced."),
    "dispute.proposal_not_found": __("This proposal does not exist."),
}
# Parameters in minor units, shown as money in the error's `currency`.
_MONEY_PARAMS = ("max",)


def describe(error: DomainError) -> str:
    """The translated sentence for `error`, falling back on its kind when the code has none."""
    text = _TEXTS.get(error.code)
    if text is not None:
        params = dict(error.params)
        if "currency" in params:
            for name in _MONEY_PARAMS:
                if name in params:
                    params[name] = money(Money(int(params[name]), params["currency"]))
        try:
            return str(text).format(**params)
        except (KeyError, IndexError):
            return str(text)
    if isinstance(error, InvalidInput):
        return _("That input was not valid. Please try again.")
    if isinstance(error, NotFound | Forbidden | InvalidState | Conflict):
        return _("This is not available any more.")
    return _("That did not work. Please try again.")
