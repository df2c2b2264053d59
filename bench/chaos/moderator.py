"""The moderator at work beside the stories, through the core services as the admin web calls them: now and then a
dispute settled (refund all, part or nothing) and a fake report decided.
"""

import asyncio
import logging
import random
from collections.abc import Awaitable

from bench.chaos.stage import Stage
from core.domain.disputes import DisputeStatus
from core.domain.money import Money
from core.domain.reports import ReportStatus
from core.errors import DomainError
from core.models.disputes import Dispute
from core.models.reports import FakeReport
from core.services.oversight import moderation
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


async def _decide(decision: Awaitable[object]) -> None:
    try:
        await decision
    except DomainError as refused:  # the case moved on meanwhile (say, the parties agreed first)
        log.info("moderator's decision refused: %s", refused.code)
