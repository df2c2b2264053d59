"""What the admin UI shows for the codes core stores: one translated label per value, one mapping per vocabulary.

Labels are lazy, so each is translated when shown, in the language of the request showing it. Countries and
languages come from CLDR (Babel) in that language, so no table of them is kept here.
"""

from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from typing import Any

from babel import Locale, UnknownLocaleError

from admin_web.i18n import __, current_language, gettext
from core.domain.addresses import CustomsField
from core.domain.audit import AuditAction, AuditTarget
from core.domain.buyers import BuyerStatus
from core.domain.catalog import CATEGORY_NAMES
from core.domain.deadlines import Deadline
from core.domain.disputes import DisputeStatus, ProposalStatus
from core.domain.invoices import PaymentPurpose
from core.domain.ledger import OwnerKind, Purpose
from core.domain.listings import ListingStatus
from core.domain.moderators import ModeratorRole
from core.domain.order_machine import Action, Actor, OrderState
from core.domain.payouts import PayoutKind, PayoutMethodKind, PayoutStatus
from core.domain.reports import ReportStatus

ORDER_STATES = {
    OrderState.AWAITING_DEPOSIT: __("Awaiting deposit"),
    OrderState.DEPOSIT_PAID: __("Deposit paid"),
    OrderState.PURCHASED: __("Purchased"),
    OrderState.AWAITING_BALANCE: __("Awaiting balance"),
    OrderState.BALANCE_PAID: __("Balance paid"),
    OrderState.SHIPPED: __("Shipped"),
    OrderState.DELIVERED: __("Delivered"),
    OrderState.COMPLETED: __("Completed"),
    OrderState.CANCELLED: __("Cancelled"),
    OrderState.REFUNDED: __("Refunded"),
    OrderState.DISPUTED: __("Disputed"),
}

ORDER_ACTIONS = {
    Action.PAY_DEPOSIT: __("deposit paid"),
    Action.UPLOAD_RECEIPT: __("receipt uploaded"),
    Action.REQUEST_BALANCE: __("balance requested"),
    Action.PAY_BALANCE: __("balance paid"),
    Action.SHIP: __("shipped"),
    Action.ASK_DELIVERED: __("buyer says delivered, customer asked"),
    Action.MARK_DELIVERED: __("marked delivered"),
    Action.NOT_YET_DELIVERED: __("customer says not delivered yet"),
    Action.CONFIRM_RECEIPT: __("receipt confirmed"),
    Action.AUTO_COMPLETE: __("completed automatically"),
    Action.CANCEL: __("cancelled"),
    Action.REFUND: __("refunded"),
    Action.OPEN_DISPUTE: __("dispute opened"),
    Action.RESOLVE_RELEASE: __("dispute settled for the buyer"),
    Action.RESOLVE_REFUND: __("dispute settled with a refund"),
}

DEADLINES = {
    Deadline.DEPOSIT_BY: __("Deposit by"),
    Deadline.PURCHASE_BY: __("Purchase by"),
    Deadline.BALANCE_BY: __("Balance by"),
    Deadline.SHIP_BY: __("Ship by"),
    Deadline.CONFIRM_BY: __("Completes by itself"),
}

ACTORS = {
    Actor.CUSTOMER: __("Customer"),
    Actor.BUYER: __("Buyer"),
    Actor.MODERATOR: __("Moderator"),
    Actor.SYSTEM: __("System"),
}

LISTING_STATUSES = {
    ListingStatus.DRAFT: __("Draft"),
    ListingStatus.SCREENING: __("Being scored"),
    ListingStatus.PENDING_REVIEW: __("Waiting for review"),
    ListingStatus.ACTIVE: __("For sale"),
    ListingStatus.SOLD_OUT: __("Sold out"),
    ListingStatus.REJECTED: __("Rejected"),
    ListingStatus.REMOVED: __("Removed"),
}

BUYER_STATUSES = {
    BuyerStatus.APPLIED: __("Awaiting verification"),
    BuyerStatus.VERIFIED: __("Verified"),
    BuyerStatus.REJECTED: __("Rejected"),
    BuyerStatus.SUSPENDED: __("Suspended"),
    BuyerStatus.BANNED: __("Banned"),
}

REPORT_STATUSES = {
    ReportStatus.OPEN: __("Open"),
    ReportStatus.DISMISSED: __("Dismissed"),
    ReportStatus.UPHELD: __("Upheld"),
}

DISPUTE_STATUSES = {
    DisputeStatus.OPEN: __("The two sides may still agree"),
    DisputeStatus.ESCALATED: __("No agreement: for a moderator"),
    DisputeStatus.SETTLED: __("Settled by agreement"),
    DisputeStatus.DECIDED: __("Decided by a moderator"),
}

