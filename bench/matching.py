"""Matching a request against 10,000, 100,000 and 1,000,000 listings.

    python -m bench.matching                    # SQLite; with DATABASE_URL=postgres://... PostgreSQL too
    python -m bench.matching --sizes 10000,100000 --requests 500

For each size, seeds a fresh SQLite file (and, when DATABASE_URL points at PostgreSQL, a freshly created
database that is dropped afterwards) with published listings in Chinese and English (bench/matching_seed.py),
then times `fitting_listings` (the listings a customer sees the moment a request is posted) for each request,
and `tell_buyers` (ranking 1,000 buyers and queuing the notices) for a tenth of them; prints p50/p95 and
writes them to docs/benchmarks.md. Target: fitting listings p95 under 20 ms at 1,000,000, on each database.
"""

import argparse
import asyncio
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tortoise.backends.base.executor import EXECUTOR_CACHE

from bench import matching_seed
from bench.admin_queue import _fresh_postgres, _milliseconds, _postgres_url, _postgres_version
from bench.report import machine, markdown_table, write_section
from core.config import load_settings, use_settings
from core.db import apply_migrations, database
from core.models.purchase_requests import PurchaseRequest
from core.models.users import User
from core.services.sourcing.matching import fitting_listings, tell_buyers

TARGET_MS = 20.0
WARM_UP = 5
SIZES = (10_000, 100_000, 1_000_000)


@dataclass(frozen=True, slots=True)
class Run:
    seeding_seconds: float
    listings: list[float]  # seconds per request
    buyers: list[float]
    answered: float  # share of requests shown at least one listing


async def _time_matching(requests: list[PurchaseRequest]) -> tuple[list[float], float]:
    samples, answered = [], 0
    for attempt, request in enumerate(requests[:WARM_UP] + requests):
        start = time.perf_counter()
        found = await fitting_listings(request)
        elapsed = time.perf_counter() - start
        if attempt >= WARM_UP:
            samples.append(elapsed)
            answered += bool(found)
    return samples, answered / len(requests)


async def _time_telling_buyers(requests: list[PurchaseRequest]) -> list[float]:
    customer = await User.create(
        id=matching_seed.BUYERS + 1, telegram_id=1, first_name="Customer", referral_code="customer"
    )
    samples = []
    for request in requests:
        saved = await PurchaseRequest.create(
            customer_id=customer.id,
            text=request.text,
            country=request.country,
            category=request.category,
            budget=request.budget,
            currency=request.currency,
            quantity=1,
            deadline=matching_seed.datetime.now(matching_seed.UTC) + matching_seed.timedelta(days=7),
        )
        start = time.perf_counter()
        await tell_buyers(saved)
        samples.append(time.perf_counter() - start)
    return samples


async def _run_on(url: str, size: int, request_count: int) -> Run:
    # Tortoise caches each model's INSERT statement per connection name, in the first database's dialect.
    EXECUTOR_CACHE.clear()
    await apply_migrations(url)
    async with database(url):
        began = time.perf_counter()
        await matching_seed.seed(size)
        seeding = time.perf_counter() - began
        print(f"  seeded {size:,} listings in {seeding:.1f} s", file=sys.stderr)
        requests = matching_seed.requests(request_count)
        listings, answered = await _time_matching(requests)
        buyers = await _time_telling_buyers(requests[: max(request_count // 10, 20)])
        return Run(seeding, listings, buyers, answered)


def _report(runs: dict[tuple[str, int], Run], request_count: int, postgres_version: str | None, command: str) -> str:
    rows, missed = [], []
    for (db, size), run in runs.items():
        p50, p95 = _milliseconds(run.listings)
        b50, b95 = _milliseconds(run.buyers)
        rows.append(
            [
                db,
                f"{size:,}",
                f"{run.seeding_seconds:.0f} s",
                f"{run.answered:.0%}",
                f"{p50:.1f}",
                f"{p95:.1f}",
                f"{b50:.1f}",
                f"{b95:.1f}",
            ]
        )
        if p95 >= TARGET_MS:
            missed.append(f"{size:,} on {db}")
    extra = {"PostgreSQL": postgres_version} if postgres_version else {}
    verdict = f"Missed: {', '.join(missed)}." if missed else "Met."
    header = [
        "Database",
        "Listings",
        "Seeding",
        "Requests shown a listing",
        "Listings p50 ms",
        "Listings p95 ms",
        "Buyers p50 ms",
        "Buyers p95 ms",
    ]
    return (
        "## Matching a request (`bench/matching.py`)\n\n"
        + markdown_table(["", ""], [[name, value] for name, value in machine(command, **extra)])
        + f"\n{request_count} requests (half English with a typo in a third of the words, half Chinese; a country,"
        " a budget in CNY compared through exchange rates, a category for half), one at a time, after"
        f' {WARM_UP} not counted. "Listings" is `fitting_listings`, what the customer sees at once;'
        ' "Buyers" is `tell_buyers` (1,000 verified buyers, the best 5 told) for a tenth of the requests.'
        f" Target: listings p95 under {TARGET_MS:.0f} ms at every size, on each database. {verdict}\n\n"
        + markdown_table(header, rows)
    )


async def main(sizes: list[int], request_count: int, skip_sqlite_above: int) -> int:
    runs: dict[tuple[str, int], Run] = {}
    server = _postgres_url()
    version = await _postgres_version(server) if server else None
    for size in sizes:
        if size <= skip_sqlite_above:
            print(f"SQLite, {size:,}…", file=sys.stderr)
            with tempfile.TemporaryDirectory() as folder:
                runs["SQLite", size] = await _run_on(f"sqlite://{Path(folder) / 'bench.sqlite3'}", size, request_count)
        if server:
            print(f"PostgreSQL, {size:,}…", file=sys.stderr)
            async with _fresh_postgres(server) as url:
                runs["PostgreSQL", size] = await _run_on(url, size, request_count)
    command = " ".join(["python -m bench.matching", *sys.argv[1:]])
    report = _report(runs, request_count, version, f"DATABASE_URL=postgres://… {command}" if server else command)
    print(report)
    write_section("bench.matching", report)
    return 0


def _arguments() -> Any:
    parser = argparse.ArgumentParser(prog="python -m bench.matching", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="listing counts, comma-separated")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per size")
    parser.add_argument("--sqlite-up-to", type=int, default=max(SIZES), help="skip SQLite above this many listings")
    return parser.parse_args()


if __name__ == "__main__":
    arguments = _arguments()
    sizes = [int(size) for size in arguments.sizes.split(",")]
    use_settings(load_settings())
    sys.exit(asyncio.run(main(sizes, arguments.requests, arguments.sqlite_up_to)))
