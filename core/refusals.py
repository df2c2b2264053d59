"""Every refusal core can make, declared once: its code, its kind of error, its parameters and who can meet it.

Front ends key their texts by these codes: the bot (`bot/error_texts.py`), the admin web (`admin_web/errors.py`)
and the `daigou` command (`core/cli_texts.py`). `seen_by` says which of them can show a refusal, so
`tests/test_refusals.py` can check that each has a text, translated, for each refusal it can show, and that
everything raised is declared here with exactly these parameters. A refusal seen by nobody is a bug or a
broken invariant when it happens: the front ends apologise in general words.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Flag, auto
from typing import Any

from core.domain.money import Money
from core.errors import (
    AlreadyPosted,
    Conflict,
    DomainError,
    Forbidden,
    IdempotencyConflict,
    InsufficientFunds,
    InvalidInput,
    InvalidState,
    NotFound,
    OutOfStock,
    PromptOutdated,
    Throttled,
)


class Audience(Flag):
    NOBODY = 0
    CHAT = auto()  # customers and buyers, in the bot
    MODERATORS = auto()  # in the admin web
    OPERATORS = auto()  # at the `daigou` command line


@dataclass(frozen=True, slots=True)
class Refusal:
    code: str
    kind: type[DomainError]
    params: tuple[str, ...] = ()
    seen_by: Audience = Audience.NOBODY
    amounts: tuple[str, ...] = ()  # parameters in integer minor units of the `currency` parameter


CHAT, MODERATORS, OPERATORS = Audience.CHAT, Audience.MODERATORS, Audience.OPERATORS
_RANGE = ("min", "max")


def _order_payment(code: str, payment: str, limit: str) -> Refusal:
    """An order's deposit or balance past the least or most Telegram takes in one payment (both amounts)."""
    return Refusal(code, InvalidInput, (payment, limit, "currency"), CHAT, amounts=(payment, limit))


