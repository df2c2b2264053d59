"""Small builders for the people and things tests need, each going through the real services."""

import itertools
from datetime import timedelta

from core import clock
from core.domain.addresses import Address, check_address
from core.domain.buyers import BuyerStatus
from core.domain.invoices import PaymentPurpose
from core.domain.money import Money
from core.domain.order_machine import Actor, OrderState
from core.models.ledger import Payment
from core.models.listings import Listing
from core.models.orders import Order
from core.models.users import User
from core.services.catalog.listings import ListingInput, buy_listing, create_listing
from core.services.money import ledger, payments
from core.services.people import addresses, users
from core.services.sourcing.purchase_requests import RequestInput
from core.services.trade import order_addresses, orders

_telegram_ids = itertools.count(1000)


async def customer(name: str = "Alice", language_code: str = "en", referral_code: str | None = None) -> User:
    user, _ = await users.register_contact(
        next(_telegram_ids), name, language_code=language_code, referral_code=referral_code
    )
    return user


# Enough for any order a test opens, in the currency most tests use: buyers take orders up to a multiple of it.
BOND = Money(10_000_000, "JPY")


async def post_bond(buyer_id: int, amount: Money = BOND) -> None:
    """The buyer's bond arrives in the ledger (the bot's /bond invoice also records a payment)."""
    await ledger.post_bond(f"bond-{buyer_id}-{next(_telegram_ids)}", buyer_id, amount)


async def verify(user: User, countries: tuple[str, ...] = ("JP",), bond: Money | None = BOND) -> User:
    """Apply as a buyer, get verified by a moderator and (unless `bond` is None) post a bond."""
    await users.apply_as_buyer(user.id, list(countries), ["bags", "beauty"], "file-passport")
    await users.decide_buyer(user.id, BuyerStatus.VERIFIED)
    if bond is not None:
        await post_bond(user.id, bond)
    return user


async def buyer(name: str = "Bob", countries: tuple[str, ...] = ("JP",), bond: Money | None = BOND) -> User:
    return await verify(await customer(name), countries, bond)


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


def address(**overrides: object) -> Address:
    """A checked Tokyo address; `country="CN"` needs `customs={"cn_id_number": ...}` too."""
    fields = {
        "recipient": "Alice Smith",
        "phone": "+81 90 1234 5678",
        "country": "JP",
        "region": "Tokyo",
        "city": "Shibuya",
        "street": "1-2-3 Jingumae",
        "postcode": "150-0001",
    }
    return check_address(**(fields | overrides))  # type: ignore[arg-type]


async def saved_address(user: User, **overrides: object) -> int:
    """The id of a new address in the user's address book."""
    return (await addresses.save_address(user.id, address(**overrides))).id


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


_charge_ids = itertools.count(1)
_HAPPY_PATH = (
    OrderState.AWAITING_DEPOSIT,
    OrderState.DEPOSIT_PAID,
    OrderState.AWAITING_BALANCE,
    OrderState.BALANCE_PAID,
    OrderState.SHIPPED,
    OrderState.DELIVERED,
    OrderState.COMPLETED,
)


async def order_in(
    state: OrderState, shopper: User | None = None, seller: User | None = None, ship_to: Address | None = None
) -> Order:
    """An order for one item of a new listing, moved along the happy path by the real services up to `state`;
    `ship_to` is saved in the shopper's address book and given to the order as it is bought."""
    seller = seller or await buyer()
    shopper = shopper or await customer()
    order = await buy_listing(shopper.id, (await listing(seller, quantity=1)).id)
    if ship_to is not None:
        saved = await addresses.save_address(shopper.id, ship_to)
        await order_addresses.ship_order_to(shopper.id, order.id, saved.id)
    steps = {
        OrderState.DEPOSIT_PAID: lambda: _pay(order, PaymentPurpose.DEPOSIT),
        OrderState.AWAITING_BALANCE: lambda: orders.upload_receipt(seller.id, order.id, "receipt-photo"),
        OrderState.BALANCE_PAID: lambda: _pay(order, PaymentPurpose.BALANCE),
        OrderState.SHIPPED: lambda: orders.ship(seller.id, order.id, "EMS", "EJ123456789JP"),
        OrderState.DELIVERED: lambda: orders.mark_delivered(order.id, Actor.CUSTOMER, shopper.id),
        OrderState.COMPLETED: lambda: orders.confirm_receipt(shopper.id, order.id),
    }
    for reached in _HAPPY_PATH[1 : _HAPPY_PATH.index(state) + 1]:
        await steps[reached]()
    return await fresh(order)


async def _pay(order: Order, purpose: PaymentPurpose) -> Payment:
    due = await payments.invoice_for(order.id, order.customer_id, purpose)
    charge_id = f"factory-charge-{next(_charge_ids)}"
    return await payments.record_payment(charge_id, order.customer_id, order.id, purpose, due)
