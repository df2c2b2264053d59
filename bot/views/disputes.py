"""A dispute on the order card: the complaint, the answer, the proposal waiting, and the buttons to answer them."""

from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import DisputeAction
from bot.views.text import escape, fit, money
from core.domain.disputes import DisputeStatus
from core.models.disputes import RefundProposal
from core.services.disputes import DisputeView


def _refund(proposal: RefundProposal) -> str:
    return money(proposal.refund_money)


def dispute_lines(view: DisputeView, viewer_id: int) -> list[str]:
    dispute, order = view.dispute, view.order
    lines = ["", "⚠️ " + _("<b>Dispute:</b> {reason}").format(reason=escape(fit(dispute.reason, 300)))]
    if dispute.evidence:
        lines.append("📎 " + _("Photos from the customer: {count}").format(count=len(dispute.evidence)))
    if dispute.answer:
        lines.append("💬 " + _("<b>The buyer answers:</b> {answer}").format(answer=escape(fit(dispute.answer, 300))))
    else:
        lines.append(_("The buyer has not answered yet."))
    if view.pending:
        by = _("you") if view.pending.proposer_id == viewer_id else _("the other side")
        lines.append(
            "🤝 "
            + _("Proposed by {by}: {refund} back to the customer, the rest to the buyer.").format(
                by=by, refund=_refund(view.pending)
            )
        )
    if dispute.status is DisputeStatus.ESCALATED:
        lines.append("⚖️ " + _("No agreement in time: a moderator is deciding."))
    else:
        lines.append(
            _("Agree on a refund of at most {paid}, or a moderator decides once the time is up.").format(
                paid=money(view.paid)
            )
        )
    if viewer_id == order.buyer_id and not dispute.answer:
        lines.append(_("Answer the complaint with the button below."))
    return lines


def dispute_buttons(builder: InlineKeyboardBuilder, view: DisputeView, viewer_id: int) -> None:
    """Add what this side may do about the dispute now."""
    dispute, order = view.dispute, view.order
    if viewer_id == order.buyer_id and not dispute.answer:
        builder.button(text=_("✍️ Answer"), callback_data=DisputeAction(action="answer", id=order.id))
    if dispute.status is not DisputeStatus.OPEN:
        return
    pending = view.pending
    if pending and pending.proposer_id != viewer_id:
        accept = _("✅ Accept {refund}").format(refund=_refund(pending))
        builder.button(text=accept, callback_data=DisputeAction(action="accept", id=pending.id))
        builder.button(text=_("❌ Decline"), callback_data=DisputeAction(action="decline", id=pending.id))
    builder.button(text=_("💬 Propose a refund"), callback_data=DisputeAction(action="propose", id=order.id))
