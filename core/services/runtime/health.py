"""Whether the service can work: for load balancers asking the admin web."""

from core.models.moderators import Moderator


async def db_ready() -> None:
    """Returns once the database answers a query on the schema; raises when it cannot."""
    await Moderator.exists()
