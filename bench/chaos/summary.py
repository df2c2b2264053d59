"""The tables a chaos run prints: runs, faults injected per kind, violations per invariant, the notices repeated in
the outbox's documented window, and the failing seeds with how often each failed again when rerun.
"""

import json
import statistics
from collections import Counter
from dataclasses import dataclass, field

from bench.chaos.invariants import INVARIANTS
from bench.chaos.run import SeedResult
from bench.chaos.verdict import Violation
from bench.report import markdown_table

SHOWN_FAILURES = 10
LISTED_SEEDS = 60


def to_json(result: SeedResult) -> str:
    return json.dumps(
        {
            "seed": result.seed,
            "webhook": result.webhook,
            "seconds": result.seconds,
            "injected": result.injected,
            "violations": [[v.invariant, v.detail, v.cause] for v in result.violations],
            "repeats": result.repeats,
            "broken": result.broken,
            "payouts": result.payouts,
        }
    )


def from_json(line: str) -> SeedResult:
    data = json.loads(line)
    return SeedResult(
        data["seed"],
        data["webhook"],
        data["seconds"],
        Counter(data["injected"]),
        [Violation(*violation) for violation in data["violations"]],
        Counter(data["repeats"]),
        data["broken"],
        Counter(data.get("payouts", {})),
    )


@dataclass
class Summary:
    results: list[SeedResult]
    wall_seconds: float
    jobs: int
    faults: str  # the kinds switched on: all, none, or a list
    reruns: dict[int, list[SeedResult]] = field(default_factory=dict)

    @property
    def failing(self) -> list[SeedResult]:
        return [result for result in self.results if result.failed]

    def markdown(self) -> str:
        return "\n".join(
            (
                self._runs(),
                self._faults(),
                self._violations(),
                self._causes(),
                self._repeats(),
                self._payouts(),
                self._failures(),
                self._reruns(),
            )
        )

    def _runs(self) -> str:
        seconds = sorted(result.seconds for result in self.results)
        webhook = sum(result.webhook for result in self.results)
        rows = [
            ["seeds run", str(len(self.results))],
            ["faults", self.faults],
            ["bot mode", f"{len(self.results) - webhook} long polling, {webhook} webhook"],
            ["parallel jobs", str(self.jobs)],
            ["wall time", f"{self.wall_seconds:.0f} s"],
            [
                "seconds per seed",
                f"mean {statistics.fmean(seconds):.1f}, median {statistics.median(seconds):.1f},"
                f" p95 {seconds[int(0.95 * (len(seconds) - 1))]:.1f}, max {seconds[-1]:.1f}",
            ],
            ["seeds with a violation", str(len([r for r in self.results if r.violations]))],
            ["seeds the simulation itself broke on", str(len([r for r in self.results if r.broken]))],
        ]
        return "### Runs\n\n" + markdown_table(["", ""], rows)

    def _faults(self) -> str:
        count: Counter[str] = Counter()
        seeds: Counter[str] = Counter()
        for result in self.results:
            count.update(result.injected)
            seeds.update(kind for kind, times in result.injected.items() if times)
        rows = [[kind, str(count[kind]), str(seeds[kind])] for kind in sorted(count, key=lambda kind: -count[kind])]
        return "\n### Faults injected\n\n" + markdown_table(
            ["fault", "injected", "seeds"], rows or [["none", "0", "0"]]
        )

    def _violations(self) -> str:
        count: Counter[str] = Counter()
        seeds: Counter[str] = Counter()
        for result in self.results:
            invariants = [violation.invariant for violation in result.violations]
            count.update(invariants)
            seeds.update(set(invariants))
        rows = [[name, INVARIANTS[name], str(count[name]), str(seeds[name])] for name in INVARIANTS]
        return "\n### Violations per invariant\n\n" + markdown_table(["invariant", "", "violations", "seeds"], rows)

    def _causes(self) -> str:
        causes = Counter((v.invariant, v.cause) for result in self.results for v in result.violations if v.cause)
        if not causes:
            return ""
        rows = [[invariant, cause, str(times)] for (invariant, cause), times in sorted(causes.items())]
        return (
            "\n### Lost payments and updates by what lost them\n\n"
            "As far as a run can tell (bench/chaos/causes.py): a database error the bot logged for the update, else a"
            " kill of the bot soon after it arrived, else the moment the payment came in, else any other error logged"
            " for it.\n\n" + markdown_table(["invariant", "cause", "violations"], rows)
        )

    def _repeats(self) -> str:
        repeats: Counter[str] = Counter()
        for result in self.results:
            repeats.update(result.repeats)
        rows = [[cause, str(times)] for cause, times in sorted(repeats.items())] or [["none", "0"]]
        return (
            "\n### Notices Telegram got twice, in the outbox's documented window\n\n"
            "Counted, never hidden: a sender interrupted between Telegram's accept and the row marked sent.\n\n"
            + markdown_table(["sender interrupted by", "repeats"], rows)
        )

    def _payouts(self) -> str:
        payouts: Counter[str] = Counter()
        for result in self.results:
            payouts.update(result.payouts)
        seeds = sum(1 for result in self.results if result.payouts)
        rows = [[state, str(count)] for state, count in sorted(payouts.items())] or [["none", "0"]]
        return (
            "\n### Payouts and refunds worked through the queue\n\n"
            f"Buyers' payouts asked for through the bot and customers' refunds, as they stood at the end ({seeds}"
            " seeds had some).\n\n" + markdown_table(["kind and status", "count"], rows)
        )

    def _failures(self) -> str:
        if not self.failing:
            return "\nNo seed failed.\n"
        lines = []
        for result in self.failing[:SHOWN_FAILURES]:
            first = result.broken or f"{result.violations[0].invariant}: {result.violations[0].detail}"
            more = f" (+{len(result.violations) - 1} more)" if len(result.violations) > 1 else ""
            lines.append(f"- seed {result.seed} ({'webhook' if result.webhook else 'polling'}): {first}{more}")
        if len(self.failing) > SHOWN_FAILURES:
            lines.append(f"- ... and {len(self.failing) - SHOWN_FAILURES} more")
        seeds = ",".join(str(result.seed) for result in self.failing[:LISTED_SEEDS])
        if len(self.failing) > LISTED_SEEDS:
            seeds += ",..."
        return f"\n### Failing seeds\n\n{chr(10).join(lines)}\n\nThe failing seeds: `{seeds}`\n"

    def _reruns(self) -> str:
        if not self.reruns:
            return ""
        rows = []
        for seed, again in sorted(self.reruns.items()):
            failed = [result for result in again if result.failed]
            invariants = sorted({violation.invariant for result in failed for violation in result.violations})
            rows.append([str(seed), f"{len(failed)} of {len(again)}", ", ".join(invariants) or "-"])
        reproduced = sum(1 for again in self.reruns.values() if any(result.failed for result in again))
        return f"\n### Failing seeds rerun: {reproduced} of {len(self.reruns)} failed again\n\n" + markdown_table(
            ["seed", "failed again", "invariants broken again"], rows
        )
