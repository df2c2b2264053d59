"""The ledger's invariants, checked after every test: money is never lost or created."""

from collections import defaultdict

from core.domain.ledger import Purpose
from core.models.ledger import Account, Entry, Transfer


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
