"""A person as the moderators' pages name and link them."""

from dataclasses import dataclass

from core.models.users import User


@dataclass(frozen=True, slots=True)
class UserLink:
    id: int
    first_name: str
    username: str | None


def link_to(user: User) -> UserLink:
    return UserLink(user.id, user.first_name, user.username)


async def user_link(user_id: int) -> UserLink | None:
    user = await User.get_or_none(id=user_id)
    return link_to(user) if user else None
