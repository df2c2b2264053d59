"""The escrow ledger: the one entry point for moving money.

Double-entry: every transfer is a set of entries in one currency that sums to zero, so the
balances of all accounts in a currency always sum to zero too. Each transfer carries an
idempotency key: posting the same key with the same content again returns the first
transfer and changes nothing; the same key with different content is refused. An action
whose own records (an audit entry, notices) must come with the money only the first time
posts with `once`: a key posted before, by an earlier or a concurrent call, is then refused
with `AlreadyPosted`, so the action rolls back with nothing of its own written.

Overdraft checks are conditional updates (`UPDATE ... WHERE balance >= amount`), which are
atomic on SQLite and PostgreSQL alike, unlike `select_for_update`, which SQLite ignores.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from core.domain.ledger import OwnerKind, Purpose
from core.domain.money import Money, check_currency
from core.domain.payouts import PayoutKind
from core.errors import AlreadyPosted, IdempotencyConflict, InsufficientFunds, InvalidInput
from core.metrics import REFUNDS
from core.models.ledger import Account, Entry, Transfer
from core.models.payouts import Payout
from core.services.runtime.transactions import on_commit


@dataclass(frozen=True, slots=True, order=True)
class AccountKey:
    owner_kind: OwnerKind
    owner_id: int
    purpose: Purpose

    @property
    def may_go_negative(self) -> bool:
        # Only the provider clearing account mirrors the outside world; every other
        # balance is money someone holds or is owed, and cannot be less than nothing.
        return self.purpose is Purpose.CLEARING


_REFUND_KINDS = frozenset({"refund", "refund_unmatched"})  # money owed back to a customer or payer

PLATFORM_ID = 0
CLEARING = AccountKey(OwnerKind.PLATFORM, PLATFORM_ID, Purpose.CLEARING)
FEES = AccountKey(OwnerKind.PLATFORM, PLATFORM_ID, Purpose.FEES)


def escrow_of(order_id: int) -> AccountKey:
    return AccountKey(OwnerKind.ORDER, order_id, Purpose.ESCROW)


def earnings_of(user_id: int) -> AccountKey:
    return AccountKey(OwnerKind.USER, user_id, Purpose.EARNINGS)


def refunds_of(user_id: int) -> AccountKey:
    return AccountKey(OwnerKind.USER, user_id, Purpose.REFUNDS)


def bond_of(user_id: int) -> AccountKey:
    return AccountKey(OwnerKind.USER, user_id, Purpose.BOND)


def pending_payout_of(user_id: int) -> AccountKey:
    return AccountKey(OwnerKind.USER, user_id, Purpose.PENDING_PAYOUT)


def _fingerprint(kind: str, currency: str, legs: Sequence[tuple[AccountKey, int]], order_id: int | None) -> str:
    body = {
        "kind": kind,
        "currency": currency,
        "order": order_id,
        "legs": sorted([k.owner_kind.value, k.owner_id, k.purpose.value, amount] for k, amount in legs),
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _replayed(existing: Transfer, fingerprint: str, key: str, once: bool) -> Transfer:
    if once:
        raise AlreadyPosted(key=key)
    if existing.fingerprint != fingerprint:
        raise IdempotencyConflict(key=key)
    return existing


async def _account(key: AccountKey, currency: str) -> Account:
    # A savepoint, so a lost creation race on PostgreSQL does not abort the outer transaction.
    async with in_transaction():
        account, _ = await Account.get_or_create(
            owner_kind=key.owner_kind, owner_id=key.owner_id, purpose=key.purpose, currency=currency
        )
    return account


async def post_transfer(
    key: str,
    kind: str,
    currency: str,
    legs: Sequence[tuple[AccountKey, int]],
    order_id: int | None = None,
    *,
    once: bool = False,
) -> Transfer:
    """Move money between accounts atomically; see the module docstring for the guarantees and `once`."""
    if not 1 <= len(key) <= 128:
        raise InvalidInput("ledger.bad_key")
    if len(legs) < 2 or any(amount == 0 for _, amount in legs) or sum(a for _, a in legs) != 0:
        raise InvalidInput("ledger.unbalanced")
    currency = Money(0, currency).currency
    fingerprint = _fingerprint(kind, currency, legs, order_id)
    existing = await Transfer.get_or_none(idempotency_key=key)
    if existing is not None:
        return _replayed(existing, fingerprint, key, once)
    try:
        async with in_transaction():
            transfer = await Transfer.create(
                idempotency_key=key, kind=kind, currency=currency, fingerprint=fingerprint, order_id=order_id
            )
            accounts = [(await _account(k, currency), k, amount) for k, amount in legs]
            # Touch rows in id order so concurrent transfers on PostgreSQL cannot deadlock.
            for account, account_key, amount in sorted(accounts, key=lambda item: item[0].id):
                rows = Account.filter(id=account.id)
                if amount < 0 and not account_key.may_go_negative:
                    rows = rows.filter(balance__gte=-amount)
                if not await rows.update(balance=F("balance") + amount):
                    raise InsufficientFunds(purpose=account_key.purpose.value, needed=-amount)
            await Entry.bulk_create(
                [Entry(transfer=transfer, account=account, amount=amount) for account, _, amount in accounts]
            )
    except IntegrityError:
        # Another task posted the same key between our look-up and our insert.
        return _replayed(await Transfer.get(idempotency_key=key), fingerprint, key, once)
    if kind in _REFUND_KINDS:
        on_commit(REFUNDS.labels(kind).inc)
    return transfer


async def balance(key: AccountKey, currency: str) -> int:
    account = await Account.get_or_none(
        owner_kind=key.owner_kind, owner_id=key.owner_id, purpose=key.purpose, currency=check_currency(currency)
    )
    return account.balance if account else 0


async def balances(key: AccountKey) -> list[Money]:
    """The account's non-zero balance in each currency it holds."""
    rows = await Account.filter(
        owner_kind=key.owner_kind, owner_id=key.owner_id, purpose=key.purpose, balance__gt=0
    ).values_list("currency", "balance")
    return [Money(amount, currency) for currency, amount in rows]


