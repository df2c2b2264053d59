"""Shipping addresses: an address book kept sealed, each order's own copy, and who may read it when."""

import pytest

from core.domain.addresses import ShipToShown, check_cn_id_number, check_phone, check_postcode, customs_fields
from core.domain.invoices import PaymentPurpose
from core.domain.order_machine import OrderState
from core.errors import InvalidInput, InvalidState, NotFound
from core.models.addresses import SavedAddress
from core.models.audit import AuditEntry
from core.models.moderators import Moderator
from core.models.notifications import Notification
from core.models.orders import Order
from core.services.money.rates import conversion_into
from core.services.people import addresses
from core.services.trade import disputes, order_addresses, orders
from core.services.trade.order_cards import OrderCard, order_card
from tests import factories

ID_NUMBER = "11010519491231002X"  # a well-formed resident ID number (its check character is X)


async def card(order: Order, viewer_id: int) -> OrderCard:
    return await order_card(order.id, viewer_id, await conversion_into("JPY"))


@pytest.mark.parametrize(
    ("country", "typed", "kept"),
    [
        ("JP", "150-0001", "150-0001"),
        ("CN", "200120", "200120"),
        ("US", "94105-1234", "94105-1234"),
        ("GB", "sw1a 1aa", "SW1A 1AA"),
        ("HK", "", ""),
        ("NZ", "6011", "6011"),
    ],
)
def test_postcodes_of_common_countries_are_checked_and_others_loosely(country: str, typed: str, kept: str) -> None:
    assert check_postcode(country, typed) == kept


@pytest.mark.parametrize(("country", "typed"), [("JP", "1500001x"), ("CN", "20012"), ("US", "ABCDE"), ("NZ", "")])
def test_a_postcode_the_country_does_not_use_is_refused(country: str, typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_postcode(country, typed)
    assert refused.value.code == "address.bad_postcode"


def test_phone_numbers_keep_digits_and_plus_and_refuse_words_or_short_numbers() -> None:
    assert check_phone("+81 (90) 1234-5678") == "+819012345678"
    for bad in ("call me", "12345", "+1234567890123456", "１２３４５６７"):
        with pytest.raises(InvalidInput):
            check_phone(bad)


def test_a_mainland_id_number_must_have_its_check_character_right() -> None:
    assert check_cn_id_number("11010519491231002x") == ID_NUMBER
    for bad in ("110105194912310021", "1101051949123100", "A1010519491231002X"):
        with pytest.raises(InvalidInput) as refused:
            check_cn_id_number(bad)
        assert refused.value.code == "address.bad_cn_id_number"


def test_only_mainland_china_asks_customs_details_here() -> None:
    assert [f.value for f in customs_fields("CN")] == ["cn_id_number"]
    assert customs_fields("JP") == customs_fields("US") == ()
    with pytest.raises(InvalidInput) as refused:
        factories.address(country="CN", postcode="200120")
    assert refused.value.code == "address.customs_missing"
    assert factories.address().customs == {}  # nothing asked, nothing kept


async def test_a_saved_address_is_sealed_in_the_database_and_deleted_for_good() -> None:
    alice = await factories.customer("Alice")
    address_id = await factories.saved_address(alice)
    row = await SavedAddress.get(id=address_id)
    assert "Alice Smith" not in row.sealed and "9012345678" not in row.sealed and row.country == "JP"
    (saved,) = await addresses.saved_addresses(alice.id)
    assert saved.address.recipient == "Alice Smith" and saved.address.phone == "+819012345678"
    assert await addresses.home_country(alice.id) == "JP"

    mallory = await factories.customer("Mallory")
    with pytest.raises(NotFound):
        await addresses.delete_address(mallory.id, address_id)
    await addresses.delete_address(alice.id, address_id)
    assert await SavedAddress.filter(id=address_id).count() == 0
    assert await addresses.saved_addresses(alice.id) == ()


async def test_the_buyer_sees_the_address_only_once_the_balance_is_paid_and_the_order_keeps_its_own_copy() -> None:
    alice, bob = await factories.customer("Alice"), await factories.buyer("Bob")
    china = factories.address(country="CN", postcode="200120", customs={"cn_id_number": ID_NUMBER})
    order = await factories.order_in(OrderState.AWAITING_BALANCE, alice, bob, ship_to=china)
    await addresses.delete_address(alice.id, (await SavedAddress.get(user_id=alice.id)).id)
    assert "Alice Smith" not in (await factories.fresh(order)).ship_to  # sealed on the order too

    before = (await card(order, bob.id)).ship_to
    assert before.shown is ShipToShown.AFTER_BALANCE and before.address is None and not before.may_set
    own = (await card(order, alice.id)).ship_to
    assert own.shown is ShipToShown.ADDRESS and own.address == china and own.may_set

    await factories._pay(order, PaymentPurpose.BALANCE)
    due = (await card(order, bob.id)).ship_to
    assert due.shown is ShipToShown.ADDRESS and due.address == china
    assert due.address.customs == {"cn_id_number": ID_NUMBER}


async def test_an_order_without_an_address_says_so_and_the_customer_gives_one_until_it_ships() -> None:
    alice, bob = await factories.customer("Alice"), await factories.buyer("Bob")
    order = await factories.order_in(OrderState.BALANCE_PAID, alice, bob)
    assert (await card(order, bob.id)).ship_to.shown is ShipToShown.NOT_GIVEN
    with pytest.raises(InvalidState):
        await order_addresses.ship_order_to(bob.id, order.id, await factories.saved_address(bob))
    with pytest.raises(NotFound):  # someone else's saved address
        await order_addresses.ship_order_to(alice.id, order.id, await factories.saved_address(bob))

    await order_addresses.ship_order_to(alice.id, order.id, await factories.saved_address(alice))
    assert (await card(order, bob.id)).ship_to.address == factories.address()
    await orders.ship(bob.id, order.id, "EMS", "EJ123456789JP")
    with pytest.raises(InvalidState) as refused:
        await order_addresses.ship_order_to(alice.id, order.id, await factories.saved_address(alice))
    assert refused.value.code == "address.not_settable"


async def test_a_customer_whose_order_has_no_address_is_reminded_with_the_receipt_before_the_balance() -> None:
    without = await factories.order_in(OrderState.AWAITING_BALANCE)
    await factories.order_in(OrderState.AWAITING_BALANCE, ship_to=factories.address())  # has one: no reminder

    reminders = await Notification.filter(key="order.address_needed").values_list("user_id", "params")
    assert reminders == [(without.customer_id, {"id": without.id, "title": without.title})]


async def test_moderators_read_an_address_only_on_a_disputed_order_and_each_reading_is_audited() -> None:
    alice, bob = await factories.customer("Alice"), await factories.buyer("Bob")
    order = await factories.order_in(OrderState.SHIPPED, alice, bob, ship_to=factories.address())
    lin = await Moderator.create(username="lin", password_hash="x")
    assert await order_addresses.disputed_address(lin.id, order.id) is None
    assert await AuditEntry.filter(action="order.address_viewed").count() == 0

    await disputes.open_dispute(alice.id, order.id, "Not arrived")
    assert await order_addresses.disputed_address(lin.id, order.id) == factories.address()
    (entry,) = await AuditEntry.filter(action="order.address_viewed")
    assert (entry.moderator_id, entry.target_kind, entry.target_id) == (lin.id, "order", str(order.id))
    assert "Alice Smith" not in str(entry.details) and "Jingumae" not in str(entry.details)
    assert (await card(order, bob.id)).ship_to.shown is ShipToShown.ADDRESS  # disputed after shipping: still due
