"""A listing as moderators review it: in the flagged queue, in search results and on its own page."""

from dataclasses import dataclass
from datetime import datetime

from core.domain import risk
from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.models.listings import Listing
from core.services.oversight.user_links import UserLink, link_to


@dataclass(frozen=True, slots=True)
class Photo:
    file_id: str
    is_proof: bool  # the buyer's proof of purchase rather than a picture of the item


@dataclass(frozen=True, slots=True)
class ListingLine:
    """One listing in the search results."""

    id: int
    title: str
    status: ListingStatus
    price: Money
    buyer: UserLink
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ListingCase:
    """Everything a moderator judges a listing by (flagged queue and listing page)."""

    id: int
    title: str
    description: str
    status: ListingStatus
    status_reason: str | None  # why it waits for review, or the moderator's reason for turning it down
    risk_summary: str | None  # the risk engine's last assessment, kept whatever a moderator decides; None if unscored
    buyer: UserLink
    price: Money
    stock: int
    country: str
    city: str | None
    category: str
    brand: str | None
    days_to_ship: int
    created_at: datetime
    photos: tuple[Photo, ...]  # in the listing's order


def line_of_listing(listing: Listing) -> ListingLine:
    """From a listing read with its buyer."""
    return ListingLine(
        listing.id, listing.title, listing.status, listing.price_money, link_to(listing.buyer), listing.created_at
    )


def risk_summary_of(listing: Listing) -> str | None:
    """The risk engine's stored reasons, said as the engine said them when it held the listing."""
    if listing.risk_score is None:
        return None
    reasons = [risk.Reason(reason["code"], reason["params"]) for reason in listing.risk_reasons or ()]
    return risk.summary(reasons, listing.risk_score, listing.currency)


def case_of_listing(listing: Listing) -> ListingCase:
    """From a listing read with its buyer and photos."""
    return ListingCase(
        id=listing.id,
        title=listing.title,
        description=listing.description,
        status=listing.status,
        status_reason=listing.status_reason,
        risk_summary=risk_summary_of(listing),
        buyer=link_to(listing.buyer),
        price=listing.price_money,
        stock=listing.stock,
        country=listing.country,
        city=listing.city,
        category=listing.category,
        brand=listing.brand,
        days_to_ship=listing.days_to_ship,
        created_at=listing.created_at,
        photos=tuple(Photo(photo.file_id, photo.is_proof) for photo in listing.photos),
    )
