"""Shipping addresses and the customs details a destination needs: what a good one looks like, and who sees it when.

Pure rules: no database, no keys. Storing an address sealed is core/services/people/addresses.py.
"""

import json
import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from core.domain.catalog import check_country
from core.domain.order_machine import FINAL_STATES, OrderState
from core.domain.text import clean_text
from core.errors import InvalidInput


class CustomsField(StrEnum):
    """A customs detail a destination's customs ask of a personal parcel's recipient."""

    CN_ID_NUMBER = "cn_id_number"  # 居民身份证号, 18 characters with a check character


# Destination country -> the customs details its personal parcels need. Another country is one line.
CUSTOMS_FIELDS: dict[str, tuple[CustomsField, ...]] = {
    "CN": (CustomsField.CN_ID_NUMBER,),
}


def customs_fields(country: str) -> tuple[CustomsField, ...]:
    return CUSTOMS_FIELDS.get(country, ())


# Postcodes of a few common destinations; elsewhere a loose shape (letters, digits, spaces and dashes).
_POSTCODES = {
    "CN": re.compile(r"\d{6}"),
    "JP": re.compile(r"\d{3}-?\d{4}"),
    "KR": re.compile(r"\d{5}"),
    "US": re.compile(r"\d{5}(-\d{4})?"),
    "DE": re.compile(r"\d{5}"),
    "FR": re.compile(r"\d{5}"),
    "GB": re.compile(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}"),
    "CA": re.compile(r"[A-Z]\d[A-Z] ?\d[A-Z]\d"),
    "AU": re.compile(r"\d{4}"),
    "SG": re.compile(r"\d{6}"),
    "TW": re.compile(r"\d{3}(\d{2,3})?"),
}
_LOOSE_POSTCODE = re.compile(r"[A-Z0-9][A-Z0-9 -]{1,10}")
# Places without postcodes (Hong Kong, Macau, …) may leave it out.
_NO_POSTCODE = frozenset({"HK", "MO", "AE", "QA", "IE"})
_PHONE_SEPARATORS = re.compile(r"[\s().-]")


def check_postcode(country: str, text: str) -> str:
    postcode = clean_text(text, "postcode", 12, allow_empty=True).upper()
    if not postcode and country in _NO_POSTCODE:
        return ""
    if not (_POSTCODES.get(country) or _LOOSE_POSTCODE).fullmatch(postcode):
        raise InvalidInput("address.bad_postcode", country=country)
    return postcode


def check_phone(text: str) -> str:
    """Digits with an optional leading +, 6 to 15 of them (E.164's longest); spaces, dashes, dots and brackets go."""
    phone = _PHONE_SEPARATORS.sub("", clean_text(text, "phone", 30))
    digits = phone.removeprefix("+")
    if not digits.isascii() or not digits.isdecimal() or not 6 <= len(digits) <= 15:
        raise InvalidInput("address.bad_phone")
    return phone


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def check_cn_id_number(text: str) -> str:
    """A mainland resident identity card number: 17 digits and the ISO 7064 MOD 11-2 check character (0-9 or X)."""
    number = clean_text(text, "id_number", 18).upper().replace(" ", "")
    body = number[:17]
    if len(number) != 18 or not (body.isascii() and body.isdecimal()):
        raise InvalidInput("address.bad_cn_id_number")
    if _ID_CHECK[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11] != number[17]:
        raise InvalidInput("address.bad_cn_id_number")
    return number


CUSTOMS_CHECKS = {CustomsField.CN_ID_NUMBER: check_cn_id_number}

# The free-text lines of an address and their longest lengths; region and note may be left empty.
LINE_LIMITS = {"recipient": 100, "region": 100, "city": 100, "street": 300, "note": 300}
OPTIONAL_LINES = frozenset({"region", "note"})


def check_line(name: str, text: str) -> str:
    line = clean_text(text, name, LINE_LIMITS[name], allow_empty=name in OPTIONAL_LINES)
    return "\n".join(part for part in line.splitlines() if part.strip()) if name == "street" else line


@dataclass(frozen=True, slots=True)
class Address:
    """Where a parcel goes and who receives it, with the customs details its country needs."""

    recipient: str
    phone: str
    country: str
    region: str
    city: str
    street: str  # one or more lines
    postcode: str
    note: str = ""  # free text, where the country's format needs more (a building, a district, a landmark)
    customs: dict[str, str] = field(default_factory=dict)  # CustomsField value -> the detail

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Address":
        return cls(**json.loads(text))


def check_address(
    recipient: str,
    phone: str,
    country: str,
    region: str,
    city: str,
    street: str,
    postcode: str,
    note: str = "",
    customs: dict[str, str] | None = None,
) -> Address:
    """A whole address checked field by field, the customs details its country needs included (and no others)."""
    country = check_country(country)
    given = customs or {}
    missing = [f for f in customs_fields(country) if not given.get(f)]
    if missing:
        raise InvalidInput("address.customs_missing", country=country)
    return Address(
        recipient=check_line("recipient", recipient),
        phone=check_phone(phone),
        country=country,
        region=check_line("region", region),
        city=check_line("city", city),
        street=check_line("street", street),
        postcode=check_postcode(country, postcode),
        note=check_line("note", note),
        customs={f.value: CUSTOMS_CHECKS[f](given[f]) for f in customs_fields(country)},
    )


# From here until the order ends the buyer ships it, so the buyer sees where to.
SHIPPING_DUE = frozenset({OrderState.BALANCE_PAID, OrderState.SHIPPED, OrderState.DELIVERED})
# The customer may give or change the address until the parcel leaves.
ADDRESS_SETTABLE = frozenset(
    {
        OrderState.AWAITING_DEPOSIT,
        OrderState.DEPOSIT_PAID,
        OrderState.PURCHASED,
        OrderState.AWAITING_BALANCE,
        OrderState.BALANCE_PAID,
    }
)


def buyer_sees_address(state: OrderState, disputed_from: OrderState | None) -> bool:
    """Only while shipping is due: from the balance paid until the order ends (a dispute opened then keeps it)."""
    if state in FINAL_STATES:
        return False
    if state is OrderState.DISPUTED:
        return disputed_from in SHIPPING_DUE
    return state in SHIPPING_DUE


class ShipToShown(StrEnum):
    """What an order card says about where the order ships."""

    ADDRESS = "address"  # the address itself
    NOT_GIVEN = "not_given"  # the customer has not given one yet
    AFTER_BALANCE = "after_balance"  # to the buyer, before shipping is due
    HIDDEN = "hidden"  # to the buyer, once the order has ended
    PURGED = "purged"  # deleted after the retention


def ship_to_shown(
    buyer: bool, state: OrderState, disputed_from: OrderState | None, given: bool, purged: bool
) -> ShipToShown:
    if purged:
        return ShipToShown.PURGED
    if buyer and not buyer_sees_address(state, disputed_from):
        return ShipToShown.HIDDEN if state in FINAL_STATES else ShipToShown.AFTER_BALANCE
    return ShipToShown.ADDRESS if given else ShipToShown.NOT_GIVEN
