"""What moderators, operators and the platform's own jobs do, as the audit trail names it."""

from enum import StrEnum


class AuditAction(StrEnum):
    """What a moderator, an operator with the `daigou` command or a scheduled job did; stored as text, never renamed."""

    LISTING_APPROVE = "listing.approve"
    LISTING_REJECT = "listing.reject"
    LISTING_REMOVE = "listing.remove"
    REPORT_UPHOLD = "report.uphold"
    REPORT_DISMISS = "report.dismiss"
    DISPUTE_REFUND = "dispute.refund"
    DISPUTE_RELEASE = "dispute.release"
    BOND_FORFEIT = "bond.forfeit"
    BUYER_VERIFY = "buyer.verify"
    BUYER_REJECT = "buyer.reject"
    BUYER_SUSPEND = "buyer.suspend"
    BUYER_LIFT = "buyer.lift"
    BUYER_BAN = "buyer.ban"
    BUYER_UNBAN = "buyer.unban"
    BUYER_ID_DOCUMENT_PURGED = "buyer.id_document_purged"  # by the scheduler, ID_DOCUMENT_RETENTION_DAYS on
    ORDER_ADDRESS_VIEWED = "order.address_viewed"  # a moderator read a disputed order's shipping address
    ORDER_ADDRESS_PURGED = "order.address_purged"  # by the scheduler, PERSONAL_DATA_RETENTION_DAYS on
    PAYOUT_PAID = "payout.paid"
    PAYOUT_REFUSED = "payout.refused"
    REFUND_PAID = "refund.paid"  # a customer refund made at the payment provider
    PAYOUT_DETAILS_VIEWED = "payout.details_viewed"  # a moderator read the details to pay it (the entry holds none)
    PAYOUT_DETAILS_PURGED = "payout.details_purged"  # by the scheduler, PERSONAL_DATA_RETENTION_DAYS on
    RATE_SET = "rate.set"
    WATCHLIST_ADD = "watchlist.add"
    WATCHLIST_REMOVE = "watchlist.remove"
    BRAND_ADD = "brand.add"
    BRAND_ALIAS_ADD = "brand.alias_add"
    BRAND_ALIAS_REMOVE = "brand.alias_remove"
    FEES_SET = "fees.set"
    MODERATOR_DEACTIVATE = "moderator.deactivate"
    MODERATOR_REACTIVATE = "moderator.reactivate"


class AuditTarget(StrEnum):
    """The kind of thing an audit entry is about; `target_id` is its id (for a rate `BASE/QUOTE`, a brand its name)."""

    LISTING = "listing"
    REPORT = "report"
    ORDER = "order"
    USER = "user"
    RATE = "rate"
    BRAND = "brand"
    FEES = "fees"
    MODERATOR = "moderator"
    PAYOUT = "payout"


# Done by the platform itself (a scheduled job), never by a moderator or an operator.
AUTOMATIC_ACTIONS = frozenset(
    {AuditAction.BUYER_ID_DOCUMENT_PURGED, AuditAction.ORDER_ADDRESS_PURGED, AuditAction.PAYOUT_DETAILS_PURGED}
)
