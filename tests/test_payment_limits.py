"""Prices are checked against what Telegram payments take: its currencies, and its least and most per invoice."""

from collections.abc import Callable
from decimal import Decimal

import pytest

from core.config import Settings
from core.domain.money import Money
from core.domain.payment_limits import check_invoice_amount, check_order_payments, invoice_limits
from core.errors import InvalidInput
from core.models.listings import Listing
from core.models.purchase_requests import Offer
from core.services.catalog.listings import update_listing
from core.services.sourcing.purchase_requests import OfferInput, create_request, make_offer
from tests import factories

THIRTY = Decimal(30)


def refusal(amount: Money) -> tuple[str, dict[str, object]]:
    with pytest.raises(InvalidInput) as refused:
        check_invoice_amount(amount)
    return refused.value.code, refused.value.params


@pytest.mark.parametrize(
    ("currency", "least", "most"),
    [
        ("USD", Money(100, "USD"), Money(1_000_000, "USD")),  # US$1.00 to US$10,000.00: what the others track
        ("JPY", Money(109, "JPY"), Money(1_093_219, "JPY")),  # no decimals: ¥109 to ¥1,093,219
        ("KRW", Money(1172, "KRW"), Money(11_720_801, "KRW")),
        ("CNY", Money(644, "CNY"), Money(6_444_198, "CNY")),  # ¥6.44 to ¥64,441.98
    ],
)
def test_an_invoice_may_ask_from_telegrams_least_to_its_most(currency: str, least: Money, most: Money) -> None:
    assert (invoice_limits()[currency].minimum, invoice_limits()[currency].maximum) == (least, most)
    assert check_invoice_amount(least) == least and check_invoice_amount(most) == most
    one = Money(1, currency)
    assert refusal(least - one) == ("money.below_telegram_minimum", {"min": least.amount, "currency": currency})
    assert refusal(most + one) == ("money.above_telegram_maximum", {"max": most.amount, "currency": currency})


@pytest.mark.parametrize(
    "currency",
    [
        "MOP",  # Macanese pataca: real, but Telegram payments do not take it
        "XAU",  # gold
        "KWD",  # three decimals: Telegram's table has no such currency
        "HUF",  # Telegram counts fillér that CLDR, and so Money, does not: an invoice would ask a hundredth
    ],
)
def test_a_currency_telegram_payments_do_not_take_is_no_price(currency: str) -> None:
    assert refusal(Money(10**6, currency)) == ("money.currency_not_payable", {"currency": currency})


def test_every_currency_telegram_takes_counts_in_the_units_money_does() -> None:
    assert len(invoice_limits()) == 77  # of the 84 in the table
    for currency, limits in invoice_limits().items():
        assert 0 < limits.minimum.amount < limits.maximum.amount, currency


def test_an_order_is_paid_in_two_invoices_each_within_telegrams_limits() -> None:
    assert check_order_payments(Money(12800, "JPY"), THIRTY) == (Money(3840, "JPY"), Money(8960, "JPY"))

    with pytest.raises(InvalidInput) as small:
        check_order_payments(Money(300, "JPY"), THIRTY)  # ¥90 down, ¥210 later
    with pytest.raises(InvalidInput) as large:
        check_order_payments(Money(3_000_000, "JPY"), THIRTY)  # ¥900,000 down, ¥2,100,000 later
    with pytest.raises(InvalidInput) as small_rest:
        check_order_payments(Money(1000, "JPY"), Decimal(95))  # ¥950 down, ¥50 later

    assert (small.value.code, small.value.params) == (
        "money.deposit_below_telegram_minimum",
        {"deposit": 90, "min": 109, "currency": "JPY"},
    )
    assert (large.value.code, large.value.params) == (
        "money.balance_above_telegram_maximum",
        {"balance": 2_100_000, "max": 1_093_219, "currency": "JPY"},
    )
    assert small_rest.value.code == "money.balance_below_telegram_minimum"


def test_a_whole_payment_up_front_asks_no_balance_to_check() -> None:
    assert check_order_payments(Money(500, "JPY"), Decimal(100)) == (Money(500, "JPY"), Money(0, "JPY"))
    with pytest.raises(InvalidInput) as refused:
        check_order_payments(Money(1_100_000, "JPY"), Decimal(100))
    assert refused.value.code == "money.deposit_above_telegram_maximum"


# --- where prices are set ---------------------------------------------------------------------------


async def test_a_listing_whose_deposit_telegram_could_not_take_is_neither_listed_nor_saved_by_an_edit() -> None:
    bob = await factories.buyer()
    listing = await factories.listing(bob)

    with pytest.raises(InvalidInput) as new:
        await factories.listing(bob, price=Money(300, "JPY"))
    with pytest.raises(InvalidInput) as edited:
        await update_listing(bob.id, listing.id, factories.listing_input(price=Money(120, "MOP")))

    assert (new.value.code, new.value.params) == (
        "money.deposit_below_telegram_minimum",
        {"deposit": 90, "min": 109, "currency": "JPY"},
    )
    assert edited.value.code == "money.currency_not_payable"
    assert [(row.price, row.currency) for row in await Listing.all()] == [(12800, "JPY")]


async def test_the_deposit_share_in_force_decides_the_check(override_settings: Callable[..., Settings]) -> None:
    bob = await factories.buyer()
    override_settings(deposit_percent=Decimal(50))

    listing = await factories.listing(bob, price=Money(300, "JPY"))  # ¥150 down, ¥150 later: both fine now

    assert listing.price == 300


async def test_an_offer_whose_balance_telegram_could_not_take_is_refused_and_not_made() -> None:
    alice, bob = await factories.customer(), await factories.buyer()
    request = await create_request(alice.id, factories.request_input(budget=Money(1_500_000, "JPY"), quantity=2))
    # Two items at ¥780,000 and ¥20,000 of fees: ¥474,000 down, then ¥1,106,000, over Telegram's most.
    offer = OfferInput(
        "Shiseido Ultimune serum 75ml", Money(780_000, "JPY"), Money(15_000, "JPY"), Money(5_000, "JPY"), days_to_ship=7
    )

    with pytest.raises(InvalidInput) as refused:
        await make_offer(bob.id, request.id, offer)

    assert (refused.value.code, refused.value.params) == (
        "money.balance_above_telegram_maximum",
        {"balance": 1_106_000, "max": 1_093_219, "currency": "JPY"},
    )
    assert await Offer.all().count() == 0


async def test_a_request_budget_no_order_could_be_paid_at_is_refused() -> None:
    alice = await factories.customer()

    with pytest.raises(InvalidInput) as unpayable:
        await create_request(alice.id, factories.request_input(budget=Money(5000, "MOP")))
    with pytest.raises(InvalidInput) as too_much:
        await create_request(alice.id, factories.request_input(budget=Money(2_000_000, "JPY")))

    assert unpayable.value.code == "money.currency_not_payable"
    assert too_much.value.code == "money.balance_above_telegram_maximum"
