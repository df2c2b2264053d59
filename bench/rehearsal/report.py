"""The rehearsal's report: each process (its command, port, exit code), the order's steps with timings, the checks."""

from dataclasses import dataclass
from pathlib import Path

from bench.rehearsal.checks import Check
from bench.rehearsal.launcher import Running
from bench.rehearsal.story import Steps
from bench.report import machine, markdown_table

DEPLOY_DOC = Path(__file__).resolve().parent.parent.parent / "docs" / "deploy.md"
SECTION = "bench.rehearsal"


@dataclass
class Release:
    command: str
    exit_code: int
    took: float = 0.0


def _exit(process: Running) -> str:
    code = process.exit_code
    return "still running" if code is None else f"{code}" if code >= 0 else f"{code} (killed by signal {-code})"


def render(
    release: Release, running: list[Running], steps: Steps, checks: list[Check], passed: bool, **versions: str
) -> str:
    facts = machine(
        "python -m bench.rehearsal",
        PostgreSQL=versions.get("postgres", "?"),
        Redis=versions.get("redis", "?"),
    )
    processes = [["release", f"`{release.command}`", "—", f"{release.exit_code} (ran {release.took:.1f} s)", "—"]]
    processes += [
        [
            process.name,
            f"`{process.command}`",
            str(process.port) if process.port is not None else "—",
            _exit(process),
            f"{process.stopped_in:.1f} s" if process.stopped_in is not None else "—",
        ]
        for process in running
    ]
    timings = [[name, f"{seconds:.2f} s"] for name, seconds in steps.timings]
    if steps.failed:
        timings.append([f"**stopped**: {steps.failed}", "—"])
    results = [["✅" if check.passed else "❌", check.what, check.seen] for check in checks]
    return (
        "### The last rehearsal (`python -m bench.rehearsal`)\n\n"
        + markdown_table(["", ""], [[name, value] for name, value in facts])
        + "\n"
        + markdown_table(["process", "command", "$PORT", "exit code after SIGTERM", "stopped in"], processes)
        + "\n"
        + markdown_table(["step of the order", "took"], timings)
        + "\n"
        + markdown_table(["", "check", "seen"], results)
        + f"\n**Result: {'PASS' if passed else 'FAIL'}**\n"
    )
