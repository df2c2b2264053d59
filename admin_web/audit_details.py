"""An audit entry's details as a moderator reads them: `label: value` lines, amounts as money, codes as labels."""

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from admin_web.i18n import __
from admin_web.labels import label
from admin_web.templating import money, plain_number, when
from core.domain.buyers import BuyerStatus
from core.domain.listings import ListingStatus

_LABELS = {
    "before": __("Before"),
    "amount": __("Amount"),
    "refund": __("Refund"),
    "rate": __("Rate"),
    "note": __("Note"),
    "listing_id": __("Listing"),
    "order_id": __("Order"),
    "buyer_id": __("Buyer"),
    "deposit_percent": __("Deposit"),
    "platform_fee_percent": __("Platform fee"),
    "reviewed_at": __("Decided"),
    "ended_at": __("Use ended"),
    "kept_days": __("Days kept"),
}
_AMOUNTS = ("amount", "refund")  # in minor units of the entry's `currency`
_IDS = ("listing_id", "order_id", "buyer_id")
_PERCENTS = ("deposit_percent", "platform_fee_percent")
# What `before` held, by the action's family: the status the thing had before the action.
_BEFORE: dict[str, type[StrEnum]] = {"listing": ListingStatus, "buyer": BuyerStatus}


def _before(action: str, value: Any) -> str:
    vocabulary = _BEFORE.get(action.partition(".")[0])
    if vocabulary is not None and value in vocabulary._value2member_map_:
        return label(vocabulary(value))
    if isinstance(value, list):  # the fees before the change: deposit and platform fee
        return " / ".join(f"{plain_number(Decimal(part))}%" for part in value)
    return str(value)


def _value(action: str, key: str, value: Any, currency: str | None) -> str:
    if key in _AMOUNTS and currency and isinstance(value, int):
        return money(value, currency)
    if key in _IDS:
        return f"#{value}"
    if key in _PERCENTS:
        return f"{plain_number(Decimal(value))}%"
    if key == "rate":
        return plain_number(Decimal(value))
    if key == "before":
        return _before(action, value)
    if key in ("reviewed_at", "ended_at"):
        return when(datetime.fromisoformat(value))
    return str(value)


def audit_details(details: Mapping[str, Any], action: str) -> list[tuple[str, str]]:
    """(label, value) per detail recorded; a key with no label here (a newer version's) shows as it is."""
    currency = details.get("currency")
    return [
        (str(_LABELS.get(key, key)), _value(action, key, value, currency))
        for key, value in details.items()
        if value is not None and value != "" and not (key == "currency" and currency)
    ]
