"""Fill an empty, migrated database with a moderation backlog: flagged listings with photos, their buyers, an audit log.

Rows are built in memory with explicit ids and written with `bulk_create` in batches (one `executemany` each),
so 100,000 listings take seconds, not the minutes one INSERT per row would.
"""

from datetime import datetime, timedelta

from core import clock
from core.domain.audit import AuditAction, AuditTarget
from core.domain.buyers import BuyerStatus
from core.domain.catalog import CATEGORIES
from core.domain.listings import ListingStatus
from core.domain.moderators import ModeratorRole
from core.models.audit import AuditEntry
from core.models.listings import Listing, ListingPhoto
from core.models.moderators import Moderator
from core.models.users import BuyerProfile, User

BATCH = 5_000
BUYERS = 1_000
PHOTOS_PER_LISTING = 2
BRANDS = ("Porter", "Shiseido", "Uniqlo", "Muji", "Sanrio", "Onitsuka", "Casio", "Hermes", "Sony", "Asics")
ITEMS = ("shoulder bag", "serum", "down jacket", "notebook", "plush", "sneakers", "watch", "scarf", "earbuds", "tee")
COUNTRIES = ("JP", "KR", "FR", "IT", "US")
RARE_BRAND = "Moynat"  # on one listing in 10,000: a search that matches a handful of rows
RARE_EVERY = 10_000
AUDITED = (AuditAction.LISTING_APPROVE, AuditAction.LISTING_REJECT, AuditAction.LISTING_REMOVE)


async def seed(rows: int) -> Moderator:
    """`rows` flagged listings (two photos each) from 1,000 verified buyers, `rows` audit entries; the admin."""
    start = clock.now() - timedelta(days=365)
    admin = await Moderator.create(username="bench", password_hash="-", role=ModeratorRole.ADMIN)
    buyers = range(1, BUYERS + 1)
    await User.bulk_create(
        [User(id=n, telegram_id=10**9 + n, first_name=f"Buyer {n}", referral_code=f"b{n:07d}") for n in buyers],
        batch_size=BATCH,
    )
    await BuyerProfile.bulk_create(
        [
            BuyerProfile(
                user_id=n, status=BuyerStatus.VERIFIED, countries=["JP"], categories=["bags"], id_document_file_id="-"
            )
            for n in buyers
        ],
        batch_size=BATCH,
    )
    for first in range(1, rows + 1, BATCH):
        numbers = range(first, min(first + BATCH, rows + 1))
        await Listing.bulk_create([_listing(n, start) for n in numbers], batch_size=BATCH)
        photos = [
            ListingPhoto(id=(n - 1) * PHOTOS_PER_LISTING + p + 1, listing_id=n, position=p, file_id=f"photo-{n}-{p}")
            for n in numbers
            for p in range(PHOTOS_PER_LISTING)
        ]
        await ListingPhoto.bulk_create(photos, batch_size=BATCH * PHOTOS_PER_LISTING)
        await AuditEntry.bulk_create([_audit_entry(n, admin.id, start) for n in numbers], batch_size=BATCH)
    return admin


def _listing(n: int, start: datetime) -> Listing:
    brand = RARE_BRAND if n % RARE_EVERY == 0 else BRANDS[n % len(BRANDS)]
    return Listing(
        id=n,
        buyer_id=n % BUYERS + 1,
        title=f"{brand} {ITEMS[n // len(BRANDS) % len(ITEMS)]} no. {n}",
        description="Bought at the flagship store, with receipt.",
        category=CATEGORIES[n % len(CATEGORIES)],
        brand=brand,
        country=COUNTRIES[n % len(COUNTRIES)],
        price=1_000 + n % 50_000,
        currency="JPY",
        stock=1 + n % 5,
        days_to_ship=7,
        status=ListingStatus.PENDING_REVIEW,
        status_reason=f"Photo reused from listing #{max(n - 7, 1)}",
        created_at=start + timedelta(seconds=n),
    )


def _audit_entry(n: int, moderator_id: int, start: datetime) -> AuditEntry:
    return AuditEntry(
        id=n,
        moderator_id=moderator_id,
        action=AUDITED[n % len(AUDITED)].value,
        target_kind=AuditTarget.LISTING.value,
        target_id=str(n),
        reason="Counterfeit logo" if n % 3 else "",
        details={"before": "pending_review"},
        created_at=start + timedelta(seconds=n),
    )
