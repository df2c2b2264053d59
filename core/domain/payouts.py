"""Payouts: money leaving the platform by a moderator's hand, to a buyer (their earnings) or a customer (a refund).

A buyer asks for a payout to a method they saved; the money moves from their earnings to a pending payout
account at once, so it cannot be asked for twice, and waits for a moderator to pay it (it leaves through the
provider's clearing account) or refuse it (it goes back to the earnings). A customer refund is owed the moment a
refunds account is credited; a moderator refunds it at the payment provider and records the provider's reference.
"""

import hashlib
from datetime import datetime, timedelta
from enum import StrEnum

from core.domain.money import Money
from core.errors import InvalidInput


class PayoutKind(StrEnum):
    EARNINGS = "earnings"  # a buyer's earnings, to their payout method
    REFUND = "refund"  # money owed back to a customer, refunded at the payment provider


class PayoutStatus(StrEnum):
    REQUESTED = "requested"  # waiting in the moderators' queue
    PAID = "paid"
    REFUSED = "refused"  # earnings only: the money went back to the buyer's earnings


class PayoutMethodKind(StrEnum):
    BANK = "bank"
    ALIPAY = "alipay"
    WECHAT = "wechat"
    PAYPAL = "paypal"
    WISE = "wise"
    OTHER = "other"


DETAILS_MAX = 500
REFERENCE_MAX = 200


def check_minimum(amount: Money, minimums: dict[str, int]) -> None:
    """At least the minimum set for the currency (in minor units; a currency not listed has none)."""
    minimum = minimums.get(amount.currency, 1)
    if amount.amount < minimum:
        raise InvalidInput("payout.below_minimum", minimum=minimum, currency=amount.currency)


def withdrawable(balance: int, recent_releases: int, after_dispute_window: bool) -> int:
    """What of an earnings balance may be paid out now.

    With `after_dispute_window` the money released from orders still inside their dispute window stays
    (a fake is often found out after receipt is confirmed); the rest, older releases and a returned bond, may go.
    """
    held = recent_releases if after_dispute_window else 0
    return max(0, balance - held)


def window_start(now: datetime, dispute_window_days: int) -> datetime:
    return now - timedelta(days=dispute_window_days)


def payout_promise(amount: Money, method_id: int) -> str:
    """The digest a payout prompt's Confirm button carries: confirmed, the request is what the prompt said."""
    said = f"{amount.currency}|{amount.amount}|{method_id}"
    return hashlib.blake2s(said.encode(), digest_size=6).hexdigest()
