"""What must hold after any seed, however it was hit: read from the database and from the sandbox's journal.

The sandbox is Telegram and the payment provider, so its journal is the outside truth: every charge it made,
every update it delivered and saw acknowledged, every call the bot made (and which of them met a fault). The
database is what the product believes. Each check adds the violations it finds, each a line a person can act on.
"""

from bench.chaos.conversations import answers, notices
from bench.chaos.records import charges, deadlines, ledger, payouts, stock
from bench.chaos.verdict import Evidence, Verdict
from core.models.ledger import Payment

INVARIANTS = {
    "charges": "every charge the provider made is recorded exactly once, and is in escrow, released or refunded",
    "ledger": "the ledger balances per currency, escrow equals the open holds, no balance is negative",
    "stock": "stock is conserved (sold + on sale = listed)",
    "deadlines": "no open order lacks a pending deadline",
    "payouts": "every payout and refund moved through the ledger once (never paid twice), waiting ones match the"
    " accounts, every refund owed is in the queue",
    "answers": "every update got an answer",
    "notices": "every notice reaches its person, twice only in the outbox's documented window",
}


async def check(evidence: Evidence) -> Verdict:
    verdict = Verdict()
    payments = await Payment.all()
    await charges(evidence.journal, evidence.causes, payments, verdict)
    await ledger(payments, verdict)
    await stock(evidence.listed, verdict)
    await deadlines(verdict)
    await payouts(verdict)
    answers(evidence, verdict)
    notices(evidence, verdict)
    return verdict
