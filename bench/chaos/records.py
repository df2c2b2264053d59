"""The invariants read from the product's database, against what the sandbox (the payment provider) knows: every
charge recorded once and accounted for, the ledger balanced with escrow equal to the open holds, stock conserved,
a pending deadline for every open order, and every payout and refund moved through the ledger once.
"""

from collections import defaultdict

from bench.chaos.causes import Causes
from bench.chaos.verdict import Verdict
from core.domain.deadlines import DEADLINE_OF_STATE
from core.domain.disputes import DisputeStatus
from core.domain.ledger import Purpose
from core.domain.order_machine import FINAL_STATES, OrderState
from core.domain.payouts import PayoutKind, PayoutStatus
from core.models.disputes import Dispute
from core.models.jobs import ScheduledJob
from core.models.ledger import Account, Entry, Payment, Transfer
from core.models.listings import Listing
from core.models.orders import Order, OrderEvent
from core.models.payouts import Payout
from core.services.trade.deadlines import ORDER_DEADLINE
from core.services.trade.disputes import ESCALATE
from core.services.trade.orders import NOT_YET_BOUGHT
from sandbox.journal import Journal


async def charges(journal: Journal, causes: Causes, payments: list[Payment], verdict: Verdict) -> None:
    charged, update_of = {}, {}
    for push in journal.pushes:
        paid = (push.update.get("message") or {}).get("successful_payment")
        if paid:
            charged[paid["telegram_payment_charge_id"]] = paid
            update_of[paid["telegram_payment_charge_id"]] = push.update_id
    recorded = {payment.telegram_payment_charge_id: payment for payment in payments}
    transfers = set(await Transfer.all().values_list("idempotency_key", flat=True))
    for charge_id, paid in charged.items():
        amount = f"{paid['total_amount']} {paid['currency']}"
        what = f"charge {charge_id} ({amount} for {paid['invoice_payload']}, update {update_of[charge_id]})"
        payment = recorded.get(charge_id)
        if payment is None:
            cause = causes.of(update_of[charge_id])
            verdict.add("charges", f"{what} was never recorded ({cause})", cause)
        elif (payment.amount, payment.currency) != (paid["total_amount"], paid["currency"]):
            verdict.add("charges", f"{what} was recorded as {payment.amount} {payment.currency}")
        elif f"payment:{charge_id}" not in transfers:
            verdict.add("charges", f"{what} was recorded but never entered the ledger")
        elif payment.order_id and not payment.applied and f"payment:{charge_id}:unapplied" not in transfers:
            verdict.add("charges", f"{what} came too late for its order and was not refunded")
    for charge_id in recorded.keys() - charged.keys():
        verdict.add("charges", f"payment {charge_id} is recorded but the provider never charged it")


async def ledger(payments: list[Payment], verdict: Verdict) -> None:
    per_transfer: defaultdict[int, int] = defaultdict(int)
    per_account: defaultdict[int, int] = defaultdict(int)
    for entry in await Entry.all().values("transfer_id", "account_id", "amount"):
        per_transfer[entry["transfer_id"]] += entry["amount"]
        per_account[entry["account_id"]] += entry["amount"]
    for transfer_id, total in per_transfer.items():
        if total:
            verdict.add("ledger", f"transfer {transfer_id} does not balance (its entries sum to {total})")
    per_currency: defaultdict[str, int] = defaultdict(int)
    escrow: defaultdict[int, int] = defaultdict(int)
    for account in await Account.all():
        per_currency[account.currency] += account.balance
        if account.balance != per_account[account.id]:
            verdict.add(
                "ledger", f"account {account.id} holds {account.balance}, its entries {per_account[account.id]}"
            )
        if account.purpose is not Purpose.CLEARING and account.balance < 0:
            verdict.add("ledger", f"{account.purpose.value} account {account.id} is negative: {account.balance}")
        if account.purpose is Purpose.ESCROW:
            escrow[account.owner_id] += account.balance
    for currency, total in per_currency.items():
        if total:
            verdict.add("ledger", f"balances in {currency} sum to {total}, not 0")
    applied: defaultdict[int, int] = defaultdict(int)
    for payment in payments:
        if payment.order_id and payment.applied:
            applied[payment.order_id] += payment.amount
    for order in await Order.all():
        hold = 0 if order.state in FINAL_STATES else applied[order.id]
        if escrow[order.id] != hold:
            verdict.add(
                "ledger",
                f"order {order.id} ({order.state.value}) has {escrow[order.id]} {order.currency} in escrow,"
                f" its open hold is {hold}",
            )


