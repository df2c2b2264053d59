"""A buyer's earnings and payouts, and a customer's refunds, as the bot shows and asks for them.

Asking for a payout moves the amount from the buyer's earnings to their pending payout account at once
(`ledger.hold_payout`), under the buyer's row lock, so two requests at the same moment cannot both take the
same money; the moderators then pay or refuse it (core/services/oversight/payouts.py).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from tortoise.expressions import Subquery
from tortoise.functions import Sum
from tortoise.transactions import in_transaction

from core import clock
from core.config import current_settings
from core.domain.ledger import OwnerKind, Purpose
from core.domain.money import Money
from core.domain.order_machine import FINAL_STATES
from core.domain.payouts import (
    DETAILS_MAX,
    PayoutKind,
    PayoutMethodKind,
    PayoutStatus,
    check_minimum,
    window_start,
    withdrawable,
)
from core.domain.text import clean_text
from core.errors import InvalidInput, InvalidState, NotFound
from core.models.ledger import Account, Entry
from core.models.orders import Order
from core.models.payouts import Payout, PayoutMethod
from core.models.users import User
from core.sealing import seal, unseal
from core.services.money import ledger
from core.services.runtime.pages import Page

HISTORY_PAGE = 10


@dataclass(frozen=True, slots=True)
class Earnings:
    """What /earnings shows, each a list of amounts per currency."""

    balance: tuple[Money, ...]  # in the earnings account
    withdrawable: tuple[Money, ...]  # of the balance, what may be asked for now
    in_dispute_window: tuple[Money, ...]  # of the balance, released too recently to be paid out
    in_escrow: tuple[Money, ...]  # paid on the buyer's open orders, not theirs yet
    asked_for: tuple[Money, ...]  # payout requests waiting for a moderator


@dataclass(frozen=True, slots=True)
class EarningsLine:
    """One movement of the earnings account; for a release, the order's price, the fee and what the buyer got."""

    kind: str  # the ledger transfer's kind: release, bond_release, payout_hold, payout_refused
    at: datetime
    received: Money  # signed: a payout request takes money out
    order_id: int | None = None
    title: str = ""
    price: Money | None = None  # released from escrow
    fee: Money | None = None


@dataclass(frozen=True, slots=True)
class SavedMethod:
    id: int
    kind: PayoutMethodKind
    details: str


@dataclass(frozen=True, slots=True)
class PayoutLine:
    """A payout or a refund as its owner reads it."""

    id: int
    kind: PayoutKind
    status: PayoutStatus
    amount: Money
    created_at: datetime
    decided_at: datetime | None
    reference: str
    reason: str
    order_id: int | None


