"""Scoring a new or edited listing: gather the signals, store the reasons, hold a risky listing for review."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from core import clock
from core.config import current_settings
from core.domain import risk
from core.domain.buyers import BuyerStatus
from core.domain.listings import ListingStatus
from core.domain.money import Money, convert
from core.domain.reports import ReportStatus
from core.models.listings import Listing
from core.models.reports import FakeReport
from core.models.users import BuyerProfile
from core.services.catalog.brands import watched_keys
from core.services.catalog.listings import hold_for_review
from core.services.catalog.photo_hashes import near_duplicates
from core.services.money import ledger
from core.services.money.rates import rates_into
from core.services.sourcing.matching import announce_listing
from core.services.trade.order_chat import contact_attempts_of

RECENT_DAYS = 180
MAX_COMPARABLES = 500
_PUBLISHED = (ListingStatus.ACTIVE, ListingStatus.SOLD_OUT)


@dataclass(frozen=True, slots=True)
class Assessment:
    listing_id: int
    score: int
    reasons: tuple[risk.Reason, ...]
    held: bool  # the listing now waits for a moderator


async def _comparable_prices(listing: Listing, rates: dict[str, Decimal]) -> list[int]:
    """Recent published prices of other buyers' listings of the same brand and category, in the listing's currency.

    A listing without a brand is compared with its whole category. One with a brand is compared with that
    brand only: a category spans brands at very different prices (a luxury bag is no outlier among bags
    for being dear), so too few prices of the brand skip the signal rather than compare with the category.
    """
    since = clock.now() - timedelta(days=RECENT_DAYS)
    query = Listing.filter(category=listing.category, created_at__gte=since).exclude(buyer_id=listing.buyer_id)
    if listing.brand:
        query = query.filter(brand__iexact=listing.brand)
    # One query per status: each walks the (status, id) index newest first and stops at the limit, where
    # `status IN (...)` made SQLite read every published listing and sort them (docs/benchmarks.md).
    rows = [
        row
        for status in _PUBLISHED
        for row in await query.filter(status=status)
        .order_by("-id")
        .limit(MAX_COMPARABLES)
        .values_list("id", "price", "currency")
    ]
    newest = sorted(rows, reverse=True)[:MAX_COMPARABLES]
    own = listing.currency
    # Most comparables are priced in the listing's own currency: no Money to build and convert for those.
    return [
        amount if currency == own else convert(Money(amount, currency), rates[currency], own).amount
        for _, amount, currency in newest
        if currency in rates
    ]


async def _buyer_record(listing: Listing, rates: dict[str, Decimal]) -> risk.BuyerRecord:
    buyer_id = listing.buyer_id
    profile = await BuyerProfile.get_or_none(user_id=buyer_id)
    verified = profile is not None and profile.status is BuyerStatus.VERIFIED
    days = (clock.now() - profile.decided_at).days if profile and profile.decided_at and verified else None
    bond = sum(
        convert(held, rates[held.currency], listing.currency).amount
        for held in await ledger.balances(ledger.bond_of(buyer_id))
        if held.currency in rates
    )
    upheld = FakeReport.filter(status=ReportStatus.UPHELD).filter(
        Q(listing__buyer_id=buyer_id) | Q(order__buyer_id=buyer_id)
    )
    return risk.BuyerRecord(
        verified=verified,
        days_verified=days,
        bond=bond,
        rejected_listings=await Listing.filter(buyer_id=buyer_id, status=ListingStatus.REJECTED).count(),
        upheld_reports=await upheld.count(),
        contact_attempts=await contact_attempts_of(buyer_id),
    )


@dataclass(frozen=True, slots=True)
class Verdict:
    """The risk engine's judgement of a listing as it stands, not stored yet."""

    score: int
    reasons: tuple[risk.Reason, ...]
    hold: bool  # at or above RISK_HOLD_THRESHOLD: a moderator should look first
    summary: str  # why, for the moderators' queue

    def stored_reasons(self) -> list[dict[str, Any]]:
        return [{"code": reason.code, "params": reason.params} for reason in self.reasons]


async def judge_listing(listing: Listing) -> Verdict:
    """Gather the listing's signals (its photo hashes stored first) and score them."""
    rates = await rates_into(listing.currency)  # what other currencies are worth in the listing's
    fired = [
        risk.photo_reuse(await near_duplicates(listing.id)),
        risk.price_anomaly(listing.price, await _comparable_prices(listing, rates)),
        risk.watchlist_brand(listing.brand, listing.title, await watched_keys()),
        *risk.buyer_signals(await _buyer_record(listing, rates), listing.price),
    ]
    reasons = tuple(reason for reason in fired if reason is not None)
    total = risk.score(reasons)
    return Verdict(
        score=total,
        reasons=reasons,
        hold=risk.should_hold(total, current_settings().risk_hold_threshold),
        summary=risk.summary(reasons, total, listing.currency),
    )


async def assess_listing(listing_id: int) -> Assessment:
    """Score the listing and store why; a published one scoring at or above RISK_HOLD_THRESHOLD is held for review.

    One that stays published is announced to fitting requests and followers, the first time only.
    """
    listing = await Listing.get(id=listing_id)
    verdict = await judge_listing(listing)
    # One transaction: the stored reasons never disagree with the decision, and one commit waits for the disk.
    async with in_transaction():
        await Listing.filter(id=listing.id).update(risk_score=verdict.score, risk_reasons=verdict.stored_reasons())
        held = verdict.hold and await hold_for_review(listing.id, verdict.summary)
        if not held:
            await announce_listing(listing.id)
    return Assessment(listing_id=listing.id, score=verdict.score, reasons=verdict.reasons, held=held)
