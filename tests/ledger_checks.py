"""The ledger's invariants, checked after every test: money is never lost or created."""

from collections import defaultdict

from core.domain.ledger import Purpose
from core.domain.payouts import PayoutKind, PayoutStatus
from core.models.ledger import Account, Entry, Transfer
from core.models.payouts import Payout


async def assert_ledger_balances() -> None:
    entries = await Entry.all().values("transfer_id", "account_id", "amount")
    per_transfer: dict[int, int] = defaultdict(int)
    per_account: dict[int, int] = defaultdict(int)
    for entry in entries:
        per_transfer[entry["transfer_id"]] += entry["amount"]
        per_account[entry["account_id"]] += entry["amount"]
    assert all(total == 0 for total in per_transfer.values()), "a transfer does not balance"
    assert await Transfer.all().count() == len(per_transfer), "a transfer has no entries"
    per_currency: dict[str, int] = defaultdict(int)
    for account in await Account.all():
        assert account.balance == per_account[account.id], f"account {account.id} drifted from its entries"
        if account.purpose is not Purpose.CLEARING:
            assert account.balance >= 0, f"{account.purpose} account {account.id} is negative"
        per_currency[account.currency] += account.balance
    assert all(total == 0 for total in per_currency.values()), f"balances do not sum to zero: {per_currency}"
    await assert_payouts_match_the_ledger()


async def assert_payouts_match_the_ledger() -> None:
    """Money waiting for a moderator is exactly what the waiting payouts and refunds say, per person and currency."""
    waiting: dict[tuple[Purpose, int, str], int] = defaultdict(int)
    for kind, user_id, currency, amount in await Payout.filter(status=PayoutStatus.REQUESTED).values_list(
        "kind", "user_id", "currency", "amount"
    ):
        purpose = Purpose.PENDING_PAYOUT if kind == PayoutKind.EARNINGS else Purpose.REFUNDS
        waiting[(purpose, user_id, currency)] += amount
    held = {
        (purpose, owner_id, currency): balance
        for purpose, owner_id, currency, balance in await Account.filter(
            purpose__in=(Purpose.PENDING_PAYOUT, Purpose.REFUNDS), balance__gt=0
        ).values_list("purpose", "owner_id", "currency", "balance")
    }
    assert held == dict(waiting), f"waiting payouts {dict(waiting)} do not match the accounts {held}"
