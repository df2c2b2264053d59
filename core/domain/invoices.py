"""What an invoice is for: an order's deposit or balance, or a buyer's bond; and how an order splits into them.

The payload is written into the invoice when it is sent and comes back with the successful payment;
the payment inbox reads it to know where the money goes (1-128 bytes, Telegram's limit).
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from core.domain.money import Money


class PaymentPurpose(StrEnum):
    """What a payment paid for."""

    DEPOSIT = "deposit"
    BALANCE = "balance"
    BOND = "bond"
    UNMATCHED = "unmatched"  # an invoice that names nothing of ours: refunded in full


ORDER_PAYMENTS = frozenset({PaymentPurpose.DEPOSIT, PaymentPurpose.BALANCE})


@dataclass(frozen=True, slots=True)
class ForOrder:
    order_id: int
    purpose: PaymentPurpose


@dataclass(frozen=True, slots=True)
class ForBond:
    buyer_id: int


InvoiceFor = ForOrder | ForBond


def order_payload(order_id: int, purpose: PaymentPurpose) -> str:
    return f"order:{order_id}:{purpose.value}"


def bond_payload(buyer_id: int) -> str:
    return f"bond:{buyer_id}"


def parse_payload(payload: str) -> InvoiceFor | None:
    """What the invoice was for, or None when the payload is none of ours."""
    kind, _, rest = payload.partition(":")
    if kind == "bond" and rest.isdigit():
        return ForBond(int(rest))
    order_id, _, purpose = rest.partition(":")
    if kind == "order" and order_id.isdigit() and purpose in ORDER_PAYMENTS:
        return ForOrder(int(order_id), PaymentPurpose(purpose))
    return None


def split_deposit(total: Money, deposit_percent: Decimal) -> tuple[Money, Money]:
    """Deposit (at least one minor unit) and balance; they always add up to the total."""
    deposit = Money(max(total.percent(deposit_percent).amount, 1), total.currency)
    return deposit, total - deposit
