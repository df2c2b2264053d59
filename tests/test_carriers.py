"""Tracking numbers are checked against their carrier's format, and each listed carrier links to its tracking page."""

from datetime import UTC, datetime, timedelta

import pytest

from core.domain.carriers import CARRIERS, carrier_named, check_shipment, tracking_url
from core.domain.disputes import read_refund, window_open
from core.domain.money import Money
from core.errors import InvalidInput


@pytest.mark.parametrize("carrier", CARRIERS, ids=lambda carrier: carrier.code)
def test_every_carrier_takes_its_own_example_and_links_to_it(carrier) -> None:  # type: ignore[no-untyped-def]
    number = carrier.check(carrier.example)
    assert carrier.tracking_url(number).startswith("https://") and number in carrier.tracking_url(number)


@pytest.mark.parametrize(
    ("carrier", "typed", "stored"),
    [
        ("EMS", "ej 123 456 789 jp", "EJ123456789JP"),
        ("Yamato", "4470-1234-5678", "447012345678"),
        ("SF Express", "sf1234567890123", "SF1234567890123"),
        ("UPS", "1Z 999 AA1 0123456784", "1Z999AA10123456784"),
        ("Royal Mail", "AB123456789GB", "AB123456789GB"),
        ("USPS", "9400 1118 9922 3100 0000 00", "9400111899223100000000"),
    ],
)
def test_numbers_are_stored_the_way_the_carrier_writes_them(carrier: str, typed: str, stored: str) -> None:
    assert check_shipment(carrier, typed) == (carrier, stored)


@pytest.mark.parametrize(
    ("carrier", "typed"),
    [
        ("EMS", "EJ12345JP"),  # too short
        ("EMS", "EJ123456789"),  # no country
        ("Royal Mail", "AB123456789JP"),  # another country's post
        ("China Post", "RR123456789GB"),
        ("SF Express", "1234567890123"),  # without the SF prefix
        ("UPS", "1Z999"),
        ("DHL", "12345"),
        ("Yamato", "ABCDEFGHIJKL"),
    ],
)
def test_a_number_of_the_wrong_shape_is_refused_naming_the_shape_expected(carrier: str, typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_shipment(carrier, typed)
    assert refused.value.code == "tracking.bad_format"
    assert refused.value.params == {"carrier": carrier, "example": carrier_named(carrier).example}  # type: ignore[union-attr]


def test_a_carrier_the_buyer_types_in_is_taken_as_written_without_a_link() -> None:
    assert check_shipment(" Kuroneko <Yamato> ", "4470-1234-5678") == ("Kuroneko <Yamato>", "4470-1234-5678")
    assert tracking_url("Kuroneko <Yamato>", "4470-1234-5678") is None
    assert check_shipment("ems", "EJ123456789JP")[0] == "EMS"  # a listed name, however it is cased
    with pytest.raises(InvalidInput):
        check_shipment("Other Post", "")


def test_a_tracking_link_cannot_be_bent_by_what_was_typed() -> None:
    assert tracking_url("Kuroneko", "a&b") is None
    assert tracking_url("UPS", "1Z999AA10123456784") == "https://www.ups.com/track?tracknum=1Z999AA10123456784"
    assert carrier_named("DHL").tracking_url("1&x=2").endswith("1%26x%3D2")  # type: ignore[union-attr]


def test_a_refund_is_typed_as_an_amount_or_a_share_of_what_was_paid() -> None:
    paid = Money(12800, "JPY")
    assert read_refund("40%", paid) == Money(5120, "JPY")
    assert read_refund("¥5,000", paid) == Money(5000, "JPY")
    assert read_refund("12800", paid) == paid
    for typed in ("0", "0%", "150%", "12801", "-5", "abc%", "NaN%"):
        with pytest.raises(InvalidInput):
            read_refund(typed, paid)
    with pytest.raises(InvalidInput) as refused:
        read_refund("20 USD", paid)
    assert refused.value.code == "dispute.refund_range" and refused.value.params == {"max": 12800, "currency": "JPY"}


def test_a_customer_may_complain_until_the_window_after_delivery_closes() -> None:
    delivered = datetime(2026, 5, 1, tzinfo=UTC)
    assert window_open(None, delivered + timedelta(days=400), 7)  # not delivered yet
    assert window_open(delivered, delivered + timedelta(days=7), 7)
    assert not window_open(delivered, delivered + timedelta(days=7, seconds=1), 7)
