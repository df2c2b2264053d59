"""Where a person's application to act as a buyer stands."""

from enum import StrEnum


class BuyerStatus(StrEnum):
    APPLIED = "applied"
    VERIFIED = "verified"
    REJECTED = "rejected"
    SUSPENDED = "suspended"
    BANNED = "banned"
