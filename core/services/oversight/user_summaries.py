"""A person as the moderators' user search and user page show them."""

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


def summary_of(user: User) -> UserSummary:
    """From a user read with `select_related("buyer_profile")`: one query for a whole page of them."""
    profile: BuyerProfile | None = user.buyer_profile  # type: ignore[attr-defined]  # the reverse of a one-to-one
    return UserSummary(
        id=user.id,
        first_name=user.first_name,
        last_name=user.last_name,
        username=user.username,
        telegram_id=user.telegram_id,
        language=user.language,
        buyer_status=profile.status if profile else None,
        created_at=user.created_at,
    )


async def user_summary(user_id: int) -> UserSummary:
    user = await User.get_or_none(id=user_id).select_related("buyer_profile")
    if user is None:
        raise NotFound("user.not_found")
    return summary_of(user)
