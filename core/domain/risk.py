"""The risk engine's rules: signals about a listing and its buyer, their weights, and the decision.

Each signal that fires is a `Reason`: a stable code and the numbers behind it, so a moderator sees
why a listing was held, not only that it was. The score is the sum of the fired signals' weights;
a listing scoring at or above the hold threshold waits for a moderator instead of being published.
"""

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.domain.brands import brand_key
from core.domain.money import Money

# Weights on a 0-100 scale; with the default threshold (50) a reused photo, an implausible price,
# an upheld report or an unverified buyer holds a listing on its own, the softer signals only together.
WEIGHTS: dict[str, int] = {
    "photo_reuse": 60,
    "price_anomaly": 50,
    "upheld_reports": 50,
    "unverified": 50,
    "watchlist_brand": 30,
    "off_platform_contact": 25,
    "past_rejections": 20,
    "new_buyer": 15,
    "small_bond": 10,
}

MIN_COMPARABLE_PRICES = 5
# Iglewicz and Hoaglin's cut-off for the modified z-score: beyond it a value is an outlier.
PRICE_Z_LIMIT = 3.5
# A MAD of zero (most comparables at one price) would make any other price infinitely odd;
# flooring it at 5% of the median keeps a small discount ordinary.
MIN_MAD_SHARE = 0.05
NEW_BUYER_DAYS = 30


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def weight(self) -> int:
        return WEIGHTS[self.code]


@dataclass(frozen=True, slots=True)
class PhotoMatch:
    """A photo of another buyer's listing within the match distance of one of this listing's photos."""

    listing_id: int
    distance: int


def photo_reuse(matches: Iterable[PhotoMatch]) -> Reason | None:
    closest = min(matches, key=lambda match: (match.distance, match.listing_id), default=None)
    if closest is None:
        return None
    return Reason("photo_reuse", {"distance": closest.distance, "listing_id": closest.listing_id})


def price_anomaly(price: int, comparables: Sequence[int]) -> Reason | None:
    """A price far from what the same thing usually costs (modified z-score on median and MAD)."""
    if len(comparables) < MIN_COMPARABLE_PRICES:
        return None
    median = statistics.median(comparables)
    mad = statistics.median(abs(value - median) for value in comparables)
    mad = max(mad, median * MIN_MAD_SHARE, 1)
    z = 0.6745 * (price - median) / mad
    if abs(z) < PRICE_Z_LIMIT:
        return None
    return Reason("price_anomaly", {"z": round(z, 1), "median": round(median), "comparables": len(comparables)})


def watchlist_brand(brand: str | None, title: str, watched: Iterable[str]) -> Reason | None:
    """The listing's brand, or a word group of its title, is a brand moderators watch."""
    own = brand_key(brand or "")
    padded_title = f" {brand_key(title)} "
    for key in watched:
        if key == own or f" {key} " in padded_title:
            return Reason("watchlist_brand", {"brand": key})
    return None


@dataclass(frozen=True, slots=True)
class BuyerRecord:
    verified: bool
    days_verified: int | None  # since the buyer was (last) verified; None when never
    bond: int  # held bond, in minor units of the listing's currency (what could be converted)
    rejected_listings: int
    upheld_reports: int
    contact_attempts: int  # contact details or payment links masked in the buyer's relay chats


def buyer_signals(buyer: BuyerRecord, price: int) -> list[Reason]:
    reasons = []
    if not buyer.verified:
        reasons.append(Reason("unverified"))
    if buyer.days_verified is not None and buyer.days_verified < NEW_BUYER_DAYS:
        reasons.append(Reason("new_buyer", {"days": buyer.days_verified}))
    # The bond would not cover even one item's refund.
    if buyer.bond < price:
        reasons.append(Reason("small_bond", {"bond": buyer.bond, "price": price}))
    if buyer.rejected_listings:
        reasons.append(Reason("past_rejections", {"count": buyer.rejected_listings}))
    if buyer.upheld_reports:
        reasons.append(Reason("upheld_reports", {"count": buyer.upheld_reports}))
    if buyer.contact_attempts:
        reasons.append(Reason("off_platform_contact", {"count": buyer.contact_attempts}))
    return reasons


def score(reasons: Iterable[Reason]) -> int:
    return sum(reason.weight for reason in reasons)


def should_hold(total: int, threshold: int) -> bool:
    """At or above the threshold a moderator looks first."""
    return total >= threshold


_TEXTS = {
    "photo_reuse": "a photo is a near-duplicate (distance {distance}) of one in listing #{listing_id} by another buyer",
    "price_anomaly": "price is an outlier (robust z-score {z}) against a median of {median} "
    "over {comparables} similar listings",
    "watchlist_brand": "brand '{brand}' is on the counterfeit watchlist",
    "unverified": "the buyer is not verified",
    "new_buyer": "the buyer was verified {days} days ago",
    "small_bond": "the buyer's bond ({bond}) is less than the price ({price})",
    "past_rejections": "{count} of the buyer's listings were rejected before",
    "upheld_reports": "{count} fake reports against the buyer were upheld",
    "off_platform_contact": "the buyer tried {count} times to pass contact details or payment links in order chats",
}


_AMOUNTS = ("median", "bond", "price")  # params in minor units of the listing's currency


def summary(reasons: Sequence[Reason], total: int, currency: str) -> str:
    """One English line for moderators, amounts shown in `currency`."""
    parts = []
    for reason in reasons:
        params = {
            key: Money(value, currency).format() if key in _AMOUNTS else value for key, value in reason.params.items()
        }
        parts.append(_TEXTS[reason.code].format(**params))
    return f"Risk score {total}: " + ("; ".join(parts) if parts else "no signals") + "."
