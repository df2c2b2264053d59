"""A person as the moderators' user search and user page show them."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from core.domain.buyers import BuyerStatus
from core.errors import NotFound
from core.models.users import BuyerProfile, User


@dataclass(frozen=True, slots=True)
class UserSummary:
    id: int
    first_name: str
    last_name: str | None
    username: str | None
    telegram_id: int
    language: str
    buyer_status: BuyerStatus | None  # None for a customer who never applied to buy
    created_at: datetime


def summary_of(user: User, buyer_status: BuyerStatus | None) -> UserSummary:
    return UserSummary(
        id=user.id,
        first_name=user.first_name,
        last_name=user.last_name,
        username=user.username,
        telegram_id=user.telegram_id,
        language=user.language,
        buyer_status=buyer_status,
        created_at=user.created_at,
    )


async def user_summary(user_id: int) -> UserSummary:
    user = await User.get_or_none(id=user_id)
    if user is None:
        raise NotFound("user.not_found")
    return summary_of(user, (await buyer_statuses([user_id])).get(user_id))


async def buyer_statuses(user_ids: Collection[int]) -> dict[int, BuyerStatus]:
    """The buyer status of each of these users who applied to buy, in one query."""
    rows = await BuyerProfile.filter(user_id__in=user_ids).values_list("user_id", "status")
    return {user_id: BuyerStatus(status) for user_id, status in rows}
