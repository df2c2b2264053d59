"""A listing being written in the wizard: typed answers read as ListingInput fields, and its preview."""

from collections.abc import Callable
from typing import Any

from aiogram import Bot

from bot.photo_albums import photo_ids
from bot.presenters.listings import listing_text
from bot.presenters.selling import preview_keyboard
from bot.presenters.text import home_conversion
from core.domain.catalog import local_currency
from core.domain.money import Money, parse_money
from core.domain.text import parse_count
from core.services.catalog.listing_cards import draft_card
from core.services.catalog.listings import (
    ListingInput,
    check_brand,
    check_city,
    check_days_to_ship,
    check_description,
    check_listing_price,
    check_quantity,
    check_title,
)
from core.services.people.users import Person

_TEXT_CHECKS: dict[str, Callable[[str], str]] = {
    "title": check_title,
    "description": check_description,
    "brand": check_brand,
    "city": check_city,
}


async def parse_field(field: str, text: str, country: str) -> Any:
    """A typed answer as ListingInput wants it, or the InvalidInput that says what is wrong with it."""
    if field == "price":
        return await check_listing_price(parse_money(text, local_currency(country)))
    if field == "quantity":
        return check_quantity(parse_count(text))
    if field == "days":
        return check_days_to_ship(parse_count(text))
    return _TEXT_CHECKS[field](text)


def stored(value: Any) -> Any:
    """An answer as the chat's FSM data keeps it (JSON, for Redis): a price as [amount, currency]."""
    return [value.amount, value.currency] if isinstance(value, Money) else value


def listing_input(data: dict[str, Any]) -> ListingInput:
    """The ListingInput the wizard's answers make up."""
    amount, currency = data["price"]
    return ListingInput(
        title=data["title"],
        description=data["description"],
        category=data["category"],
        country=data["country"],
        price=Money(amount, currency),
        quantity=data["quantity"],
        days_to_ship=data["days"],
        photo_file_ids=photo_ids(data, "photos"),
        brand=data.get("brand"),
        city=data.get("city"),
        proof_file_id=data.get("proof"),
    )


async def send_preview(bot: Bot, chat_id: int, user: Person, data: dict[str, Any]) -> None:
    """The card exactly as customers will see it, from a listing not saved yet."""
    card = await draft_card(user.id, listing_input(data), await home_conversion())
    await bot.send_photo(chat_id, card.photo_file_ids[0], caption=listing_text(card), reply_markup=preview_keyboard())
