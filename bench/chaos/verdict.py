"""A run's verdict and the evidence it is judged on, shared by the checks (records.py, conversations.py)."""

from collections import Counter
from dataclasses import dataclass, field

from bench.chaos.causes import Causes
from bench.chaos.disruptions import Interruption
from bench.chaos.notices import Notice
from sandbox.journal import Journal


@dataclass(frozen=True)
class Violation:
    invariant: str
    detail: str
    cause: str = ""  # for a lost update: what lost it, as far as the run can tell (causes.py)


@dataclass
class Verdict:
    violations: list[Violation] = field(default_factory=list)
    repeats: Counter[str] = field(default_factory=Counter)  # notices sent twice in the documented window, by cause
    payouts: Counter[str] = field(default_factory=Counter)  # payouts and refunds at the end, by "kind status"

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