def _per_currency(rows: list[tuple[str, int]]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for currency, amount in rows:
        totals[currency] += int(amount or 0)
    return totals


def _amounts(totals: dict[str, int]) -> tuple[Money, ...]:
    return tuple(Money(amount, currency) for currency, amount in sorted(totals.items()) if amount > 0)


async def _balances(key: ledger.AccountKey) -> dict[str, int]:
    return {money.currency: money.amount for money in await ledger.balances(key)}


async def _recent_releases(buyer_id: int) -> dict[str, int]:
    since = window_start(clock.now(), current_settings().dispute_window_days)
    rows = (
        await Entry.filter(
            account__owner_kind=OwnerKind.USER,
            account__owner_id=buyer_id,
            account__purpose=Purpose.EARNINGS,
            transfer__kind="release",
            transfer__created_at__gte=since,
        )
        .annotate(total=Sum("amount"))
        .group_by("account__currency")
        .values_list("account__currency", "total")
    )
    return _per_currency(rows)


async def _withdrawable(buyer_id: int) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Per currency: the earnings balance, what of it may be paid out, what waits for its dispute window."""
    balance = await _balances(ledger.earnings_of(buyer_id))
    recent = await _recent_releases(buyer_id)
    after_window = current_settings().payout_after_dispute_window
    free = {
        currency: withdrawable(amount, recent.get(currency, 0), after_window) for currency, amount in balance.items()
    }
    waiting = {currency: amount - free[currency] for currency, amount in balance.items()}
    return balance, free, waiting


async def earnings(buyer_id: int) -> Earnings:
    balance, free, waiting = await _withdrawable(buyer_id)
    open_orders = Order.filter(buyer_id=buyer_id).exclude(state__in=FINAL_STATES).values("id")
    escrow = await Account.filter(
        owner_kind=OwnerKind.ORDER, purpose=Purpose.ESCROW, owner_id__in=Subquery(open_orders), balance__gt=0
    ).values_list("currency", "balance")
    return Earnings(
        balance=_amounts(balance),
        withdrawable=_amounts(free),
        in_dispute_window=_amounts(waiting),
        in_escrow=_amounts(_per_currency(escrow)),
        asked_for=_amounts(await _balances(ledger.pending_payout_of(buyer_id))),
    )


async def earnings_history(buyer_id: int, before: int | None = None) -> Page[EarningsLine]:
    """The earnings account's movements, newest first, HISTORY_PAGE at a time."""
    query = Entry.filter(
        account__owner_kind=OwnerKind.USER, account__owner_id=buyer_id, account__purpose=Purpose.EARNINGS
    )
    if before is not None:
        query = query.filter(id__lt=before)
    entries = await query.order_by("-id").limit(HISTORY_PAGE + 1).prefetch_related("transfer")
    more = len(entries) > HISTORY_PAGE
    entries = entries[:HISTORY_PAGE]
    transfer_ids = [entry.transfer_id for entry in entries]
    legs = await Entry.filter(transfer_id__in=transfer_ids).values_list("transfer_id", "account__purpose", "amount")
    escrowed = {transfer: -amount for transfer, purpose, amount in legs if purpose == Purpose.ESCROW}
    fees = {transfer: amount for transfer, purpose, amount in legs if purpose == Purpose.FEES}
    order_ids = {entry.transfer.order_id for entry in entries if entry.transfer.order_id}
    titles = dict(await Order.filter(id__in=order_ids).values_list("id", "title"))
    lines = []
    for entry in entries:
        transfer, currency = entry.transfer, entry.transfer.currency
        released = entry.transfer_id in escrowed
        lines.append(
            EarningsLine(
                kind=transfer.kind,
                at=transfer.created_at,
                received=Money(entry.amount, currency),
                order_id=transfer.order_id,
                title=titles.get(transfer.order_id or 0, ""),
                price=Money(escrowed[entry.transfer_id], currency) if released else None,
                fee=Money(fees.get(entry.transfer_id, 0), currency) if released else None,
            )
        )
    return Page(tuple(lines), entries[-1].id if more else None)


async def save_method(user_id: int, kind: str, details: str) -> SavedMethod:
    try:
        method_kind = PayoutMethodKind(kind)
    except ValueError:
        raise InvalidInput("payout.unknown_method_kind") from None
    details = clean_text(details, "details", DETAILS_MAX)
    method = await PayoutMethod.create(user_id=user_id, kind=method_kind, details=seal(details))
    return SavedMethod(method.id, method.kind, details)


async def saved_methods(user_id: int) -> list[SavedMethod]:
    methods = await PayoutMethod.filter(user_id=user_id).order_by("id")
    return [SavedMethod(method.id, method.kind, unseal(method.details)) for method in methods]


async def saved_method(user_id: int, method_id: int) -> SavedMethod:
    method = await PayoutMethod.get_or_none(id=method_id, user_id=user_id)
    if method is None:
        raise NotFound("payout.method_not_found")
    return SavedMethod(method.id, method.kind, unseal(method.details))


async def delete_method(user_id: int, method_id: int) -> None:
    """Payouts asked for to it keep their own copy of its details until they are redacted."""
    if not await PayoutMethod.filter(id=method_id, user_id=user_id).delete():
        raise NotFound("payout.method_not_found")


@dataclass(frozen=True, slots=True)
class PayoutChoices:
    """What a buyer asking for a payout picks from: an amount up to `withdrawable`, one of `methods`."""

    withdrawable: tuple[Money, ...]
    methods: tuple[SavedMethod, ...]


async def payout_choices(buyer_id: int) -> PayoutChoices:
    """Asked before the payout questions: refused when there is nothing to ask for or nowhere to send it."""
    _, free, _ = await _withdrawable(buyer_id)
    if not any(free.values()):
        raise InvalidState("payout.nothing_withdrawable")
    methods = await saved_methods(buyer_id)
    if not methods:
        raise InvalidState("payout.no_method")
    return PayoutChoices(_amounts(free), tuple(methods))


async def check_payout(buyer_id: int, amount: Money) -> Money:
    """A payout the buyer may ask for now: at least the minimum, at most what is withdrawable (re-checked on asking)."""
    check_minimum(amount, current_settings().payout_minimums)
    _, free, _ = await _withdrawable(buyer_id)
    most = free.get(amount.currency, 0)
    if amount.amount > most:
        raise InvalidInput("payout.more_than_withdrawable", max=most, currency=amount.currency)
    return amount


async def request_payout(buyer_id: int, method_id: int, amount: Money, request_key: str) -> PayoutLine:
    """Ask for a payout to a saved method; the same `request_key` (the prompt confirmed) asks only once."""
    if not 1 <= len(request_key) <= 64:
        raise InvalidInput("payout.bad_request_key")
    async with in_transaction():
        # The buyer's row: a second request waits here until the first has taken its money (lock order 5).
        await User.filter(id=buyer_id).select_for_update(no_key=True).first()
        existing = await Payout.get_or_none(request_key=request_key)
        if existing is not None:
            return line_of(existing)
        method = await PayoutMethod.get_or_none(id=method_id, user_id=buyer_id)
        if method is None:
            raise NotFound("payout.method_not_found")
        await check_payout(buyer_id, amount)
        payout = await Payout.create(
            kind=PayoutKind.EARNINGS,
            user_id=buyer_id,
            amount=amount.amount,
            currency=amount.currency,
            request_key=request_key,
            method_kind=method.kind,
            details=method.details,  # sealed already: the payout's own copy
        )
        await ledger.hold_payout(f"payout:{payout.id}:hold", buyer_id, amount)
        return line_of(payout)


def line_of(payout: Payout) -> PayoutLine:
    return PayoutLine(
        id=payout.id,
        kind=payout.kind,
        status=payout.status,
        amount=payout.amount_money,
        created_at=payout.created_at,
        decided_at=payout.decided_at,
        reference=payout.reference,
        reason=payout.reason,
        order_id=payout.order_id,
    )


async def payouts_of(user_id: int, kind: PayoutKind, limit: int = 20) -> list[PayoutLine]:
    """The person's payouts (or refunds) of this kind, waiting ones first, then the newest."""
    rows = await Payout.filter(user_id=user_id, kind=kind).order_by("-id").limit(limit)
    return sorted((line_of(row) for row in rows), key=lambda line: line.status is not PayoutStatus.REQUESTED)
