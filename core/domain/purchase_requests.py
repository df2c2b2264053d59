"""Where a purchase request and the offers answering it are in their lives."""

from enum import StrEnum

from core.domain.money import Money


class RequestStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class OfferStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


def above_budget(total_in_budget_currency: Money | None, budget: Money) -> Money | None:
    """An offer's total (converted into the budget's currency) when it is above the request's budget: the customer
    sees it flagged and the buyer is warned before sending. Without a rate to convert it, nothing is said."""
    total = total_in_budget_currency
    if total is None or total.currency != budget.currency or total.amount <= budget.amount:
        return None
    return total
