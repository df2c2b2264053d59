"""Small builders for the people and things tests need, each going through the real services."""

import itertools
from datetime import timedelta

from core import clock
from core.domain.money import Money
from core.models.listings import Listing
from core.models.orders import Order
from core.models.users import BuyerStatus, User
from core.services import users
from core.services.listings import ListingInput, create_listing
from core.services.purchase_requests import RequestInput

_telegram_ids = itertools.count(1000)


async def customer(name: str = "Alice", language_code: str = "en", referral_code: str | None = None) -> User:
    user, _ = await users.register_contact(
        next(_telegram_ids), name, language_code=language_code, referral_code=referral_code
    )
    return user


async def buyer(name: str = "Bob", countries: tuple[str, ...] = ("JP",)) -> User:
    user = await customer(name)
    await users.apply_as_buyer(user.id, list(countries), ["bags", "beauty"], "file-passport")
    await users.decide_buyer(user.id, BuyerStatus.VERIFIED)
    return user


def listing_input(**overrides: object) -> ListingInput:
    fields: dict[str, object] = {
        "title": "Porter Tanker shoulder bag",
        "description": "Bought at the Porter flagship in Omotesando, with receipt.",
        "category": "bags",
        "country": "JP",
        "price": Money(12800, "JPY"),
        "quantity": 3,
        "days_to_ship": 7,
        "photo_file_ids": ["photo-1", "photo-2"],
        "brand": "Porter",
        "city": "Tokyo",
    }
    fields.update(overrides)
    return ListingInput(**fields)  # type: ignore[arg-type]


async def listing(seller: User, **overrides: object) -> Listing:
    return await create_listing(seller.id, listing_input(**overrides))


def request_input(**overrides: object) -> RequestInput:
    fields: dict[str, object] = {
        "text": "Shiseido Ultimune serum 75ml, the Japanese version",
        "country": "JP",
        "budget": Money(20000, "JPY"),
        "quantity": 1,
        "deadline": clock.now() + timedelta(days=14),
        "category": "beauty",
    }
    fields.update(overrides)
    return RequestInput(**fields)  # type: ignore[arg-type]


async def fresh(order: Order) -> Order:
    await order.refresh_from_db()
    return order
