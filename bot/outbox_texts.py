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
    "dispute.opened": __(
        "⚠️ The customer opened a dispute on order #{order_id} “{title}”:\n{reason}\n\n"
        "Answer it and agree on a refund from the order card. Without an agreement in {hours} hours a moderator "
        "decides. The money stays held."
    ),
    "dispute.answered": __("💬 The buyer answered your dispute on order #{order_id} “{title}”:\n{answer}"),
    "dispute.buyer_proposed": __(
        "🤝 The buyer proposes to refund you {refund} for order #{order_id} “{title}”; the rest goes to the buyer. "
        "Open the order to accept or decline."
    ),
    "dispute.customer_proposed": __(
        "🤝 The customer proposes a refund of {refund} for order #{order_id} “{title}”; you get the rest, minus "
        "the platform fee. Open the order to accept or decline."
    ),
    "dispute.declined": __(
        "Your proposal of {refund} back to the customer for order #{order_id} “{title}” was declined. "
        "You can propose another amount."
    ),
    "dispute.agreed": __(
        "🤝 The dispute over order #{order_id} “{title}” is settled by agreement.\n"
        "Refunded to the customer: {refund}; the rest goes to the buyer."
    ),
    "dispute.escalated": __(
        "⚖️ No agreement on order #{order_id} “{title}” in time: a moderator now decides the dispute. "
        "You will hear the decision here."
    ),
    "tracking.in_transit": __("🛫 Order #{order_id} “{title}” is on its way."),
    "tracking.customs": __("🛃 Order #{order_id} “{title}” is at customs."),
    "tracking.delivered": __(
        "📬 The buyer marked order #{order_id} “{title}” as delivered. Confirm receipt once you have it, "
        "or open a dispute if something is wrong."
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
}
