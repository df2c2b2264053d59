"""A buyer's track record in one line: badge, rating, completed orders, on-time rate."""

from aiogram.utils.i18n import gettext as _

from bot.presenters.text import escape
from core.services.people.buyer_records import BuyerRecord


def record_line(record: BuyerRecord) -> str:
    rep = record.reputation
    badge = "✅ " + _("verified") if record.verified else _("unverified")
    parts = [
        f"👤 {escape(record.name)} · {badge}",
        "★ {:.1f} ({})".format(rep.rating, _("{n} reviews").format(n=rep.review_count)),
    ]
    parts.append(_("{n} orders completed").format(n=rep.completed_orders))
    if rep.on_time_rate is not None:
        parts.append(_("{share} on time").format(share=f"{round(rep.on_time_rate * 100)}%"))
    if rep.dispute_rate:
        parts.append(_("{share} disputed").format(share=f"{round(rep.dispute_rate * 100)}%"))
    return " · ".join(parts)
