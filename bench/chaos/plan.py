"""What a seed decides before anything runs: how the product is run, who plays, and how hard the world hits.

Everything is drawn from `random.Random(seed)`, so a seed names one workload and one fault schedule. Some seeds
are calm and some are storms: the rates themselves are drawn, so a thousand seeds cover both ends. A run may
switch kinds of fault off (`--faults`); the draws stay the same, so a seed keeps its workload whatever is off.
"""

import random
from dataclasses import dataclass
from enum import StrEnum

from sandbox.faults import FaultRates


class Fault(StrEnum):
    """The kinds of fault a run can inject; the first four hit infrastructure, the last three a payment's moment."""

    TELEGRAM = "telegram"  # 429, 5xx, timeouts and lost answers on the bot's calls; duplicated and overtaking updates
    KILLS = "kills"  # the bot or a scheduler killed (SIGKILL) at random moments, and restarted
    DATABASE = "database"  # connections dropped (PostgreSQL) or the write lock held too long (SQLite)
    SCHEDULERS = "schedulers"  # two scheduler processes at once
    FLOOD_FIRST = "flood"  # a burst of quick messages just before paying
    DEADLINE_RACE = "race"  # paying just as the fake clock passes the deadline the payment meets
    KILL_AFTER_ACK = "ack"  # the bot killed the moment it acknowledged the payment


HOSTILE_MOMENTS = (Fault.FLOOD_FIRST, Fault.DEADLINE_RACE, Fault.KILL_AFTER_ACK)
LABELS = {
    Fault.SCHEDULERS: "two schedulers at once",
    Fault.FLOOD_FIRST: "burst of quick messages before a payment",
    Fault.DEADLINE_RACE: "payment racing its deadline",
    Fault.KILL_AFTER_ACK: "bot killed after acknowledging a payment",
}


@dataclass(frozen=True)
class SeedPlan:
    seed: int
    faults: frozenset[Fault]  # empty: a calm run
    webhook: bool  # a webhook worker (with Redis for chat state and update claims) instead of long polling
    schedulers: int
    buyers: int
    customers: int
    telegram: FaultRates
    kills: int  # random SIGKILLs of the bot or a scheduler
    database_faults: int
    hostile_payment: float  # chance that a payment comes in one of the HOSTILE_MOMENTS (those switched on)

    @classmethod
    def draw(cls, seed: int, faults: frozenset[Fault] = frozenset(Fault)) -> "SeedPlan":
        rng = random.Random(seed)
        webhook = rng.random() < 0.4
        buyers, customers = rng.randint(2, 3), rng.randint(3, 5)
        storm = rng.random()  # 0: calm, 1: everything at its worst
        telegram = FaultRates(
            flood=rng.uniform(0, 0.04) * storm,
            server_error=rng.uniform(0, 0.04) * storm,
            timeout=rng.uniform(0, 0.02) * storm,
            lost_answer=rng.uniform(0, 0.03) * storm,
            duplicate=rng.uniform(0, 0.15),
            overtake=rng.uniform(0, 0.15) if webhook else 0.0,  # getUpdates answers in update_id order
        )
        schedulers = rng.choice((1, 2))
        kills = rng.choice((0, 1, 1, 2, 3))
        database_faults = rng.choice((0, 0, 1, 2))
        hostile_payment = rng.uniform(0.2, 0.6)
        return cls(
            seed,
            faults,
            webhook,
            schedulers=schedulers if Fault.SCHEDULERS in faults else 1,
            buyers=buyers,
            customers=customers,
            telegram=telegram if Fault.TELEGRAM in faults else FaultRates(),
            kills=kills if Fault.KILLS in faults else 0,
            database_faults=database_faults if Fault.DATABASE in faults else 0,
            hostile_payment=hostile_payment,
        )

    def hostile_moment(self, rng: random.Random) -> Fault | None:
        """The moment a payment comes in, drawn the same way whichever moments are switched on."""
        hostile, moment = rng.random() < self.hostile_payment, rng.choice(HOSTILE_MOMENTS)
        return moment if hostile and moment in self.faults else None


def faults_named(names: str) -> frozenset[Fault]:
    """`--faults`: "all", "none", or a comma list of Fault values."""
    if names == "all":
        return frozenset(Fault)
    if names == "none":
        return frozenset()
    return frozenset(Fault(name.strip()) for name in names.split(","))
