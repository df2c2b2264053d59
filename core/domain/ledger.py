"""The ledger's vocabulary: whose an account is and what its money is for."""

from enum import StrEnum


class OwnerKind(StrEnum):
    PLATFORM = "platform"
    USER = "user"
    ORDER = "order"


class Purpose(StrEnum):
    CLEARING = "clearing"  # the payment provider: money entering or leaving the platform
    ESCROW = "escrow"  # an order's paid money, held until release or refund
    EARNINGS = "earnings"  # owed to a buyer
    REFUNDS = "refunds"  # owed back to a customer
    FEES = "fees"  # the platform's revenue
    BOND = "bond"  # a buyer's security bond
    PENDING_PAYOUT = "pending_payout"  # asked for by a buyer, held until a moderator pays or refuses it
