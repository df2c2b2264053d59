"""The moderator-edited watchlist of often-counterfeited brands."""

from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.domain.risk import brand_key
from core.domain.text import clean_text
from core.errors import Conflict
from core.models.risk import WatchedBrand


async def watch_brand(name: str, added_by: str = "", note: str = "") -> WatchedBrand:
    """Put a brand on the watchlist; its listings get more scrutiny from the risk engine."""
    name = clean_text(name, "brand", 64)
    note = clean_text(note, "note", 200, allow_empty=True)
    try:
        # A savepoint: on PostgreSQL a failed insert would otherwise abort the caller's transaction.
        async with in_transaction():
            return await WatchedBrand.create(name=name, key=brand_key(name), added_by=added_by[:64], note=note)
    except IntegrityError:
        raise Conflict("watchlist.already_watched", brand=name) from None


async def unwatch_brand(name: str) -> WatchedBrand | None:
    """Take a brand off the watchlist; None when it was not on it."""
    brand = await WatchedBrand.get_or_none(key=brand_key(name))
    if brand is None or not await WatchedBrand.filter(id=brand.id).delete():
        return None
    return brand


@dataclass(frozen=True, slots=True)
class Watched:
    """A brand on the watchlist, as moderators see it."""

    name: str
    note: str
    added_by: str
    created_at: datetime


async def watched_brands() -> list[Watched]:
    rows = await WatchedBrand.all().order_by("key")
    return [Watched(row.name, row.note, row.added_by, row.created_at) for row in rows]


async def watched_keys() -> list[str]:
    return [str(key) for key in await WatchedBrand.all().values_list("key", flat=True)]
