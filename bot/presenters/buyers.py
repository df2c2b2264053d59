"""A buyer's track record in one line: badge, stars, completed orders, on-time rate."""

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import BuyerReviews
from bot.presenters.text import escape
from core.domain.reputation import Reputation
from core.services.people.buyer_records import BuyerRecord


def stars_line(rep: Reputation) -> str:
    """`★ 4.5 · 12 reviews`: the plain average and what it rests on, or "new" before the first review.
    The confidence-aware score ranks buyers; a customer is shown only what customers gave."""
    if rep.average_stars is None:
        return "🆕 " + _("new")
    count = ngettext("{n} review", "{n} reviews", rep.review_count).format(n=rep.review_count)
    return f"★ {rep.average_stars:.1f} · {count}"


def reviews_button(builder: InlineKeyboardBuilder, record: BuyerRecord, label: str | None = None) -> None:
    """The Reviews button of a card that shows this buyer, once there is a review to read."""
    if record.reputation.review_count:
        builder.button(text=label or _("⭐ Reviews"), callback_data=BuyerReviews(buyer_id=record.id))


def record_line(record: BuyerRecord) -> str:
    rep = record.reputation
    badge = "✅ " + _("verified") if record.verified else _("unverified")
    parts = [f"👤 {escape(record.name)} · {badge}", stars_line(rep)]
    completed = rep.completed_orders
    parts.append(ngettext("{n} order completed", "{n} orders completed", completed).format(n=completed))
    if rep.on_time_rate is not None:
        parts.append(_("{share} on time").format(share=f"{round(rep.on_time_rate * 100)}%"))
    if rep.dispute_rate:
        parts.append(_("{share} disputed").format(share=f"{round(rep.dispute_rate * 100)}%"))
    return " · ".join(parts)
