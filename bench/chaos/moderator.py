"""The moderator at work beside the stories, through the core services as the admin web calls them: now and then a
dispute settled (refund all, part or nothing), a fake report decided, and the oldest payout or refund in the queue
paid or (a buyer's payout) refused, sometimes with a double click.
"""

import asyncio
import logging
import random
from collections.abc import Awaitable

from bench.chaos.stage import Stage
from core.domain.disputes import DisputeStatus
from core.domain.money import Money
from core.domain.payouts import PayoutKind, PayoutStatus
from core.domain.reports import ReportStatus
from core.errors import DomainError
from core.models.disputes import Dispute
from core.models.payouts import Payout
from core.models.reports import FakeReport
from core.services.oversight import moderation, payouts
from core.services.trade import orders

log = logging.getLogger(__name__)


async def moderate(stage: Stage, rng: random.Random) -> None:
    """Until cancelled."""
    moderator = stage.world.moderator_id
    while True:
        await asyncio.sleep(rng.uniform(0.2, 0.8))
        disputed = await Dispute.filter(status__in=(DisputeStatus.OPEN, DisputeStatus.ESCALATED)).first()
        if disputed is not None and rng.random() < 0.5:
            order = await orders.get_order(disputed.order_id)
            held = (await orders.escrow_balance(order)).amount
            refund = rng.choice((None, Money(held // 2, order.currency), Money(0, order.currency)))
            await _decide(moderation.settle_dispute(moderator, order.id, refund, "Decided on the evidence."))
        report = await FakeReport.filter(status=ReportStatus.OPEN).first()
        if report is not None and rng.random() < 0.5:
            uphold = rng.random() < 0.3
            await _decide(moderation.resolve_report(moderator, report.id, uphold, "Checked against the photos."))
        waiting = await Payout.filter(status=PayoutStatus.REQUESTED).order_by("id").first()
        if waiting is not None and rng.random() < 0.5:
            await _work_payout(moderator, waiting, rng)


async def work_payout_queue(stage: Stage, rng: random.Random) -> None:
    """Once the stories end: every payout and refund still waiting, oldest first."""
    for waiting in await Payout.filter(status=PayoutStatus.REQUESTED).order_by("id"):
        await _work_payout(stage.world.moderator_id, waiting, rng)


async def _work_payout(moderator: int, waiting: Payout, rng: random.Random) -> None:
    def decision() -> Awaitable[object]:
        if waiting.kind is PayoutKind.REFUND or rng.random() < 0.7:
            return payouts.mark_paid(moderator, waiting.id, f"chaos-{waiting.id}")
        return payouts.refuse(moderator, waiting.id, "The account name does not match.")

    clicks = 2 if rng.random() < 0.2 else 1
    await asyncio.gather(*(_decide(decision()) for _ in range(clicks)))


async def _decide(decision: Awaitable[object]) -> None:
    try:
        await decision
    except DomainError as refused:  # the case moved on meanwhile (say, the parties agreed first)
        log.info("moderator's decision refused: %s", refused.code)
