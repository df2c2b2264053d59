"""A buyer's application as moderators read it, in the queue and on its own page."""

from dataclasses import dataclass
from datetime import datetime

from core.domain.buyers import BuyerStatus
from core.models.users import BuyerProfile
from core.services.oversight.user_links import UserLink, link_to


@dataclass(frozen=True, slots=True)
class Application:
    user: UserLink
    telegram_id: int
    status: BuyerStatus
    countries: tuple[str, ...]
    cities: tuple[str, ...]
    categories: tuple[str, ...]
    bio: str
    id_document_file_id: str | None  # None once purged, ID_DOCUMENT_RETENTION_DAYS after the decision
    id_document_purged_at: datetime | None
    id_document_kept_days: int | None  # from the decision to the purge
    applied_at: datetime


def application_of(profile: BuyerProfile) -> Application:
    """From a profile read with its user."""
    purged_at, reviewed_at = profile.id_document_purged_at, profile.reviewed_at
    return Application(
        user=link_to(profile.user),
        telegram_id=profile.user.telegram_id,
        status=profile.status,
        countries=tuple(profile.countries),
        cities=tuple(profile.cities),
        categories=tuple(profile.categories),
        bio=profile.bio,
        id_document_file_id=profile.id_document_file_id or None,
        id_document_purged_at=purged_at,
        id_document_kept_days=(purged_at - reviewed_at).days if purged_at and reviewed_at else None,
        applied_at=profile.applied_at,
    )