PROPOSAL_STATUSES = {
    ProposalStatus.PENDING: __("Waiting for an answer"),
    ProposalStatus.ACCEPTED: __("Accepted"),
    ProposalStatus.DECLINED: __("Declined"),
    ProposalStatus.SUPERSEDED: __("Replaced by a newer proposal"),
    ProposalStatus.EXPIRED: __("Expired"),
}

MODERATOR_ROLES = {
    ModeratorRole.MODERATOR: __("Moderator"),
    ModeratorRole.ADMIN: __("Admin"),
}

OWNER_KINDS = {
    OwnerKind.PLATFORM: __("Platform"),
    OwnerKind.USER: __("User"),
    OwnerKind.ORDER: __("Order"),
}

ACCOUNT_PURPOSES = {
    Purpose.CLEARING: __("Payment provider"),
    Purpose.ESCROW: __("Escrow"),
    Purpose.EARNINGS: __("Earnings"),
    Purpose.REFUNDS: __("Refunds"),
    Purpose.FEES: __("Platform fees"),
    Purpose.BOND: __("Bond"),
    Purpose.PENDING_PAYOUT: __("Payouts asked for"),
}

PAYOUT_KINDS = {
    PayoutKind.EARNINGS: __("Buyer payout"),
    PayoutKind.REFUND: __("Customer refund"),
}

PAYOUT_STATUSES = {
    PayoutStatus.REQUESTED: __("Waiting"),
    PayoutStatus.PAID: __("Paid"),
    PayoutStatus.REFUSED: __("Refused"),
}

PAYOUT_METHOD_KINDS = {
    PayoutMethodKind.BANK: __("Bank account"),
    PayoutMethodKind.ALIPAY: __("Alipay"),
    PayoutMethodKind.WECHAT: __("WeChat Pay"),
    PayoutMethodKind.PAYPAL: __("PayPal"),
    PayoutMethodKind.WISE: __("Wise"),
    PayoutMethodKind.OTHER: __("Other"),
}

PAYMENT_PURPOSES = {
    PaymentPurpose.DEPOSIT: __("Deposit"),
    PaymentPurpose.BALANCE: __("Balance"),
    PaymentPurpose.BOND: __("Bond"),
    PaymentPurpose.UNMATCHED: __("Unmatched (refunded)"),
}

AUDIT_ACTIONS = {
    AuditAction.LISTING_APPROVE: __("Listing approved"),
    AuditAction.LISTING_REJECT: __("Listing rejected"),
    AuditAction.LISTING_REMOVE: __("Listing removed"),
    AuditAction.REPORT_UPHOLD: __("Fake report upheld"),
    AuditAction.REPORT_DISMISS: __("Fake report dismissed"),
    AuditAction.DISPUTE_REFUND: __("Dispute settled with a refund"),
    AuditAction.DISPUTE_RELEASE: __("Dispute settled for the buyer"),
    AuditAction.BOND_FORFEIT: __("Bond forfeited"),
    AuditAction.BUYER_VERIFY: __("Buyer verified"),
    AuditAction.BUYER_REJECT: __("Buyer application rejected"),
    AuditAction.BUYER_SUSPEND: __("Buyer suspended"),
    AuditAction.BUYER_LIFT: __("Suspension lifted"),
    AuditAction.BUYER_BAN: __("Buyer banned"),
    AuditAction.BUYER_UNBAN: __("Ban lifted"),
    AuditAction.BUYER_ID_DOCUMENT_PURGED: __("Identity document deleted (retention)"),
    AuditAction.ORDER_ADDRESS_VIEWED: __("Shipping address viewed (dispute)"),
    AuditAction.ORDER_ADDRESS_PURGED: __("Shipping address deleted (retention)"),
    AuditAction.PAYOUT_PAID: __("Payout paid"),
    AuditAction.PAYOUT_REFUSED: __("Payout refused"),
    AuditAction.REFUND_PAID: __("Customer refunded at the provider"),
    AuditAction.PAYOUT_DETAILS_VIEWED: __("Payout details viewed"),
    AuditAction.PAYOUT_DETAILS_PURGED: __("Payout details deleted (retention)"),
    AuditAction.RATE_SET: __("Exchange rate set"),
    AuditAction.WATCHLIST_ADD: __("Brand put on the watchlist"),
    AuditAction.WATCHLIST_REMOVE: __("Brand taken off the watchlist"),
    AuditAction.BRAND_ADD: __("Brand added"),
    AuditAction.BRAND_ALIAS_ADD: __("Brand name added"),
    AuditAction.BRAND_ALIAS_REMOVE: __("Brand name removed"),
    AuditAction.FEES_SET: __("Fees changed"),
    AuditAction.MODERATOR_DEACTIVATE: __("Moderator deactivated"),
    AuditAction.MODERATOR_REACTIVATE: __("Moderator reactivated"),
}

