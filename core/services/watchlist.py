"""The moderator-edited watchlist of often-counterfeited brands."""

from tortoise.exceptions import IntegrityError

from core.domain.risk import brand_key
from core.domain.text import clean_text
from core.errors import Conflict
from core.models.risk import WatchedBrand


async def watch_brand(name: str, added_by: str = "") -> WatchedBrand:
    """Put a brand on the watchlist; its listings get more scrutiny from the risk engine."""
    name = clean_text(name, "brand", 64)
    try:
        return await WatchedBrand.create(name=name, key=brand_key(name), added_by=added_by[:64])
    except IntegrityError:
        raise Conflict("watchlist.already_watched", brand=name) from None


async def unwatch_brand(name: str) -> bool:
    """Take a brand off the watchlist; False when it was not on it."""
    return bool(await WatchedBrand.filter(key=brand_key(name)).delete())


async def watched_brands() -> list[WatchedBrand]:
    return await WatchedBrand.all().order_by("key")


async def watched_keys() -> list[str]:
    return [str(key) for key in await WatchedBrand.all().values_list("key", flat=True)]
