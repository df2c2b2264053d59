"""Brands: their names across languages (what search expands a query with) and the counterfeit watchlist."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.domain.brands import alias_names, brand_key
from core.domain.text import clean_text
from core.errors import Conflict, InvalidInput, NotFound
from core.models.brands import Brand, BrandAlias


@dataclass(frozen=True, slots=True)
class AliasName:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class BrandEntry:
    """A brand as moderators see it: its other names, and whether (and why) it is watched."""

    id: int
    name: str
    aliases: tuple[AliasName, ...]  # its names besides `name`
    watched: bool
    note: str
    added_by: str
    created_at: datetime


async def _brand_named(name: str) -> Brand | None:
    """The brand one of whose names is `name`, in any case, width or spacing."""
    alias = await BrandAlias.get_or_none(key=brand_key(name)).select_related("brand")
    return alias.brand if alias else await Brand.get_or_none(key=brand_key(name))


async def _add_alias(brand: Brand, name: str) -> BrandAlias:
    name = clean_text(name, "alias", 64)
    taken = await _brand_named(name)
    if taken is not None:
        raise Conflict("brand.name_taken", name=name, brand=taken.name)
    try:
        async with in_transaction():  # a savepoint: on PostgreSQL a failed insert would abort the caller's
            return await BrandAlias.create(brand_id=brand.id, name=name, key=brand_key(name))
    except IntegrityError:
        raise Conflict("brand.name_taken", name=name, brand=name) from None


async def add_brand(name: str, aliases: str = "") -> Brand:
    """A new brand with its other names (comma- or line-separated); refused when any of the names is taken."""
    name = clean_text(name, "brand", 64)
    async with in_transaction():
        taken = await _brand_named(name)
        if taken is not None:
            raise Conflict("brand.name_taken", name=name, brand=taken.name)
        brand = await Brand.create(name=name, key=brand_key(name))
        await BrandAlias.create(brand_id=brand.id, name=name, key=brand.key)
        for alias in alias_names([aliases]):
            if brand_key(alias) != brand.key:
                await _add_alias(brand, alias)
        return brand


async def add_alias(brand_id: int, name: str) -> BrandAlias:
    """Another name of a brand, e.g. its Chinese one; refused when another brand (or this one) has it."""
    brand = await Brand.get_or_none(id=brand_id)
    if brand is None:
        raise NotFound("brand.not_found")
    alias = await _add_alias(brand, name)
    alias.brand = brand
    return alias


async def remove_alias(brand_id: int, alias_id: int) -> BrandAlias:
    """Forget one of a brand's other names; its own name stays (rename by adding a new brand)."""
    alias = await BrandAlias.get_or_none(id=alias_id, brand_id=brand_id).select_related("brand")
    if alias is None:
        raise NotFound("brand.alias_not_found")
    if alias.key == alias.brand.key:
        raise InvalidInput("brand.own_name")
    await BrandAlias.filter(id=alias.id).delete()
    return alias


async def watch_brand(name: str, added_by: str = "", note: str = "") -> Brand:
    """Put a brand (a new one, or one known by any of its names) on the watchlist: its listings get more scrutiny."""
    name = clean_text(name, "brand", 64)
    note = clean_text(note, "note", 200, allow_empty=True)
    async with in_transaction():
        brand = await _brand_named(name) or await add_brand(name)
        changed = await Brand.filter(id=brand.id, watched=False).update(watched=True, note=note, added_by=added_by[:64])
        if not changed:
            raise Conflict("watchlist.already_watched", brand=name)
        await brand.refresh_from_db()
        return brand


async def unwatch_brand(name: str) -> Brand | None:
    """Take a brand off the watchlist (it stays a brand, with its names); None when it was not on it."""
    brand = await _brand_named(name)
    if brand is None or not await Brand.filter(id=brand.id, watched=True).update(watched=False):
        return None
    return brand


async def brand_entries() -> list[BrandEntry]:
    """Every brand, watched ones first, then by name."""
    names: dict[int, list[AliasName]] = defaultdict(list)
    for alias in await BrandAlias.all().order_by("key"):
        names[alias.brand_id].append(AliasName(alias.id, alias.name))
    return [
        BrandEntry(
            brand.id,
            brand.name,
            tuple(alias for alias in names[brand.id] if brand_key(alias.name) != brand.key),
            brand.watched,
            brand.note,
            brand.added_by,
            brand.created_at,
        )
        for brand in await Brand.all().order_by("-watched", "key")
    ]


async def watched_keys() -> list[str]:
    """Every name of every watched brand, as names compare."""
    keys = await BrandAlias.filter(brand__watched=True).values_list("key", flat=True)
    own = await Brand.filter(watched=True).values_list("key", flat=True)
    return sorted({str(key) for key in [*keys, *own]})


async def brand_names() -> dict[str, int]:
    """Every brand name and alias, each with its brand's id: what search looks for in a query."""
    return {str(name): int(brand_id) for name, brand_id in await BrandAlias.all().values_list("name", "brand_id")}
