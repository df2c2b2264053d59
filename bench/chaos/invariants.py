"""What must hold after any seed, however it was hit: read from the database and from the sandbox's journal.

The sandbox is Telegram and the payment provider, so its journal is the outside truth: every charge it made,
every update it delivered and saw acknowledged, every call the bot made (and which of them met a fault). The
database is what the product believes. Each check returns the violations it found, each a line a person can
act on.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from bench.chaos.causes import Causes
from bench.chaos.disruptions import Interruption
from bench.chaos.notices import Content, Notice, content_of
from core.domain.deadlines import DEADLINE_OF_STATE
from core.domain.order_machine import FINAL_STATES, OrderState
from core.models.disputes import Dispute, DisputeStatus
from core.models.jobs import ScheduledJob
from core.models.ledger import Account, Entry, Payment, Purpose, Transfer
from core.models.listings import Listing
from core.models.orders import Order, OrderEvent
from core.services.deadlines import ORDER_DEADLINE
from core.services.disputes import ESCALATE
from core.services.orders import NOT_YET_BOUGHT
from sandbox.faults import CallFault
from sandbox.journal import Call, Journal

INVARIANTS = {
    "charges": "every charge the provider made is recorded exactly once, and is in escrow, released or refunded",
    "ledger": "the ledger balances per currency, escrow equals the open holds, no balance is negative",
    "stock": "stock is conserved (sold + on sale = listed)",
    "deadlines": "no open order lacks a pending deadline",
    "answers": "every update got an answer",
    "notices": "every notice reaches its person, twice only in the outbox's documented window",
}
# An invoice notice for a step no longer due is settled with the refusal's code and never sent: as designed.
NO_LONGER_DUE = frozenset({"payment.not_due", "payment.nothing_due"})
# A repeat is in the documented window when its sender was interrupted this soon after Telegram took the first copy
# (or just before: the journal notes a call when the sandbox has done it, the kill may land while it does).
WINDOW = 2.0
JUST_BEFORE = 0.1


@dataclass(frozen=True)
class Violation:
    invariant: str
    detail: str
    cause: str = ""  # for a lost update: what lost it, as far as the run can tell (causes.py)


@dataclass
class Verdict:
    violations: list[Violation] = field(default_factory=list)
    repeats: Counter[str] = field(default_factory=Counter)  # notices sent twice in the documented window, by cause

    def add(self, invariant: str, detail: str, cause: str = "") -> None:
        self.violations.append(Violation(invariant, detail, cause))


@dataclass(frozen=True)
class Evidence:
    """What the run knows besides the database."""

    journal: Journal
    listed: dict[int, int]  # listing id -> quantity put on sale
    flood_updates: set[int]  # messages sent in a deliberate flood, which flood control may drop as designed
    interruptions: list[Interruption]
    causes: Causes
    clock_jumps: list[float]  # when the fake clock jumped (time.monotonic())
    senders: frozenset[str]  # the processes that deliver the outbox
    notices: list[Notice]


async def check(evidence: Evidence) -> Verdict:
    verdict = Verdict()
    payments = await Payment.all()
    await charges(evidence.journal, evidence.causes, payments, verdict)
    await ledger(payments, verdict)
    await stock(evidence.listed, verdict)
    await deadlines(verdict)
    answers(evidence, verdict)
    notices(evidence, verdict)
    return verdict


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
        what = f"charge {charge_id} ({paid['total_amount']} {paid['currency']} for {paid['invoice_payload']})"
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


def answers(evidence: Evidence, verdict: Verdict) -> None:
    """A query is answered when the bot answered its id. A message is when the bot finished with it (its log says
    so) and then called anything about the chat that is not a notice: the journal cannot tell which message a
    reply answers, the bot's log can tell which messages it never finished (killed, or lost after acknowledging)."""
    journal = evidence.journal
    delivered: dict[int, float] = {}
    for delivery in journal.deliveries:
        delivered.setdefault(delivery.update_id, delivery.at)
    queries_answered = {call.query_id for call in journal.calls if call.query_id}
    notices = {(notice.chat_id, notice.content) for notice in evidence.notices}
    last_reply: dict[int, float] = {}
    for call in journal.calls:
        if call.chat_id is not None and (call.chat_id, content_of(call)) not in notices:
            last_reply[call.chat_id] = call.at
    finished = evidence.causes.bot_log.done
    for push in journal.pushes:
        kind = next(key for key in push.update if key != "update_id")
        payload = push.update[kind]
        if kind in ("callback_query", "pre_checkout_query"):
            answered = payload["id"] in queries_answered
        elif kind == "message" and push.update_id not in evidence.flood_updates:
            since = delivered.get(push.update_id, float("inf"))
            answered = push.update_id in finished and last_reply.get(payload["chat"]["id"], 0.0) > since
        else:
            continue
        if not answered:
            cause = evidence.causes.of(push.update_id)
            what = f"update {push.update_id} ({_described(kind, payload)} from {payload['from']['id']})"
            verdict.add("answers", f"{what} got no answer ({cause})", cause)


def _described(kind: str, payload: dict[str, object]) -> str:
    if kind == "callback_query":
        return f"a press of {payload.get('data')!r}"
    if kind != "message":
        return kind.replace("_", " ")
    if "successful_payment" in payload:
        return "a successful payment"
    return f"message {str(payload['text'])[:30]!r}" if "text" in payload else "a photo"


def notices(evidence: Evidence, verdict: Verdict) -> None:
    copies: defaultdict[tuple[int, Content], list[Call]] = defaultdict(list)
    for call in evidence.journal.calls:
        content = content_of(call)
        if call.done and call.chat_id is not None and content is not None:
            copies[(call.chat_id, content)].append(call)
    expected: defaultdict[tuple[int, Content], list[Notice]] = defaultdict(list)
    for notice in evidence.notices:
        what = f"notice {notice.id} ({notice.key}) to {notice.chat_id}"
        if not notice.settled:
            verdict.add("notices", f"{what} was never sent")
        elif notice.error is None:
            expected[(notice.chat_id, notice.content)].append(notice)
        elif notice.error not in NO_LONGER_DUE:
            verdict.add("notices", f"{what} was given up: {notice.error}")
    for seen, group in expected.items():
        sent = copies.get(seen, [])
        if not sent:
            for notice in group:
                verdict.add("notices", f"notice {notice.id} ({notice.key}) is marked sent but never reached {seen[0]}")
        elif seen[1][0] == "text" and len(sent) > len(group):
            _repeats(evidence, group[0], sent, len(sent) - len(group), verdict)


def _repeats(evidence: Evidence, notice: Notice, sent: list[Call], extra: int, verdict: Verdict) -> None:
    """Count repeats in the documented window by cause; any others are violations."""
    causes = Counter(cause for call in sent if (cause := _interrupted(evidence, call)))
    for cause, count in causes.items():
        explained = min(count, extra)
        if explained:
            verdict.repeats[cause] += explained
            extra -= explained
    if extra:
        verdict.add(
            "notices",
            f"notice {notice.id} ({notice.key}) reached {notice.chat_id} {extra} more time(s)"
            " with no interruption of its sender",
        )


def _interrupted(evidence: Evidence, call: Call) -> str | None:
    """Why the sender of a notice Telegram took may not have marked it sent: the answer was lost, or it was cut off."""
    if call.fault is CallFault.LOST_ANSWER:
        return "answer lost"
    for interruption in evidence.interruptions:
        if (
            interruption.processes & evidence.senders
            and interruption.start <= call.at + WINDOW
            and (interruption.end >= call.at)
        ):
            return "sender killed" if interruption.cause == "killed" else "database fault"
    return None
