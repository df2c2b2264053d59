"""A dispute on the order card: the complaint, the answer, the proposal waiting, and the buttons to answer them."""

from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import DisputeAction
from bot.presenters.text import escape, fit, money
from core.domain.disputes import DisputeStatus
from core.domain.order_machine import Actor
from core.services.trade.disputes import DisputeCard


def dispute_lines(dispute: DisputeCard) -> list[str]:
    lines = ["", "⚠️ " + _("<b>Dispute:</b> {reason}").format(reason=escape(fit(dispute.reason, 300)))]
    if dispute.photos:
        lines.append("📎 " + _("Photos from the customer: {count}").format(count=dispute.photos))
    if dispute.answer:
        lines.append("💬 " + _("<b>The buyer answers:</b> {answer}").format(answer=escape(fit(dispute.answer, 300))))
    else:
        lines.append(_("The buyer has not answered yet."))
    if dispute.pending:
        by = _("you") if dispute.pending.proposer is dispute.viewer else _("the other side")
        lines.append(
            "🤝 "
            + _("Proposed by {by}: {refund} back to the customer, the rest to the buyer.").format(
                by=by, refund=money(dispute.pending.refund)
            )
        )
    if dispute.status is DisputeStatus.ESCALATED:
        lines.append("⚖️ " + _("No agreement in time: a moderator is deciding."))
    else:
        lines.append(
            _("Agree on a refund of at most {paid}, or a moderator decides once the time is up.").format(
                paid=money(dispute.paid)
            )
        )
    if dispute.viewer is Actor.BUYER and not dispute.answer:
        lines.append(_("Answer the complaint with the button below."))
    return lines


def dispute_buttons(builder: InlineKeyboardBuilder, dispute: DisputeCard) -> None:
    """Add what this side may do about the dispute now."""
    if dispute.viewer is Actor.BUYER and not dispute.answer:
        builder.button(text=_("✍️ Answer"), callback_data=DisputeAction(action="answer", id=dispute.order_id))
    if dispute.status is not DisputeStatus.OPEN:
        return
    pending = dispute.pending
    if pending and pending.proposer is not dispute.viewer:
        accept = _("✅ Accept {refund}").format(refund=money(pending.refund))
        builder.button(text=accept, callback_data=DisputeAction(action="accept", id=pending.id))
        builder.button(text=_("❌ Decline"), callback_data=DisputeAction(action="decline", id=pending.id))
    builder.button(text=_("💬 Propose a refund"), callback_data=DisputeAction(action="propose", id=dispute.order_id))