AUDIT_TARGETS = {
    AuditTarget.LISTING: __("Listing"),
    AuditTarget.REPORT: __("Fake report"),
    AuditTarget.ORDER: __("Order"),
    AuditTarget.USER: __("User"),
    AuditTarget.RATE: __("Exchange rate"),
    AuditTarget.BRAND: __("Brand"),
    AuditTarget.FEES: __("Fees"),
    AuditTarget.MODERATOR: __("Moderator"),
    AuditTarget.PAYOUT: __("Payout"),
}

# What core.domain.contacts hides in the parties' chat, by kind.
CONTACT_KINDS = {
    "phone": __("phone number"),
    "username": __("username"),
    "telegram": __("Telegram link"),
    "wechat": __("WeChat id"),
    "whatsapp": __("WhatsApp"),
    "qq": __("QQ number"),
    "line": __("LINE id"),
    "kakao": __("KakaoTalk id"),
    "signal": __("Signal id"),
    "instagram": __("Instagram account"),
    "email": __("e-mail address"),
    "payment": __("payment link"),
}

# The ledger's transfer kinds (core/services/money/ledger.py), stored as text.
TRANSFER_KINDS = {
    "capture": __("Payment into escrow"),
    "release": __("Release to the buyer"),
    "refund": __("Refund to the customer"),
    "bond_post": __("Bond posted"),
    "bond_release": __("Bond returned"),
    "bond_forfeit": __("Bond forfeited"),
    "refund_unmatched": __("Payment owed back"),
    "payout_hold": __("Payout asked for"),
    "earnings_paid": __("Payout sent"),
    "refund_paid": __("Refunded at the provider"),
    "payout_refused": __("Payout refused"),
}

CUSTOMS_FIELDS = {CustomsField.CN_ID_NUMBER: __("ID card number (居民身份证号)")}

ENUM_LABELS: dict[type[StrEnum], Mapping[Any, Any]] = {
    OrderState: ORDER_STATES,
    Action: ORDER_ACTIONS,
    Deadline: DEADLINES,
    Actor: ACTORS,
    ListingStatus: LISTING_STATUSES,
    BuyerStatus: BUYER_STATUSES,
    ReportStatus: REPORT_STATUSES,
    DisputeStatus: DISPUTE_STATUSES,
    ProposalStatus: PROPOSAL_STATUSES,
    ModeratorRole: MODERATOR_ROLES,
    OwnerKind: OWNER_KINDS,
    Purpose: ACCOUNT_PURPOSES,
    PaymentPurpose: PAYMENT_PURPOSES,
    PayoutKind: PAYOUT_KINDS,
    PayoutStatus: PAYOUT_STATUSES,
    PayoutMethodKind: PAYOUT_METHOD_KINDS,
}


def label(value: StrEnum) -> str:
    """The label of an enum member core stores: an order state, a listing status, an actor..."""
    return str(ENUM_LABELS[type(value)][value])


def _text_label(labels: Mapping[Any, Any], code: str) -> str:
    # An unknown code (written by a newer version, say) is shown as it is rather than hidden.
    found = labels.get(code)
    return code if found is None else str(found)


def category(code: str) -> str:
    return gettext(CATEGORY_NAMES[code]) if code in CATEGORY_NAMES else code


def customs_field(code: str) -> str:
    return _text_label(CUSTOMS_FIELDS, code)


def audit_action(code: str) -> str:
    return _text_label(AUDIT_ACTIONS, code)


def audit_target(code: str) -> str:
    return _text_label(AUDIT_TARGETS, code)


def transfer_kind(code: str) -> str:
    return _text_label(TRANSFER_KINDS, code)


def contact_kind(code: str) -> str:
    return _text_label(CONTACT_KINDS, code)


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def country(code: str) -> str:
    """The country's name in the UI language, e.g. `JP` → Japan, 日本."""
    return str(_locale(current_language()).territories.get(code, code))


def language_name(code: str) -> str:
    """A language's name in the UI language, e.g. `zh` → Chinese, 中文."""
    try:
        return _locale(code).get_display_name(_locale(current_language())) or code
    except (ValueError, UnknownLocaleError):
        return code
