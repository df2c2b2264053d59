"""What moderators do to brands, each step audited: add a brand, add or remove its names, watch or unwatch it."""

from tortoise.transactions import in_transaction

from core.domain.audit import AuditAction, AuditTarget
from core.errors import NotFound
from core.models.brands import Brand
from core.models.moderators import Moderator
from core.services.catalog import brands
from core.services.oversight.audit import record


async def add_brand(moderator_id: int, name: str, aliases: str) -> Brand:
    async with in_transaction():
        brand = await brands.add_brand(name, aliases)
        names = [alias.name for alias in await brand.aliases.all().order_by("id")]
        await record(moderator_id, AuditAction.BRAND_ADD, AuditTarget.BRAND, brand.name, names=names)
        return brand


async def add_alias(moderator_id: int, brand_id: int, name: str) -> None:
    async with in_transaction():
        alias = await brands.add_alias(brand_id, name)
        await record(moderator_id, AuditAction.BRAND_ALIAS_ADD, AuditTarget.BRAND, alias.brand.name, name=alias.name)


async def remove_alias(moderator_id: int, brand_id: int, alias_id: int) -> None:
    async with in_transaction():
        alias = await brands.remove_alias(brand_id, alias_id)
        await record(moderator_id, AuditAction.BRAND_ALIAS_REMOVE, AuditTarget.BRAND, alias.brand.name, name=alias.name)


async def watch_brand(moderator_id: int, name: str, note: str) -> Brand:
    async with in_transaction():
        moderator = await Moderator.get(id=moderator_id)
        brand = await brands.watch_brand(name, moderator.username, note)
        await record(moderator_id, AuditAction.WATCHLIST_ADD, AuditTarget.BRAND, brand.name, note=brand.note)
        return brand


async def unwatch_brand(moderator_id: int, name: str) -> None:
    async with in_transaction():
        brand = await brands.unwatch_brand(name)
        if brand is None:
            raise NotFound("watchlist.not_watched")
        await record(moderator_id, AuditAction.WATCHLIST_REMOVE, AuditTarget.BRAND, brand.name, note=brand.note)
