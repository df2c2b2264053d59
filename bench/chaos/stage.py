"""What the stories of one seed share: the plan, the cast, the clock, the disruptor, and what they record for the
check (deliberate floods, payments' hostile moments, clock jumps).
"""

from collections import Counter
from dataclasses import dataclass, field

from bench.chaos.clock import FakeClock
from bench.chaos.disruptions import Disruptor
from bench.chaos.people import Person
from bench.chaos.plan import SeedPlan
from bench.chaos.world import World
from core.domain.deadlines import DEADLINE_OF_STATE
from core.models.orders import Order


@dataclass
class Stage:
    """What the stories of one seed share."""

    plan: SeedPlan
    world: World
    clock: FakeClock
    disruptor: Disruptor
    injected: Counter[str] = field(default_factory=Counter)
    flood_updates: set[int] = field(default_factory=set)  # sent in a deliberate flood: flood control may drop them
    moments: dict[int, str] = field(default_factory=dict)  # a successful payment's update id -> its hostile moment

    def buyer(self, account_id: int) -> Person:
        return next(person for person in self.world.buyers if person.account_id == account_id)

    async def time_passes(self, order: Order) -> None:
        """Jump the clock past the deadline the order waits on now."""
        deadline = DEADLINE_OF_STATE.get(order.state)
        due = getattr(order, deadline.value) if deadline else None
        if due is not None:
            await self.clock.advance_past(due)
            self.injected["clock jumps past a deadline"] += 1


async def now(order: Order) -> Order:
    """The order as it is now: a deadline, a moderator or a fault may have moved it since it was read."""
    await order.refresh_from_db()
    return order