async def stock(listed: dict[int, int], verdict: Verdict) -> None:
    closing = {
        event.order_id: event.from_state
        for event in await OrderEvent.filter(to_state__in=(OrderState.CANCELLED, OrderState.REFUNDED))
    }
    held: defaultdict[int, int] = defaultdict(int)
    for order in await Order.filter(listing_id__in=list(listed)):
        back_on_sale = order.state in (OrderState.CANCELLED, OrderState.REFUNDED) and closing.get(order.id) in (
            NOT_YET_BOUGHT
        )
        if not back_on_sale and order.listing_id is not None:
            held[order.listing_id] += order.quantity
    for listing in await Listing.filter(id__in=list(listed)):
        if listing.stock + held[listing.id] != listed[listing.id]:
            verdict.add(
                "stock",
                f"listing {listing.id}: {held[listing.id]} sold + {listing.stock} on sale,"
                f" but {listed[listing.id]} were listed",
            )


async def deadlines(verdict: Verdict) -> None:
    pending = set(await ScheduledJob.filter(done_at=None).values_list("kind", "key"))
    open_disputes = {dispute.order_id: dispute.id for dispute in await Dispute.filter(status=DisputeStatus.OPEN)}
    for order in await Order.exclude(state__in=FINAL_STATES):
        if order.state in DEADLINE_OF_STATE:
            needed = (ORDER_DEADLINE, str(order.id))
        elif order.id in open_disputes:
            needed = (ESCALATE, str(open_disputes[order.id]))
        elif order.state is OrderState.DISPUTED:
            continue  # escalated: in the moderators' queue, which has no deadline
        else:
            verdict.add("deadlines", f"order {order.id} stopped in {order.state.value}, which nothing moves on")
            continue
        if needed not in pending:
            verdict.add("deadlines", f"order {order.id} ({order.state.value}) has no pending {needed[0]} job")


# What a payout's ledger transfers are, by its status: asked for (earnings only), then paid or refused, never both.
_STEPS = {
    (PayoutKind.EARNINGS, PayoutStatus.REQUESTED): {"hold"},
    (PayoutKind.EARNINGS, PayoutStatus.PAID): {"hold", "paid"},
    (PayoutKind.EARNINGS, PayoutStatus.REFUSED): {"hold", "refused"},
    (PayoutKind.REFUND, PayoutStatus.REQUESTED): set(),
    (PayoutKind.REFUND, PayoutStatus.PAID): {"paid"},
}
_OWED_BACK = ("refund", "refund_unmatched", "bond_forfeit")  # transfers that credit a customer's refunds account


async def payouts(verdict: Verdict) -> None:
    """Each payout moved through the ledger once per step (so never paid twice); the money waiting for a moderator
    is exactly what the waiting payouts say; every refund the ledger owes is in the queue, once."""
    steps: defaultdict[int, list[str]] = defaultdict(list)
    for transfer in await Transfer.filter(idempotency_key__startswith="payout:").only("id", "idempotency_key"):
        _, payout_id, step = transfer.idempotency_key.split(":")
        steps[int(payout_id)].append(step)
    waiting: defaultdict[tuple[Purpose, int, str], int] = defaultdict(int)
    rows = await Payout.all()
    verdict.payouts.update(f"{payout.kind.value} {payout.status.value}" for payout in rows)
    for payout in rows:
        expected = _STEPS.get((payout.kind, payout.status))
        if expected is None or sorted(steps[payout.id]) != sorted(expected):
            verdict.add(
                "payouts",
                f"{payout.kind.value} payout {payout.id} ({payout.status.value}) has ledger steps {steps[payout.id]}",
            )
        if payout.status is PayoutStatus.REQUESTED:
            purpose = Purpose.PENDING_PAYOUT if payout.kind is PayoutKind.EARNINGS else Purpose.REFUNDS
            waiting[(purpose, payout.user_id, payout.currency)] += payout.amount
    held = {
        (account.purpose, account.owner_id, account.currency): account.balance
        for account in await Account.filter(purpose__in=(Purpose.PENDING_PAYOUT, Purpose.REFUNDS), balance__gt=0)
    }
    for key in held.keys() | waiting.keys():
        if held.get(key, 0) != waiting.get(key, 0):
            purpose, user_id, currency = key
            verdict.add(
                "payouts",
                f"user {user_id}'s {purpose.value} account holds {held.get(key, 0)} {currency},"
                f" its waiting payouts {waiting.get(key, 0)}",
            )
    sources = [payout.source_id for payout in rows if payout.source_id is not None]
    for owed in await Transfer.filter(kind__in=_OWED_BACK).only("id"):
        if sources.count(owed.id) != 1:
            verdict.add("payouts", f"refund transfer {owed.id} is in the queue {sources.count(owed.id)} times")
