"""Customers' search at 10,000, 100,000 and 1,000,000 listings.

    python -m bench.search                      # SQLite; with DATABASE_URL=postgres://... PostgreSQL too
    python -m bench.search --sizes 10000,100000 --searches 500
    python -m bench.search --sizes 1000000 --sqlite-file var/search-1m.sqlite3  # seeded once, timed again later
    DATABASE_URL=postgres://... python -m bench.search --sizes 1000000 --postgres-only --postgres-database search_1m

For each size, seeds a fresh SQLite file (and, when DATABASE_URL points at PostgreSQL, a freshly created
database that is dropped afterwards) with published listings in Chinese and English (bench/matching_seed.py;
the brands and their names are the ones the migrations seed), then times `search_listings` (a page of five, as
the bot shows) for a mix of searches: English words (a typo in a third of them), Chinese brand names alone or
with an item, common words, rare words (a model number); everywhere, and a quarter in Japan. Prints p50/p95
per kind and overall and writes them to docs/benchmarks.md. Target: p95 under 20 ms at 1,000,000, on each
database.
"""

import argparse
import asyncio
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
from tortoise.backends.base.executor import EXECUTOR_CACHE

from bench import matching_seed
from bench.admin_queue import _dsn, _fresh_postgres, _milliseconds, _on_database, _postgres_url, _postgres_version
from bench.report import machine, markdown_table, write_section
from core.config import load_settings, use_settings
from core.db import apply_migrations, database
from core.services.catalog.listings import search_listings

TARGET_MS = 20.0
WARM_UP = 5
PAGE = 5
SIZES = (10_000, 100_000, 1_000_000)
KINDS = ("English words", "Chinese brand names", "Common words", "Rare words")
COMMON = ["black bag", "new white", "limited edition", "shoulder bag black", "sneakers", "Japan only", "红色", "黑色"]


@dataclass(frozen=True, slots=True)
class Search:
    kind: str
    text: str
    country: str | None


def searches(count: int, seed: int = 13) -> list[Search]:
    """What customers type, of each kind in turn; a quarter of them in Japan only."""
    rng = random.Random(seed)
    found = []
    for n in range(count):
        kind = KINDS[n % len(KINDS)]
        en, zh, category = rng.choice(matching_seed.BRANDS)
        item_en, item_zh = rng.choice(matching_seed.ITEMS[category])
        colour_en, colour_zh = rng.choice(matching_seed.COLOURS)
        if kind == "English words":
            words = f"{en} {item_en} {colour_en}".split()
            text = " ".join(matching_seed._typo(word, rng) if rng.random() < 0.33 else word for word in words)
        elif kind == "Chinese brand names":
            text = rng.choice([zh, f"{zh}{item_zh}", f"求购{zh}", f"{zh} {colour_zh}"])
        elif kind == "Common words":
            text = rng.choice(COMMON)
        else:
            number = rng.randrange(1, 1_000_000)
            model = f"{chr(65 + number % 26)}{number % 9973}"
            text = rng.choice([model, f"{en} {model}", "porter tanker black", f"{item_en} {model}"])
        found.append(Search(kind, text, "JP" if rng.random() < 0.25 else None))
    return found


@dataclass(frozen=True, slots=True)
class Run:
    seeding_seconds: float
    timings: dict[str, list[float]]  # kind -> seconds per search
    answered: float  # share of searches that found at least one listing


async def _time_searches(planned: list[Search]) -> tuple[dict[str, list[float]], float]:
    timings: dict[str, list[float]] = {kind: [] for kind in KINDS}
    answered = 0
    for attempt, search in enumerate(planned[:WARM_UP] + planned):
        start = time.perf_counter()
        page = await search_listings(search.text, search.country, limit=PAGE)
        elapsed = time.perf_counter() - start
        if attempt >= WARM_UP:
            timings[search.kind].append(elapsed)
            answered += bool(page.items)
    return timings, answered / len(planned)


async def _run_on(url: str, size: int, count: int, seeded: bool = False) -> Run:
    EXECUTOR_CACHE.clear()  # Tortoise caches each model's INSERT per connection name, in the first dialect
    await apply_migrations(url)
    async with database(url):
        began = time.perf_counter()
        if not seeded:
            await matching_seed.seed(size)
        seeding = time.perf_counter() - began
        print(f"  seeded {size:,} listings in {seeding:.1f} s", file=sys.stderr)
        timings, answered = await _time_searches(searches(count))
        return Run(seeding, timings, answered)


