"""Where a listing is in its life, from draft to sold out."""

from enum import StrEnum


class ListingStatus(StrEnum):
    DRAFT = "draft"
    # Saved and waiting for its risk score (core/services/catalog/publishing.py): seen by no one but its buyer.
    SCREENING = "screening"
    PENDING_REVIEW = "pending_review"
    ACTIVE = "active"
    SOLD_OUT = "sold_out"
    REJECTED = "rejected"
    REMOVED = "removed"