_DECLARED = (
    # What people type
    Refusal("text.empty", InvalidInput, ("field",), CHAT | MODERATORS),
    Refusal("text.too_long", InvalidInput, ("field", "length", "max"), CHAT | MODERATORS | OPERATORS),
    Refusal("text.no_words", InvalidInput, ("field",), CHAT),
    Refusal("number.not_whole", InvalidInput, ("value",), CHAT),
    Refusal("money.not_a_number", InvalidInput, ("value",), CHAT | MODERATORS),
    Refusal("money.currency_missing", InvalidInput, (), CHAT),
    Refusal("money.unknown_currency", InvalidInput, ("currency",), CHAT | MODERATORS),
    Refusal("money.not_positive", InvalidInput, (), CHAT | MODERATORS),
    Refusal("money.negative", InvalidInput, (), CHAT),
    Refusal("money.too_many_decimals", InvalidInput, ("currency", "places"), CHAT | MODERATORS),
    # What Telegram's payments take (core/domain/payment_limits.py), for a price where it is set
    Refusal("money.currency_not_payable", InvalidInput, ("currency",), CHAT),
    Refusal("money.below_telegram_minimum", InvalidInput, ("min", "currency"), CHAT, amounts=("min",)),
    Refusal("money.above_telegram_maximum", InvalidInput, ("max", "currency"), CHAT, amounts=("max",)),
    _order_payment("money.deposit_below_telegram_minimum", "deposit", "min"),
    _order_payment("money.deposit_above_telegram_maximum", "deposit", "max"),
    _order_payment("money.balance_below_telegram_minimum", "balance", "min"),
    _order_payment("money.balance_above_telegram_maximum", "balance", "max"),
    Refusal("catalog.unknown_country", InvalidInput, ("country",), CHAT),
    # Shipping addresses (core/domain/addresses.py)
    Refusal("address.bad_phone", InvalidInput, (), CHAT),
    Refusal("address.bad_postcode", InvalidInput, ("country",), CHAT),
    Refusal("address.bad_cn_id_number", InvalidInput, (), CHAT),
    Refusal("address.customs_missing", InvalidInput, ("country",)),  # the wizard asks for every one
    Refusal("address.too_many", InvalidInput, ("max",), CHAT),
    Refusal("address.not_found", NotFound, (), CHAT),
    Refusal("address.not_settable", InvalidState, (), CHAT),
    Refusal("catalog.unknown_category", InvalidInput, ("category",), CHAT),
    Refusal("tracking.bad_format", InvalidInput, ("carrier", "example"), CHAT),
    Refusal("user.unknown_language", InvalidInput, ("language",), CHAT),
    Refusal("user.not_found", NotFound, (), MODERATORS),
    # Buyers and their bonds
    Refusal("buyer.not_a_buyer", Forbidden, (), CHAT),
    Refusal("buyer.not_verified", Forbidden, ("status",), CHAT),
    Refusal("buyer.already_applied", InvalidState, (), CHAT),
    Refusal("buyer.already_verified", InvalidState, (), CHAT),
    Refusal("buyer.suspended", InvalidState, (), CHAT),
    Refusal("buyer.banned", InvalidState, (), CHAT),
    Refusal("buyer.document_missing", InvalidInput, (), CHAT),
    Refusal("buyer.countries_count", InvalidInput, _RANGE, CHAT),
    Refusal("buyer.categories_count", InvalidInput, _RANGE, CHAT),
    Refusal("buyer.cities_count", InvalidInput, ("max",), CHAT),
    Refusal("buyer.not_found", NotFound, (), CHAT | MODERATORS),
    Refusal("buyer.reason_required", InvalidInput, (), MODERATORS),
    Refusal("buyer.invalid_decision", InvalidState, ("status", "to"), MODERATORS),
    Refusal("buyer.unknown_decision", InvalidInput, ("status",)),
    Refusal("follow.self", InvalidInput, (), CHAT),
    Refusal("follow.not_followable", Forbidden, (), CHAT),
    Refusal("payout.below_minimum", InvalidInput, ("minimum", "currency"), CHAT, amounts=("minimum",)),
    Refusal("payout.more_than_withdrawable", InvalidInput, ("max", "currency"), CHAT, amounts=("max",)),
    Refusal("payout.unknown_method_kind", InvalidInput, (), CHAT),
    Refusal("payout.method_not_found", NotFound, (), CHAT),
    Refusal("payout.no_method", InvalidState, (), CHAT),
    Refusal("payout.nothing_withdrawable", InvalidState, (), CHAT),
    Refusal("payout.bad_request_key", InvalidInput, ()),
    Refusal("payout.not_found", NotFound, (), MODERATORS),
    Refusal("payout.already_decided", Conflict, (), MODERATORS),
    Refusal("payout.refund_is_owed", InvalidState, (), MODERATORS),
    Refusal("bond.wrong_currency", InvalidInput, ("currency",), CHAT),
    Refusal("bond.held_by_moderation", Forbidden, (), CHAT),
    Refusal("bond.nothing_held", InvalidState, (), CHAT),
    Refusal("bond.orders_open", InvalidState, ("count",), CHAT),
    Refusal("bond.recent_orders", InvalidState, ("days",), CHAT),
    Refusal("bond.bad_amount", InvalidInput, ("max", "currency"), MODERATORS, amounts=("max",)),
    Refusal("bond.already_forfeited", Conflict, (), MODERATORS),
    Refusal("exposure.buyer_at_limit", Forbidden, (), CHAT),
    Refusal("exposure.bond_too_small", Forbidden, ("bond", "needed", "currency"), CHAT, amounts=("bond", "needed")),
    Refusal("exposure.no_rate", InvalidState, ("currency", "target"), CHAT),
    # Listings
    Refusal("listing.not_found", NotFound, (), CHAT | MODERATORS),
    Refusal("listing.not_yours", Forbidden, (), CHAT),
    Refusal("listing.not_editable", InvalidState, ("status",), CHAT),
    Refusal("listing.changed_meanwhile", InvalidState, (), CHAT),
    Refusal("listing.out_of_stock", OutOfStock, (), CHAT),
    Refusal("listing.photo_count", InvalidInput, _RANGE, CHAT),
    Refusal("listing.quantity_range", InvalidInput, _RANGE, CHAT),
    Refusal("listing.days_to_ship_range", InvalidInput, _RANGE, CHAT),
    Refusal("listing.invalid_decision", InvalidState, ("status", "to"), MODERATORS),
    Refusal("listing.unknown_decision", InvalidInput, ("status",)),
    # Purchase requests and offers
    Refusal("request.not_found", NotFound, (), CHAT),
    Refusal("request.not_yours", Forbidden, (), CHAT),
    Refusal("request.not_open", InvalidState, (), CHAT),
    Refusal("request.bad_link", InvalidInput, (), CHAT),
    Refusal("request.quantity_range", InvalidInput, _RANGE, CHAT),
    Refusal("request.photo_count", InvalidInput, ("max",), CHAT),
    Refusal("request.deadline_past", InvalidInput, (), CHAT),
    Refusal("request.deadline_too_far", InvalidInput, ("days",), CHAT),
    Refusal("offer.not_found", NotFound, (), CHAT),
    Refusal("offer.not_pending", InvalidState, (), CHAT),
    Refusal("offer.already_made", Conflict, (), CHAT),
    Refusal("offer.own_request", Forbidden, (), CHAT),
    Refusal("offer.days_to_ship_range", InvalidInput, _RANGE, CHAT),
    Refusal("offer.mixed_currencies", InvalidInput, (), CHAT),
    # Orders, their chat and their payments
    Refusal("order.not_found", NotFound, (), CHAT | MODERATORS),
    Refusal("order.not_a_party", Forbidden, (), CHAT),
    Refusal("order.own_item", Forbidden, (), CHAT),
    Refusal("order.invalid_transition", InvalidState, ("state", "action"), CHAT | MODERATORS),
    Refusal("order.actor_not_allowed", Forbidden, ("action", "actor"), CHAT),
    Refusal("order.changed_meanwhile", InvalidState, (), CHAT | MODERATORS),
    Refusal("order.prompt_outdated", PromptOutdated, ("order_id",), CHAT),
    Refusal("order.receipt_missing", InvalidInput, (), CHAT),
    Refusal("order.not_in_transit", InvalidState, (), CHAT),
    Refusal("order.tracking_unchanged", InvalidState, (), CHAT),
    Refusal("order.delivery_asked_already", InvalidState, (), CHAT),
    Refusal("order.delivery_not_yet_recently", InvalidState, ("hours",), CHAT),
    Refusal("order.delivery_not_asked", InvalidState, (), CHAT),
    Refusal("chat.closed", InvalidState, ("order_id",), CHAT),
    Refusal("payment.not_your_order", Forbidden, (), CHAT),
    Refusal("payment.not_your_invoice", Forbidden, (), CHAT),
    Refusal("payment.invoice_stale", InvalidState, (), CHAT),
    Refusal("payment.not_due", InvalidState, ("state",), CHAT),
    Refusal("payment.nothing_due", InvalidState, (), CHAT),
    Refusal("payment.wrong_amount", InvalidInput, ("expected", "currency"), CHAT, amounts=("expected",)),
    Refusal("payment.not_received", NotFound),  # the bot keeps every charge before it handles the update
    Refusal("payment.unknown_purpose", InvalidInput, ("purpose",)),
    Refusal("payment.charge_id_missing", InvalidInput),
    Refusal("ledger.insufficient_funds", InsufficientFunds, ("purpose", "needed"), CHAT | MODERATORS),
    Refusal("ledger.already_posted", AlreadyPosted, ("key",)),
    Refusal("ledger.idempotency_conflict", IdempotencyConflict, ("key",)),
    Refusal("ledger.bad_key", InvalidInput),
    Refusal("ledger.unbalanced", InvalidInput),
    # Disputes, reviews and reports
    Refusal("dispute.window_closed", InvalidState, ("days",), CHAT),
    Refusal("dispute.too_many_photos", InvalidInput, ("max",), CHAT),
    Refusal("dispute.refund_range", InvalidInput, ("max", "currency"), CHAT, amounts=("max",)),
    Refusal("dispute.closed", InvalidState, (), CHAT),
    Refusal("dispute.with_moderators", InvalidState, (), CHAT),
    Refusal("dispute.already_answered", InvalidState, (), CHAT),
    Refusal("dispute.buyer_only", Forbidden, (), CHAT),
    Refusal("dispute.own_proposal", Forbidden, (), CHAT),
    Refusal("dispute.proposal_answered", InvalidState, (), CHAT),
    Refusal("dispute.proposal_not_found", NotFound, (), CHAT),
    Refusal("dispute.not_open", InvalidState, ("state",), MODERATORS),
    Refusal("dispute.bad_refund", InvalidInput, ("max", "currency"), MODERATORS, amounts=("max",)),
    Refusal("review.stars_range", InvalidInput, _RANGE, CHAT),
    Refusal("review.not_your_order", Forbidden, (), CHAT),
    Refusal("review.order_not_completed", InvalidState, ("state",), CHAT),
    Refusal("review.already_reviewed", Conflict, (), CHAT),
    Refusal("review.not_found", NotFound, (), CHAT),
    Refusal("review.not_yours", Forbidden, (), CHAT),
    Refusal("review.already_replied", Conflict, (), CHAT),
    Refusal("report.not_your_order", Forbidden, (), CHAT),
    Refusal("report.nothing_bought_yet", InvalidState, ("state",), CHAT),
    Refusal("report.own_listing", Forbidden, (), CHAT),
    Refusal("report.already_open", Conflict, (), CHAT),
    Refusal("report.evidence_count", InvalidInput, ("max",), CHAT),
    Refusal("report.one_target", InvalidInput),
    Refusal("report.not_found", NotFound, (), MODERATORS),
    Refusal("report.already_resolved", InvalidState, ("status",), MODERATORS),
    # Moderators' settings and accounts
    Refusal("rate.same_currency", InvalidInput, (), MODERATORS),
    Refusal("rate.not_a_number", InvalidInput, (), MODERATORS),
    Refusal("rate.out_of_range", InvalidInput, (), MODERATORS),
    Refusal("fees.not_a_number", InvalidInput, ("field",), MODERATORS),
    Refusal("fees.deposit_range", InvalidInput, _RANGE, MODERATORS),
    Refusal("fees.platform_fee_range", InvalidInput, _RANGE, MODERATORS),
    Refusal("watchlist.already_watched", Conflict, ("brand",), MODERATORS),
    Refusal("watchlist.not_watched", NotFound, (), MODERATORS),
    Refusal("brand.name_taken", Conflict, ("name", "brand"), MODERATORS),
    Refusal("brand.not_found", NotFound, (), MODERATORS),
    Refusal("brand.alias_not_found", NotFound, (), MODERATORS),
    Refusal("brand.own_name", InvalidInput, (), MODERATORS),
    Refusal("login.failed", Forbidden, (), MODERATORS),
    Refusal("throttled", Throttled, ("retry_after",), MODERATORS),
    Refusal("moderator.admin_only", Forbidden, (), MODERATORS),
    Refusal("moderator.self_deactivation", Forbidden, (), MODERATORS),
    Refusal("moderator.not_found", NotFound, (), MODERATORS | OPERATORS),
    Refusal("moderator.already_active", InvalidState, (), MODERATORS | OPERATORS),
    Refusal("moderator.already_inactive", InvalidState, (), MODERATORS | OPERATORS),
    Refusal("moderator.exists", Conflict, ("username",), OPERATORS),
    Refusal("moderator.bad_username", InvalidInput, (), OPERATORS),
    Refusal("moderator.password_too_short", InvalidInput, ("min",), OPERATORS),
    Refusal("moderator.passwords_differ", DomainError, (), OPERATORS),
)


def _by_code(declared: Iterable[Refusal]) -> dict[str, Refusal]:
    by_code: dict[str, Refusal] = {}
    for refusal in declared:
        if by_code.setdefault(refusal.code, refusal) is not refusal:
            raise ValueError(f"the refusal {refusal.code} is declared twice")
    return by_code


REFUSALS = _by_code(_DECLARED)


def codes_seen_by(audience: Audience) -> frozenset[str]:
    """The codes of the refusals `audience` can meet: those its front end must have texts for."""
    return frozenset(code for code, refusal in REFUSALS.items() if audience in refusal.seen_by)


def shown_params(error: DomainError, show_money: Callable[[Money], str]) -> dict[str, Any]:
    """The error's parameters, with its amounts in minor units shown as money, the front end's way."""
    params = dict(error.params)
    refusal = REFUSALS.get(error.code)
    for name in refusal.amounts if refusal else ():
        params[name] = show_money(Money(int(params[name]), str(params["currency"])))
    return params
