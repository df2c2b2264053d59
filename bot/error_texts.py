"""What the bot says, in the user's language, when a core service refuses something (codes: core/refusals.py)."""

from aiogram.utils.i18n import gettext as _

from bot.presenters.text import money
from core.domain.languages import N_
from core.errors import DomainError
from core.refusals import shown_params

TEXTS: dict[str, str] = {
    "money.not_a_number": N_("I could not read that as a price. Try something like 12800 JPY, ¥12,800 or 12.5 USD."),
    "money.currency_missing": N_("Which currency? Add it to the amount, e.g. 12800 JPY or 12.5 USD."),
    "money.unknown_currency": N_(
        "I don't know the currency {currency}. Use a three-letter code such as JPY, USD or CNY."
    ),
    "money.not_positive": N_("The amount must be more than zero."),
    "money.negative": N_("Fees cannot be negative."),
    "money.currency_not_payable": N_(
        "Telegram payments do not take {currency}, so nobody could pay this. Please use another currency, "
        "such as JPY, USD or CNY."
    ),
    "money.below_telegram_minimum": N_("Telegram takes at least {min} in one payment. Please type a larger amount."),
    "money.above_telegram_maximum": N_("Telegram takes at most {max} in one payment. Please type a smaller amount."),
    "money.deposit_below_telegram_minimum": N_(
        "The deposit on this price would be {deposit}, but Telegram takes at least {min} in one payment. "
        "Please ask a higher price."
    ),
    "money.deposit_above_telegram_maximum": N_(
        "The deposit on this price would be {deposit}, but Telegram takes at most {max} in one payment. "
        "Please ask a lower price, or fewer items."
    ),
    "money.balance_below_telegram_minimum": N_(
        "The balance on this price would be {balance}, but Telegram takes at least {min} in one payment. "
        "Please ask a higher price."
    ),
    "money.balance_above_telegram_maximum": N_(
        "The balance on this price would be {balance}, but Telegram takes at most {max} in one payment. "
        "Please ask a lower price, or fewer items."
    ),
    "money.too_many_decimals": N_("{currency} has {places} decimal places; please round the amount."),
    "text.empty": N_("That was empty. Please type some text."),
    "text.too_long": N_("That is too long: {length} characters, at most {max}."),
    "text.no_words": N_("Please say it in words: at least one letter or number, not only emoji or symbols."),
    "catalog.unknown_country": N_("I don't know the country {country}. Use a two-letter code such as JP, KR or US."),
    "address.bad_phone": N_("That is not a phone number: 6 to 15 digits, with + and the country code if abroad."),
    "address.bad_postcode": N_("That is not a postcode used in {country}. Please check it and type it again."),
    "address.bad_cn_id_number": N_(
        "That is not a valid mainland China ID card number: 18 characters, the last one a digit or X. "
        "Please check it and type it again."
    ),
    "address.too_many": N_("You can keep at most {max} addresses. Delete one in /addresses first."),
    "address.not_found": N_("That address is no longer in your address book."),
    "address.not_settable": N_("Only the customer can give the address, and only until the order ships."),
    "catalog.unknown_category": N_("Please pick a category from the buttons."),
    "listing.photo_count": N_("A listing needs between {min} and {max} photos."),
    "listing.quantity_range": N_("The quantity must be between {min} and {max}."),
    "listing.days_to_ship_range": N_("Days to ship must be between {min} and {max}."),
    "listing.not_found": N_("This listing is no longer available."),
    "listing.out_of_stock": N_("Sorry, this item just sold out."),
    "listing.not_yours": N_("This listing is not yours."),
    "listing.not_editable": N_("This listing can no longer be edited."),
    "request.quantity_range": N_("The quantity must be between {min} and {max}."),
    "request.photo_count": N_("At most {max} photos, please."),
    "request.deadline_past": N_("That deadline has already passed. Please pick a later date."),
    "request.deadline_too_far": N_("The deadline can be at most {days} days away."),
    "request.bad_link": N_("That does not look like a web link (it should start with https://)."),
    "request.not_open": N_("This request is no longer open."),
    "request.not_yours": N_("This request is not yours."),
    "offer.days_to_ship_range": N_("Days to ship must be between {min} and {max}."),
    "offer.mixed_currencies": N_("Please use one currency for the price and the fees."),
    "offer.already_made": N_("You have already made an offer on this request."),
    "offer.own_request": N_("You cannot make an offer on your own request."),
    "offer.not_pending": N_("This offer is no longer available."),
    "buyer.not_a_buyer": N_("Only buyers can do this. Apply to become a buyer from the menu."),
    "buyer.not_verified": N_("Your buyer account is not verified (status: {status})."),
    "buyer.already_applied": N_("You have already applied; a moderator will review your application."),
    "buyer.already_verified": N_("You are already a verified buyer: /sell opens your buyer menu."),
    "buyer.suspended": N_("Your buyer account is suspended, so you cannot apply again while it is."),
    "buyer.banned": N_("Your buyer account is banned, so you cannot apply again."),
    "buyer.countries_count": N_("Pick between {min} and {max} countries."),
    "buyer.categories_count": N_("Pick between {min} and {max} categories."),
    "buyer.document_missing": N_("Please send a photo of your identity document."),
    "order.own_item": N_("You cannot buy your own item."),
    "order.not_a_party": N_("This order is not yours."),
    "order.invalid_transition": N_("That step is not possible for this order right now."),
    "order.actor_not_allowed": N_("That step is not yours to take."),
    "order.changed_meanwhile": N_("This order changed in the meantime. Please look at it again."),
    "order.prompt_outdated": N_(
        "⚠️ Order #{order_id} changed while you were deciding, so nothing was done. Here is what it means now:"
    ),
    "order.receipt_missing": N_("Please send the receipt as a photo."),
    "chat.closed": N_("Order #{order_id} is finished, so its chat is closed."),
    "payment.wrong_amount": N_("The amount does not match what is due. Please use the latest invoice."),
    "payment.not_due": N_("Nothing is due on this order right now."),
    "payment.nothing_due": N_("Nothing is due on this order right now."),
    "payment.not_your_order": N_("This order is not yours."),
    "review.stars_range": N_("Please give between {min} and {max} stars."),
    "review.already_reviewed": N_("You have already reviewed this order."),
    "review.already_replied": N_("You have already replied to this review."),
    "review.order_not_completed": N_("You can review an order once it is completed."),
    "report.already_open": N_("You have already reported this; moderators are looking at it."),
    "report.own_listing": N_("You cannot report your own listing."),
    "report.evidence_count": N_("At most {max} photos, please."),
    "follow.self": N_("You cannot follow yourself."),
    "follow.not_followable": N_("This buyer cannot be followed right now."),
    "order.not_found": N_("This order does not exist."),
    "review.not_your_order": N_("Only the customer of this order can review it."),
    "review.not_found": N_("This review does not exist any more."),
    "buyer.not_found": N_("This buyer is no longer on Daigou."),
    "review.not_yours": N_("This review is not about you."),
    "buyer.cities_count": N_("At most {max} cities, please."),
    "number.not_whole": N_("Please type a whole number, like 3."),
    "report.not_your_order": N_("You can report only the item of your own order."),
    "exposure.buyer_at_limit": N_(
        "This buyer can't take more orders right now. Please try again later or choose another buyer."
    ),
    "exposure.bond_too_small": N_(
        "Your bond ({bond}) does not cover this on top of your open orders. You need a bond of "
        "at least {needed} (top it up with /bond), or wait until some orders are completed."
    ),
    "exposure.no_rate": N_(
        "This cannot be checked right now: no exchange rate from {currency} to {target} is set yet. "
        "Please try again later."
    ),
    "payout.below_minimum": N_("The least you can ask for in {currency} is {minimum}."),
    "payout.more_than_withdrawable": N_("You can ask for at most {max} in {currency} right now."),
    "payout.unknown_method_kind": N_("Please pick the kind of payout method from the buttons."),
    "payout.method_not_found": N_("That payout method is no longer saved. Please pick another one in /earnings."),
    "payout.no_method": N_("Save a payout method first (bank account, Alipay, PayPal, Wise…) in /earnings."),
    "payout.nothing_withdrawable": N_("Nothing in your earnings can be paid out yet."),
    "bond.wrong_currency": N_("Bonds are posted in {currency}. Please type the amount in {currency}."),
    "bond.held_by_moderation": N_("Your buyer account is under review, so your bond stays until a moderator decides."),
    "bond.nothing_held": N_("You have no bond to take back."),
    "bond.orders_open": N_(
        "Your bond still covers your open orders ({count}). You can take it back once they are finished."
    ),
    "bond.recent_orders": N_(
        "An order of yours was completed less than {days} days ago, and the bond still covers it. "
        "Please try again later."
    ),
    "payment.not_your_invoice": N_("This invoice was made out to someone else."),
    "payment.invoice_stale": N_("This invoice is not valid any more."),
    "tracking.bad_format": N_("{carrier} tracking numbers look like {example}; that one does not. Please check it."),
    "order.not_in_transit": N_("This order is not on its way any more."),
    "order.tracking_unchanged": N_("The customer already knows that; nothing new to tell."),
    "order.delivery_asked_already": N_(
        "The customer has already been asked whether this order arrived and has not answered yet. "
        "You will hear their answer."
    ),
    "order.delivery_not_yet_recently": N_(
        "The customer said this order has not arrived yet. You can ask again {hours} h after their answer."
    ),
    "order.delivery_not_asked": N_("There is no question about this order's delivery waiting for your answer."),
    "dispute.window_closed": N_("Disputes can be opened until {days} days after delivery; that time has passed."),
    "dispute.too_many_photos": N_("At most {max} photos, please."),
    "dispute.refund_range": N_("The refund must be more than zero and at most {max}, what the customer paid."),
    "dispute.closed": N_("This dispute is over."),
    "dispute.with_moderators": N_("This dispute is with the moderators now; they will decide."),
    "dispute.already_answered": N_("You have already answered this dispute."),
    "dispute.buyer_only": N_("Only the buyer answers a dispute."),
    "dispute.own_proposal": N_("This is your own proposal; the other side answers it."),
    "dispute.proposal_answered": N_("This proposal has already been answered or replaced."),
    "dispute.proposal_not_found": N_("This proposal does not exist."),
    "listing.changed_meanwhile": N_(
        "This listing changed while you were editing it (it may have sold out or been put on hold), so your "
        "changes were not saved. Open it again from /sell (📋 My listings) and edit it once more."
    ),
    "request.not_found": N_("This request does not exist any more. See your open requests with /requests."),
    "offer.not_found": N_("This offer does not exist any more. See the offers on your requests with /requests."),
    "report.nothing_bought_yet": N_(
        "You cannot report this order yet: the buyer has not bought the item, or the order was cancelled or "
        "refunded. Once the buyer uploads the receipt, report it from the order card (/orders)."
    ),
    "ledger.insufficient_funds": N_(
        "Nothing was done: the money for this moved in the meantime. Please look at the order or your bond "
        "(/bond) again."
    ),
    "user.unknown_language": N_("I don't speak that language yet. Please pick one with /language."),
}


def describe(error: DomainError) -> str:
    """The translated sentence for `error`; one no chat user should meet gets a general apology."""
    text = TEXTS.get(error.code)
    if text is None:
        return _("Sorry, something went wrong on our side. Please try again in a moment.")
    return _(text).format(**shown_params(error, money))
