"""`python -m bench.chaos --seeds N`: seeded runs of customers and buyers playing whole flows through the product's
real processes, with faults injected at random, and the invariants checked after each run (docs/reliability.md).

    python -m bench.chaos --seeds 20                                      # SQLite
    python -m bench.chaos --seeds 20 --database postgres://postgres@127.0.0.1:5432/postgres
    python -m bench.chaos --first-seed 1234 --seeds 1 --keep-logs          # rerun one seed, keeping its logs

Prints the tables (runs, faults per kind, violations per invariant, failing seeds and how often each failed again
when rerun) and exits with 1 when a seed broke an invariant.
"""

import argparse
import asyncio
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.chaos.databases import database_for
from bench.chaos.plan import Fault, faults_named
from bench.chaos.run import SeedResult, run_seed
from bench.chaos.summary import Summary, from_json, to_json
from bench.report import machine, markdown_table, write_section
from core.config import load_settings, use_settings
from core.db import database
from core.translations import compile_catalogs

ROOT = Path(__file__).resolve().parents[2]
LOGS = ROOT / "var" / "chaos"
RELIABILITY = ROOT / "docs" / "reliability.md"
MAX_RERUN_SEEDS = 20

log = logging.getLogger("bench.chaos")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.chaos", description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="how many seeds to run (default 10)")
    parser.add_argument("--first-seed", type=int, default=1, help="the first seed (default 1)")
    parser.add_argument("--jobs", type=int, default=1, help="seeds run at once, each job its own process (default 1)")
    parser.add_argument(
        "--database",
        default=os.environ.get("DATABASE_URL", ""),
        help="a PostgreSQL server (postgres://...) to make each seed's database on; default DATABASE_URL, else SQLite",
    )
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379/11", help="Redis for webhook seeds; each run's keys are its own"
    )
    parser.add_argument(
        "--faults",
        default="all",
        help=f"all (default), none, or some of: {', '.join(fault.value for fault in Fault)}",
    )
    parser.add_argument("--no-faults", action="store_true", help="calm runs, the same as --faults none")
    parser.add_argument("--rerun", type=int, default=1, help="run each failing seed again this many times")
    parser.add_argument("--keep-logs", action="store_true", help=f"keep every seed's process logs in {LOGS}")
    parser.add_argument("--write-docs", action="store_true", help=f"write the tables into {RELIABILITY.name}")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--seed-list", help=argparse.SUPPRESS)  # a parallel job's seeds: it prints a JSON line each
    args = parser.parse_args()
    args.kinds = frozenset() if args.no_faults else faults_named(args.faults)
    return args


async def _run_seeds(seeds: list[int], args: argparse.Namespace, done: Callable[[SeedResult], None]) -> None:
    """Seeds one after the other in this process, each told to `done` as it finishes."""
    chaos_database = database_for(args.database)
    await chaos_database.prepare()
    try:
        async with database(chaos_database.url):
            for seed in seeds:
                done(await run_seed(seed, chaos_database, args.kinds, args.redis, LOGS, args.keep_logs))
    finally:
        await chaos_database.close()


async def _in_parallel(seeds: list[int], args: argparse.Namespace) -> list[SeedResult]:
    """Seeds dealt out to `--jobs` worker processes (`--seed-list`), each printing a JSON line per seed."""
    if args.jobs == 1:
        results: list[SeedResult] = []

        def done(result: SeedResult) -> None:
            results.append(result)
            _progress(result)

        await _run_seeds(seeds, args, done)
        return results
    workers = []
    for job in range(args.jobs):
        share = seeds[job :: args.jobs]
        if share:
            command = [sys.executable, "-m", "bench.chaos", "--seed-list", ",".join(map(str, share)), *_passed_on(args)]
            workers.append(await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE, cwd=ROOT))
    gathered = await asyncio.gather(*(_collect(worker) for worker in workers))
    return [result for share in gathered for result in share]


def _passed_on(args: argparse.Namespace) -> list[str]:
    flags = ["--database", args.database, "--redis", args.redis, "--faults", _named(args.kinds)]
    flags += ["--keep-logs"] if args.keep_logs else []
    flags += ["--verbose"] if args.verbose else []
    return flags


async def _collect(worker: asyncio.subprocess.Process) -> list[SeedResult]:
    assert worker.stdout is not None
    results = []
    async for line in worker.stdout:
        results.append(from_json(line.decode()))
        _progress(results[-1])
    if await worker.wait() != 0:
        raise RuntimeError(f"a chaos worker exited with {worker.returncode}")
    return results


def _progress(result: SeedResult) -> None:
    verdict = "ok"
    if result.broken:
        verdict = f"broken: {result.broken}"
    elif result.violations:
        verdict = f"{len(result.violations)} violations ({', '.join(sorted({v.invariant for v in result.violations}))})"
    print(f"seed {result.seed}: {result.seconds:.1f} s, {verdict}", file=sys.stderr, flush=True)


def _named(kinds: frozenset[Fault]) -> str:
    if kinds == frozenset(Fault):
        return "all"
    return ",".join(sorted(kind.value for kind in kinds)) or "none"


def _command(args: argparse.Namespace) -> str:
    command = f"python -m bench.chaos --seeds {args.seeds} --first-seed {args.first_seed} --jobs {args.jobs}"
    if args.database:
        command += f" --database {args.database}"
    return command + f" --faults {_named(args.kinds)}"


async def _main(args: argparse.Namespace) -> int:
    started = time.monotonic()
    seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    results = await _in_parallel(seeds, args)
    summary = Summary(
        sorted(results, key=lambda result: result.seed), time.monotonic() - started, args.jobs, _named(args.kinds)
    )
    again = [result.seed for result in summary.failing[:MAX_RERUN_SEEDS]] * args.rerun
    for result in await _in_parallel(again, args) if again else []:
        summary.reruns.setdefault(result.seed, []).append(result)
    database_name = database_for(args.database).name
    title = f"Chaos on {database_name}, faults: {_named(args.kinds)}"
    facts = markdown_table(["", ""], [[name, value] for name, value in machine(_command(args))])
    text = f"## {title}\n\n{facts}\n{summary.markdown()}"
    print(text)
    if args.write_docs:
        write_section(f"chaos-{database_name.lower()}-{_named(args.kinds).replace(',', '-')}", text, RELIABILITY)
    return 1 if summary.failing else 0


def main() -> int:
    args = _arguments()
    use_settings(load_settings())  # the simulation's own calls into core (its product processes read their own)
    compile_catalogs()  # once, before the product's processes start (each would compile the same files at once)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("tortoise").setLevel(logging.WARNING)
    if args.seed_list:
        seeds = [int(seed) for seed in args.seed_list.split(",")]
        asyncio.run(_run_seeds(seeds, args, lambda result: print(to_json(result), flush=True)))
        return 0
    return asyncio.run(_main(args))


if __name__ == "__main__":
    sys.exit(main())
