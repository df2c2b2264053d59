"""What each outbox key (core/services/notifications) says to its recipient. Keys never change meaning."""

from typing import Any

from aiogram.utils.i18n import lazy_gettext as __

TEXTS: dict[str, Any] = {
    "listing.approved": __("✅ Your listing “{title}” passed review and is now for sale."),
    "listing.rejected": __(
        "❌ Your listing “{title}” was rejected by a moderator.\nReason: {reason}\nYou can edit it and send it again."
    ),
    "listing.removed": __("🚫 Your listing “{title}” was removed by a moderator.\nReason: {reason}"),
    "report.upheld": __("Thank you: your fake report #{report_id} was upheld and the listing removed.\n{resolution}"),
    "report.dismissed": __("Your fake report #{report_id} was reviewed and dismissed.\n{resolution}"),
    "dispute.resolved": __(
        "⚖️ The dispute over order #{order_id} “{title}” is settled.\nRefunded to the customer: {refund}; "
        "the rest goes to the buyer.\nModerator's note: {note}"
    ),
    "bond.forfeited": __("A moderator took {amount} from your bond for order #{order_id} “{title}”.\nReason: {reason}"),
    "bond.compensated": __(
        "You receive {amount} from the buyer's bond as compensation for order #{order_id} “{title}”."
    ),
    "buyer.verified": __("🎉 You are now a verified buyer. You can create listings and make offers."),
    "buyer.rejected": __("Your buyer application was not accepted.\nReason: {reason}\nYou may apply again."),
    "buyer.suspended": __("Your buyer account is suspended.\nReason: {reason}"),
    "buyer.reinstated": __("Your buyer account is active again."),
    "buyer.banned": __("Your buyer account is closed for good.\nReason: {reason}"),
    "request.matched": __(
        "🔎 A new request fits what you sell: #{request_id} “{text}” in {country}, budget {amount} for {quantity}.\n"
        "Make an offer: /offer_{request_id}"
    ),
    "listing.fits_request": __(
        "🛍 A new listing fits your request #{request_id}: “{title}” for {amount}.\nSee it: /listing_{listing_id}"
    ),
    "listing.new_from_followed": __(
        "🆕 {buyer}, whom you follow, listed “{title}” for {amount}.\nSee it: /listing_{listing_id}"
    ),
}
