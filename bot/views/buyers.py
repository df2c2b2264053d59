"""A buyer's track record in one line: badge, rating, completed orders, on-time rate."""

from collections.abc import Iterable

from aiogram.utils.i18n import gettext as _

from bot.views.text import escape
from core.domain.reputation import Reputation
from core.models.users import User
from core.services.reviews import buyer_reputations
from core.services.users import verified_among


def record_line(name: str, verified: bool, rep: Reputation) -> str:
    badge = "✅ " + _("verified") if verified else _("unverified")
    parts = [
        f"👤 {escape(name)} · {badge}",
        "★ {:.1f} ({})".format(rep.rating, _("{n} reviews").format(n=rep.review_count)),
    ]
    parts.append(_("{n} orders completed").format(n=rep.completed_orders))
    if rep.on_time_rate is not None:
        parts.append(_("{share} on time").format(share=f"{round(rep.on_time_rate * 100)}%"))
    if rep.dispute_rate:
        parts.append(_("{share} disputed").format(share=f"{round(rep.dispute_rate * 100)}%"))
    return " · ".join(parts)


async def buyer_record(buyer: User) -> str:
    return (await buyer_records([buyer]))[buyer.id]


async def buyer_records(buyers: Iterable[User]) -> dict[int, str]:
    """Each distinct buyer's record, read together: a page of cards often shows several buyers."""
    distinct = {buyer.id: buyer for buyer in buyers}
    verified = await verified_among(distinct)
    reputations = await buyer_reputations(distinct)
    return {
        buyer_id: record_line(buyer.first_name, buyer_id in verified, reputations[buyer_id])
        for buyer_id, buyer in distinct.items()
    }
