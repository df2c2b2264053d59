"""What each outbox key (core/services/notifications) says to its recipient. Keys never change meaning.

How each parameter is shown (money, `quote`, `tracking`, ...) is decided by its name: see bot/notices.py.
"""

from typing import Any

from aiogram.utils.i18n import lazy_gettext as __

TEXTS: dict[str, Any] = {
    "listing.approved": __("✅ Your listing “{title}” passed review and is now for sale."),
    "listing.published": __("✅ Your listing “{title}” is published: customers can find it now."),
    "listing.held": __(
        "⏳ Your listing “{title}” is saved and held for review: a moderator checks it before customers can see it."
    ),
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
    # Queued before the customer's word marked an order delivered; kept so such notices still read.
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
    "offer.new": __("📬 New offer on your request #{id} ({excerpt}): total {total}, ships in {days} days."),
    "offer.accepted": __(
        "🎉 Your offer on request #{request} was accepted: order #{id} ({title}). "
        "I will tell you when the deposit is paid."
    ),
    "offer.declined": __("The customer chose another offer on request #{request} ({excerpt}). Thank you for yours!"),
    "offer.declined_by_customer": __(
        "The customer declined your offer on request #{request} ({excerpt}). It is closed; thank you for making it."
    ),
    "request.cancelled": __("The customer cancelled request #{request} ({excerpt}), so your offer is closed."),
    "order.new": __("🛒 New order #{id}: {title} × {quantity}, {total}. You will hear when the deposit is paid."),
    "order.payment_received": __("Payment of {amount} received for order #{id}. Thank you!"),
    "order.payment_refunded": __("This order could not take the payment any more, so it has been refunded in full."),
    "payment.refunded_unmatched": __(
        "Your payment of {amount} matches no order or bond of yours, so it is refunded to you in full."
    ),
    "bond.received": __("Bond of {amount} received. Your bond is now {held}."),
    "order.deposit_paid": __(
        "The deposit for order #{id} ({title}) is paid. Buy the item, then upload the receipt in /orders."
    ),
    "order.balance_paid": __(
        "The balance for order #{id} ({title}) is paid. Ship it to the address on the order card, then enter the "
        "carrier and tracking number there."
    ),
    "order.address_given": __(
        "📍 The customer gave the shipping address for order #{id} ({title}): it is on the order card."
    ),
    "order.address_needed": __(
        "📍 Order #{id} ({title}) has no shipping address yet. Give one now, so the buyer can ship it as soon as "
        "the balance is paid."
    ),
    "order.receipt_uploaded": __("The buyer has bought the item for order #{id} ({title}) and uploaded the receipt."),
    "order.balance_due": __(
        "The buyer has bought the item for order #{id} ({title}) and uploaded the receipt. "
        "Please pay the balance of {balance} with the invoice below."
    ),
    "order.receipt_proof": __(
        "🧾 Receipt for order #{id} · proof code {proof_code} · {title} × {quantity}\n"
        "The buyer bought it and photographed the receipt with this code written by hand. Please pay the balance "
        "of {balance} with the invoice below. If the code is not in the photo or the receipt does not match the "
        "order, open a dispute instead."
    ),
    "order.shipped": __("Order #{id} ({title}) has shipped with {carrier}, tracking number {tracking}."),
    "order.delivery_question": __(
        "📬 Has order #{id} ({title}) arrived? The buyer says it has been delivered.\n"
        "If you have it, press Yes: the order then completes by itself {days} days later unless you open a dispute, "
        "and the money stays held until you confirm receipt.\nIf not, press Not yet: nothing changes."
    ),
    "order.delivered": __(
        "📬 The customer says order #{id} ({title}) has arrived. It completes by itself in {days} days unless they "
        "open a dispute or confirm receipt sooner."
    ),
    "order.not_delivered_yet": __(
        "📭 The customer says order #{id} ({title}) has not arrived yet. It keeps its completion date; you can ask "
        "again later."
    ),
    "order.completed": __(
        "The customer confirmed receipt of order #{id} ({title}). The escrow is released: {amount}, minus the "
        "platform fee of {fee}, so {earned} is now in your earnings (/earnings)."
    ),
    "order.cancelled": __("{by} cancelled order #{id} ({title}).\n{outcome}"),
    "order.cancelled_with_reason": __("{by} cancelled order #{id} ({title}).\nReason: {reason}\n{outcome}"),
    "review.posted": __("The customer reviewed order #{id} ({title}): {stars}\n{quote}\n\nYou can reply once."),
    "review.replied": __("The buyer replied to your review of order #{id} ({title}):\n{quote}"),
    # Deadlines (core/services/trade/deadline_jobs.py): reminders go to whoever must act; a passed deadline is told
    # to both.
    "deposit_by.reminder": __(
        "⏰ Order #{order_id} “{title}”: about {hours} h left to pay the deposit of {amount}, or the order is "
        "cancelled. Pay it from the order in /orders."
    ),
    "purchase_by.reminder": __(
        "⏰ Order #{order_id} “{title}”: about {hours} h left to buy the item and upload the receipt. "
        "After that the order is cancelled, the customer refunded, and it counts against your on-time rate."
    ),
    "balance_by.reminder": __(
        "⏰ Order #{order_id} “{title}”: about {hours} h left to pay the balance. After that the order is "
        "cancelled and, as the order states, the deposit goes to the buyer, who has already bought the item."
    ),
    "ship_by.reminder": __(
        "⏰ Order #{order_id} “{title}”: about {hours} h left to ship it with a tracking number. After that the "
        "order is cancelled, the customer refunded, and it counts against your on-time rate."
    ),
    "confirm_by.reminder": __(
        "⏰ Order #{order_id} “{title}” completes by itself in about {hours} h and the buyer is paid. "
        "If something is wrong, open a dispute before then."
    ),
    "deposit_by.missed.customer": __(
        "⌛ The deposit of {amount} for order #{order_id} “{title}” was not paid in time, so the order is "
        "cancelled. Nothing was charged; you can buy the item again while it is in stock."
    ),
    "deposit_by.missed.buyer": __(
        "⌛ The customer did not pay the deposit for order #{order_id} “{title}” in time, so the order is "
        "cancelled. Nothing had been paid, and the item is back on sale in your listing."
    ),
    "deposit_by.missed.offer.customer": __(
        "⌛ The deposit of {amount} for order #{order_id} “{title}” was not paid in time, so the order is "
        "cancelled. Nothing was charged; you can post a new request at any time."
    ),
    "deposit_by.missed.offer.buyer": __(
        "⌛ The customer did not pay the deposit for order #{order_id} “{title}” in time, so the order is "
        "cancelled. Nothing had been paid."
    ),
    "purchase_by.missed.customer": __(
        "⌛ The buyer did not buy “{title}” (order #{order_id}) in time. The order is cancelled and {refund} "
        "is refunded to you."
    ),
    "purchase_by.missed.buyer": __(
        "⌛ You did not upload the receipt for order #{order_id} “{title}” in time. The order is cancelled, "
        "the customer gets {refund} back, and it counts against your on-time rate."
    ),
    "ship_by.missed.customer": __(
        "⌛ The buyer did not ship “{title}” (order #{order_id}) in time. The order is cancelled and {refund} "
        "is refunded to you."
    ),
    "ship_by.missed.buyer": __(
        "⌛ You did not ship order #{order_id} “{title}” in time. The order is cancelled, the customer gets "
        "{refund} back, and it counts against your on-time rate."
    ),
    "balance_by.missed.customer": __(
        "⌛ The balance for order #{order_id} “{title}” was not paid in time, so the order is cancelled. "
        "As the order stated, the deposit of {amount} goes to the buyer, who had already bought the item."
    ),
    "balance_by.missed.buyer": __(
        "⌛ The customer did not pay the balance for order #{order_id} “{title}” in time, so the order is "
        "cancelled. The deposit of {amount}, minus the platform fee of {fee}, so {earned} is now in your earnings."
    ),
    "confirm_by.passed.customer": __(
        "✅ Order #{order_id} “{title}” completed by itself: no dispute was opened in time. "
        "{amount} is released to the buyer. You can still leave a review."
    ),
    "confirm_by.passed.buyer": __(
        "✅ Order #{order_id} “{title}” completed by itself. {amount}, minus the platform fee of {fee}, so {earned} "
        "is now in your earnings (/earnings)."
    ),
    "request.reminder": __(
        "⏰ Your request “{title}” closes in about {hours} h. {offers} offer(s) are waiting: accept one "
        "with /requests before then."
    ),
    "request.expired": __("⌛ Your request “{title}” closed without an accepted offer ({offers} offer(s) lapsed)."),
    "request.expired.offer": __("⌛ The request “{title}” closed without an answer; your offer has lapsed."),
    "offer.reminder": __("⏰ An offer on your request “{title}” lapses in about {hours} h: see it with /requests."),
    "offer.expired": __("⌛ Your offer on “{title}” lapsed: the customer did not answer in time."),
    "chat.message": __("💬 Order #{order_id} — {role}:\n{text}"),
    # Payouts and refunds worked by moderators (core/services/oversight/payouts.py).
    "payout.paid": __("💸 Your payout #{payout_id} of {amount} was sent. Transfer reference: {reference}"),
    "payout.refused": __(
        "Your payout #{payout_id} of {amount} was refused: {reason}\nThe money is back in your /earnings."
    ),
    "refund.paid": __(
        "💸 Your refund of {amount} was made to the card you paid with. Provider reference: {reference}. "
        "It can take a few days to show on your statement; see /refunds."
    ),
}

# Params whose values are words of a fixed vocabulary, shown translated rather than as stored.
VOCABULARY: dict[str, dict[str, Any]] = {
    "role": {"customer": __("customer"), "buyer": __("buyer")},
}