def _positive(amount: Money) -> None:
    if amount.amount <= 0:
        raise InvalidInput("money.not_positive")


async def capture_payment(key: str, order_id: int, amount: Money) -> Transfer:
    """Money paid by the customer enters the order's escrow."""
    _positive(amount)
    legs = [(CLEARING, -amount.amount), (escrow_of(order_id), amount.amount)]
    return await post_transfer(key, "capture", amount.currency, legs, order_id)


def release_split(amount: Money, fee_percent: Decimal) -> tuple[Money, Money]:
    """Money released to a buyer as (the platform fee, what the buyer receives): what notices and /earnings name."""
    fee = amount.percent(fee_percent)
    return fee, Money(amount.amount - fee.amount, amount.currency)


async def release_escrow(key: str, order_id: int, buyer_id: int, amount: Money, fee_percent: Decimal) -> Transfer:
    """Pay `amount` out of escrow to the buyer, keeping the platform fee on it."""
    _positive(amount)
    fee, earned = release_split(amount, fee_percent)
    legs = [(escrow_of(order_id), -amount.amount), (earnings_of(buyer_id), earned.amount)]
    if fee.amount:
        legs.append((FEES, fee.amount))
    return await post_transfer(key, "release", amount.currency, legs, order_id)


async def _owed_back(
    key: str, kind: str, customer_id: int, amount: Money, debit: AccountKey, order_id: int | None, once: bool = False
) -> Transfer:
    """Credit the customer's refunds account and, with it, the refund moderators pay at the provider
    (one per credit: a replayed transfer finds its refund)."""
    legs = [(debit, -amount.amount), (refunds_of(customer_id), amount.amount)]
    async with in_transaction():
        transfer = await post_transfer(key, kind, amount.currency, legs, order_id, once=once)
        if not await Payout.exists(source_id=transfer.id):
            try:
                async with in_transaction():  # a savepoint: a replay at the same moment made it first
                    await Payout.create(
                        kind=PayoutKind.REFUND,
                        user_id=customer_id,
                        amount=amount.amount,
                        currency=amount.currency,
                        source_id=transfer.id,
                        order_id=order_id,
                    )
            except IntegrityError:
                pass
        return transfer


async def refund_escrow(key: str, order_id: int, customer_id: int, amount: Money) -> Transfer:
    """Give escrowed money back to the customer; never more than the escrow holds."""
    _positive(amount)
    return await _owed_back(key, "refund", customer_id, amount, escrow_of(order_id), order_id)


async def refund_unmatched(key: str, payer_id: int, amount: Money) -> Transfer:
    """A charge no order or bond can take goes straight to what the platform owes the payer back."""
    _positive(amount)
    return await _owed_back(key, "refund_unmatched", payer_id, amount, CLEARING, None)


async def post_bond(key: str, buyer_id: int, amount: Money) -> Transfer:
    _positive(amount)
    legs = [(CLEARING, -amount.amount), (bond_of(buyer_id), amount.amount)]
    return await post_transfer(key, "bond_post", amount.currency, legs)


async def release_bond(key: str, buyer_id: int, amount: Money) -> Transfer:
    """Hand (part of) a bond back to the buyer who posted it."""
    _positive(amount)
    legs = [(bond_of(buyer_id), -amount.amount), (earnings_of(buyer_id), amount.amount)]
    return await post_transfer(key, "bond_release", amount.currency, legs)


async def forfeit_bond(
    key: str, buyer_id: int, customer_id: int, amount: Money, order_id: int | None = None, *, once: bool = False
) -> Transfer:
    """Take (part of) a buyer's bond to compensate a customer, e.g. for a counterfeit."""
    _positive(amount)
    return await _owed_back(key, "bond_forfeit", customer_id, amount, bond_of(buyer_id), order_id, once)


async def hold_payout(key: str, user_id: int, amount: Money) -> Transfer:
    """A buyer's payout request: the amount leaves their earnings for the pending payout account at once."""
    _positive(amount)
    legs = [(earnings_of(user_id), -amount.amount), (pending_payout_of(user_id), amount.amount)]
    return await post_transfer(key, "payout_hold", amount.currency, legs)


async def pay_out(key: str, kind: PayoutKind, user_id: int, amount: Money) -> Transfer:
    """A moderator paid it: the money leaves the platform through the provider's clearing account."""
    _positive(amount)
    owed = pending_payout_of(user_id) if kind is PayoutKind.EARNINGS else refunds_of(user_id)
    legs = [(owed, -amount.amount), (CLEARING, amount.amount)]
    return await post_transfer(key, f"{kind.value}_paid", amount.currency, legs, once=True)


async def return_payout(key: str, user_id: int, amount: Money) -> Transfer:
    """A moderator refused a payout: the money goes back to the buyer's earnings."""
    _positive(amount)
    legs = [(pending_payout_of(user_id), -amount.amount), (earnings_of(user_id), amount.amount)]
    return await post_transfer(key, "payout_refused", amount.currency, legs, once=True)