def _report(runs: dict[tuple[str, int], Run], count: int, postgres_version: str | None, command: str) -> str:
    rows, missed = [], []
    for (db, size), run in runs.items():
        overall = [sample for samples in run.timings.values() for sample in samples]
        p50, p95 = _milliseconds(overall)
        per_kind = [f"{_milliseconds(run.timings[kind])[1]:.1f}" for kind in KINDS]
        seeding, answered = f"{run.seeding_seconds:.0f} s", f"{run.answered:.0%}"
        rows.append([db, f"{size:,}", seeding, answered, f"{p50:.1f}", f"{p95:.1f}", *per_kind])
        if p95 >= TARGET_MS:
            missed.append(f"{size:,} on {db}")
    extra = {"PostgreSQL": postgres_version} if postgres_version else {}
    verdict = f"Missed: {', '.join(missed)}." if missed else "Met."
    header = ["Database", "Listings", "Seeding", "Searches finding a listing", "p50 ms", "p95 ms"]
    header += [f"{kind} p95 ms" for kind in KINDS]
    return (
        "## Customers' search (`bench/search.py`)\n\n"
        + markdown_table(["", ""], [[name, value] for name, value in machine(command, **extra)])
        + f"\n{count} searches, one at a time, after {WARM_UP} not counted, each `search_listings` for a page of"
        f" {PAGE} listing rows with their photos (what the bot's search shows), a quarter in Japan, the rest"
        " everywhere: in turn English words (brand, item, colour; a typo in a third of the words), Chinese brand"
        ' names (alone, with an item, a colour or 求购), common words ("black bag", 黑色…) and rare words (model'
        ' numbers, "porter tanker black"). The listings are those of `bench.matching`, indexed for search too'
        " (titles everywhere, a description each). Target: p95 under"
        f" {TARGET_MS:.0f} ms at 1,000,000 listings, on each database. {verdict}\n\n" + markdown_table(header, rows)
    )


async def _on_sqlite(size: int, count: int, kept: tuple[Path, bool] | None) -> Run:
    """On a temporary file, or on the `kept` one (seeded there already, or not)."""
    if kept is None:
        with tempfile.TemporaryDirectory() as folder:
            return await _run_on(f"sqlite://{Path(folder) / 'bench.sqlite3'}", size, count)
    return await _run_on(f"sqlite://{kept[0]}", size, count, seeded=kept[1])


async def _kept_postgres(server_url: str, name: str) -> tuple[str, bool]:
    """The database `name` on the server, and whether it was there already (seeded by an earlier run)."""
    admin = await asyncpg.connect(_dsn(server_url, "postgres"))
    try:
        existed = bool(await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name))
        if not existed:
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return _on_database(server_url, name), existed


async def main(
    sizes: list[int],
    count: int,
    skip_sqlite_above: int,
    postgres_only: bool,
    kept: tuple[Path, bool] | None,
    kept_postgres: str | None,
) -> int:
    runs: dict[tuple[str, int], Run] = {}
    server = _postgres_url()
    version = await _postgres_version(server) if server else None
    for size in sizes:
        if size <= skip_sqlite_above and not postgres_only:
            print(f"SQLite, {size:,}…", file=sys.stderr)
            runs["SQLite", size] = await _on_sqlite(size, count, kept)
        if server and kept_postgres:
            print(f"PostgreSQL, {size:,}, in {kept_postgres}…", file=sys.stderr)
            url, seeded = await _kept_postgres(server, kept_postgres)
            runs["PostgreSQL", size] = await _run_on(url, size, count, seeded=seeded)
        elif server:
            print(f"PostgreSQL, {size:,}…", file=sys.stderr)
            async with _fresh_postgres(server) as url:
                runs["PostgreSQL", size] = await _run_on(url, size, count)
    command = " ".join(["python -m bench.search", *sys.argv[1:]])
    report = _report(runs, count, version, f"DATABASE_URL=postgres://… {command}" if server else command)
    print(report)
    write_section("bench.search", report)
    return 0


def _arguments() -> Any:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="listing counts, comma-separated")
    parser.add_argument("--searches", type=int, default=400, help="timed searches per size")
    parser.add_argument("--sqlite-up-to", type=int, default=max(SIZES), help="skip SQLite above this many listings")
    parser.add_argument("--postgres-only", action="store_true", help="skip SQLite")
    parser.add_argument("--sqlite-file", type=Path, help="seed SQLite into this file, or time the one seeded there")
    parser.add_argument(
        "--postgres-database", help="seed PostgreSQL into this database (kept), or time the one seeded there"
    )
    return parser.parse_args()


if __name__ == "__main__":
    arguments = _arguments()
    sizes = [int(size) for size in arguments.sizes.split(",")]
    kept = arguments.sqlite_file
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
    use_settings(load_settings())
    sys.exit(
        asyncio.run(
            main(
                sizes,
                arguments.searches,
                arguments.sqlite_up_to,
                arguments.postgres_only,
                kept and (kept, kept.exists()),
                arguments.postgres_database,
            )
        )
    )
