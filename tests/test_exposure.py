"""A buyer's open orders may not exceed a multiple of their bond: past it, offers and purchases are refused."""

import asyncio
from collections.abc import Callable
from decimal import Decimal

import pytest

from core.config import Settings
from core.domain.money import Money
from core.domain.order_machine import OrderState
from core.errors import DomainError, Forbidden, InvalidState
from core.models.orders import Order
from core.models.users import User
from core.services.catalog.listings import buy_listing
from core.services.money.exposure import buyer_exposure
from core.services.money.rates import set_rate
from core.services.sourcing.purchase_requests import OfferInput, create_request, make_offer
from core.services.trade import orders
from tests import factories


@pytest.fixture(autouse=True)
def bond_multiple(override_settings: Callable[..., Settings]) -> None:
    """Open orders may reach three times the bond."""
    override_settings(bond_exposure_multiple=Decimal(3))


async def bonded_buyer(bond: Money, name: str = "Bob") -> User:
    return await factories.buyer(name, bond=bond)


def offer_totalling(yen: int) -> OfferInput:
    return OfferInput(
        "Shiseido Ultimune serum 75ml", Money(yen - 1000, "JPY"), Money(600, "JPY"), Money(400, "JPY"), days_to_ship=7
    )


async def test_a_purchase_up_to_the_limit_goes_through_and_one_yen_more_is_refused() -> None:
    seller = await bonded_buyer(Money(10_000, "JPY"))  # limit 30,000
    first = await factories.listing(seller, price=Money(20_000, "JPY"), quantity=1)
    second = await factories.listing(seller, price=Money(9_635, "JPY"), quantity=1)
    one_yen_over = await factories.listing(seller, price=Money(366, "JPY"), quantity=1)
    up_to_it = await factories.listing(seller, price=Money(365, "JPY"), quantity=1)
    shopper = await factories.customer()

    await buy_listing(shopper.id, first.id)
    await buy_listing(shopper.id, second.id)
    with pytest.raises(Forbidden) as refused:
        await buy_listing(shopper.id, one_yen_over.id)
    await buy_listing(shopper.id, up_to_it.id)  # exactly at the limit

    assert refused.value.code == "exposure.buyer_at_limit"
    assert await Order.filter(buyer_id=seller.id).count() == 3
    await one_yen_over.refresh_from_db()
    assert one_yen_over.stock == 1  # the refused purchase reserved nothing


async def test_finished_orders_free_room_for_new_ones() -> None:
    seller = await bonded_buyer(Money(5_000, "JPY"))  # limit 15,000; factory listings cost 12,800
    await factories.order_in(OrderState.COMPLETED, seller=seller)
    cancelled = await factories.order_in(OrderState.AWAITING_DEPOSIT, seller=seller)
    await orders.cancel_by_party(cancelled.id, seller.id)

    paid = await factories.order_in(OrderState.AWAITING_BALANCE, seller=seller)  # open: counts

    assert paid.state is OrderState.AWAITING_BALANCE
    with pytest.raises(Forbidden):
        await factories.order_in(OrderState.AWAITING_DEPOSIT, seller=seller)


async def test_a_buyer_is_told_the_bond_an_offer_would_need() -> None:
    seller = await bonded_buyer(Money(10_000, "JPY"))
    await factories.order_in(OrderState.DEPOSIT_PAID, seller=seller)  # 12,800 open
    shopper = await factories.customer("Carol")
    request = await create_request(shopper.id, factories.request_input())

    await make_offer(seller.id, request.id, offer_totalling(17_200))  # 30,000: at the limit
    other = await create_request(shopper.id, factories.request_input())
    with pytest.raises(Forbidden) as refused:
        await make_offer(seller.id, other.id, offer_totalling(17_201))

    assert refused.value.code == "exposure.bond_too_small"
    assert refused.value.params == {"bond": 10_000, "needed": 10_001, "currency": "JPY"}


async def test_bond_and_orders_in_other_currencies_count_at_the_moderators_rates() -> None:
    await set_rate("USD", "JPY", "150", "mei")
    seller = await bonded_buyer(Money(10_000, "USD"))  # $100 = 15,000 JPY: limit 45,000 JPY
    usd_item = await factories.listing(seller, price=Money(20_000, "USD"), quantity=1)  # $200 = 30,000 JPY
    jpy_item = await factories.listing(seller, price=Money(15_001, "JPY"), quantity=1)
    shopper = await factories.customer()

    await buy_listing(shopper.id, usd_item.id)
    with pytest.raises(Forbidden):
        await buy_listing(shopper.id, jpy_item.id)
    await jpy_item.update_from_dict({"price": 15_000}).save()
    await buy_listing(shopper.id, jpy_item.id)

    shown = (await buyer_exposure(seller.id)).exposure
    assert shown is not None
    assert (shown.open_orders, shown.bond, shown.limit) == (
        Money(30_000, "USD"),
        Money(10_000, "USD"),
        Money(30_000, "USD"),
    )
    assert shown.full


async def test_without_a_rate_an_order_in_another_currency_is_refused_not_ignored(
    override_settings: Callable[..., Settings],
) -> None:
    seller = await bonded_buyer(Money(1_000_000, "JPY"))
    euro_item = await factories.listing(seller, price=Money(1000, "EUR"))
    override_settings(bond_exposure_multiple=0)  # before the limit
    await buy_listing((await factories.customer()).id, euro_item.id)
    override_settings(bond_exposure_multiple=Decimal(3))
    jpy_item = await factories.listing(seller, quantity=1)

    with pytest.raises(InvalidState) as refused:
        await buy_listing((await factories.customer("Carol")).id, jpy_item.id)

    assert refused.value.params == {"currency": "EUR", "target": "JPY"}
    assert (await buyer_exposure(seller.id)).missing_rate == "EUR"


async def test_a_multiple_of_zero_turns_the_limit_off(override_settings: Callable[..., Settings]) -> None:
    override_settings(bond_exposure_multiple=Decimal(0))
    seller = await factories.buyer()  # no bond at all

    order = await factories.order_in(OrderState.AWAITING_DEPOSIT, seller=seller)

    assert order.buyer_id == seller.id


@pytest.mark.postgres
async def test_concurrent_purchases_cannot_both_pass_the_limit() -> None:
    """On PostgreSQL the purchases really overlap; the lock on the buyer's row makes them take turns."""
    seller = await bonded_buyer(Money(10_000, "JPY"))  # room for two 12,800 orders, not three
    items = [await factories.listing(seller, quantity=1) for _ in range(6)]
    shoppers = [await factories.customer(f"Shopper {n}") for n in range(6)]

    outcomes = await asyncio.gather(
        *(buy_listing(shopper.id, item.id) for shopper, item in zip(shoppers, items, strict=True)),
        return_exceptions=True,
    )

    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert not [o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, DomainError)]
    assert {error.code for error in refused} == {"exposure.buyer_at_limit"}
    assert await Order.filter(buyer_id=seller.id).count() == 2
    assert len(refused) == 4
