"""An operator's first steps: `daigou migrate` builds the schema from the committed migrations.

A model change without its migration fails here, before it reaches a real database.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
from tortoise import Tortoise
from tortoise.migrations.autodetector import MigrationAutodetector

from core.cli import main
from core.db import MIGRATIONS_MODULE, MODEL_MODULES
from core.domain.matching import DESCRIPTIONS, EVERYWHERE, index_key
from core.domain.photo_hash import chunks, to_signed
from tests.conftest import IS_POSTGRES
from tests.daigou_command import LOCALE_NAMES, daigou
from tests.test_config import SETTING_NAMES


def model_tables() -> set[str]:
    apps = Tortoise.apps
    assert apps is not None
    return {model._meta.db_table for model in apps["models"].values()}


async def test_models_and_committed_migrations_do_not_drift() -> None:
    apps = Tortoise.apps
    assert apps is not None
    apps_config = {
        "models": {"models": MODEL_MODULES, "default_connection": "default", "migrations": MIGRATIONS_MODULE}
    }
    changes = await MigrationAutodetector(apps, apps_config).changes()
    pending = [operation for writer in changes for operation in writer.operations]
    assert pending == [], "models changed without a migration: run `tortoise makemigrations -n <name>`"


def _asyncpg_dsn(url: str, database: str) -> str:
    """asyncpg wants postgresql:// and a database name; Tortoise also accepts postgres:// and asyncpg://."""
    return urlunsplit(urlsplit(url)._replace(scheme="postgresql", path=f"/{database}"))


async def _postgres_tables(url: str) -> set[str]:
    connection = await asyncpg.connect(_asyncpg_dsn(url, urlsplit(url).path[1:]))
    try:
        rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    finally:
        await connection.close()
    return {row["tablename"] for row in rows}


def _sqlite_tables(url: str) -> set[str]:
    with sqlite3.connect(url.removeprefix("sqlite://")) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.fixture
async def empty_database(tmp_path: Path) -> AsyncIterator[str]:
    """A new, empty database of the kind this run tests (a SQLite file, or a uniquely named PostgreSQL one)."""
    if not IS_POSTGRES:
        yield f"sqlite://{tmp_path / 'fresh' / 'daigou.sqlite3'}"
        return
    server_url = os.environ["DATABASE_URL"]
    name = f"daigou_migrate_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(_asyncpg_dsn(server_url, "postgres"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield _asyncpg_dsn(server_url, name).replace("postgresql://", "postgres://", 1)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture
def first_migrate(tmp_path: Path, empty_database: str, migrated_template: Path) -> tuple[str, str]:
    """`daigou migrate` run on a new, empty database: what it printed, and that database.

    On SQLite that run is the one that built the suite's migrated file (tests/daigou_command.py), and the
    database is a copy of it: the same command from the same empty start, without its seconds of CPU twice.
    """
    if IS_POSTGRES:
        done = daigou(tmp_path, "migrate", DATABASE_URL=empty_database)
        assert done.returncode == 0, done.stderr
        return done.stdout, empty_database
    copy = tmp_path / "daigou.sqlite3"
    shutil.copyfile(migrated_template, copy)
    return migrated_template.with_suffix(".out").read_text(), f"sqlite://{copy}"


@pytest.mark.e2e
@pytest.mark.postgres
async def test_migrate_builds_an_empty_database_and_then_has_nothing_to_do(
    tmp_path: Path, first_migrate: tuple[str, str]
) -> None:
    printed, database_url = first_migrate
    assert "Applied" in printed and "0001_initial" in printed

    tables = await _postgres_tables(database_url) if IS_POSTGRES else _sqlite_tables(database_url)
    assert model_tables() <= tables

    again = daigou(tmp_path, "migrate", DATABASE_URL=database_url)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "Database is up to date."


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEPOSIT_PERCENT", "abc"),
        ("DEPOSIT_PERCENT", "0"),
        ("PLATFORM_FEE_PERCENT", "120"),
        ("DATABASE_URL", "mysql://x"),
        ("ADMIN_PORT", "http"),
        ("SECRET_KEY", "too-short"),
        ("TELEGRAM_API_URL", "api.telegram.org"),
        ("REDIS_URL", "localhost:6379"),
    ],
)
def test_a_malformed_setting_stops_the_command_with_one_line_naming_it(
    tmp_path: Path, name: str, value: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The command's own entry point in this process: the settings are refused before anything needs a process.
    monkeypatch.chdir(tmp_path)
    for key in list(os.environ):
        if key.upper() in {*SETTING_NAMES, *LOCALE_NAMES}:
            monkeypatch.delenv(key)
    monkeypatch.setenv(name, value)

    returncode = main(["migrate"])

    assert returncode != 0
    stderr = capsys.readouterr().err
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert name in lines[0]
    assert not (tmp_path / "var").exists(), "nothing may be created before the settings are valid"


def migrate_up_to(database_url: str, target: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import asyncio, sys; from core.config import load_settings, use_settings; use_settings(load_settings()); "
        "from core.db import apply_migrations; asyncio.run(apply_migrations(*sys.argv[1:]))"
    )  # the settings as the `daigou` command installs them: data steps (0015) read them
    return subprocess.run(
        [sys.executable, "-c", code, database_url, target], capture_output=True, text=True, timeout=120, check=False
    )


_ORDERS_BEFORE_PROOF_CODES = [
    "INSERT INTO users (id, telegram_id, first_name, language, language_chosen, referral_code, created_at) VALUES "
    "(1, 101, 'Alice', 'en', false, 'ref-alice', '2026-11-01 00:00:00+00'), "
    "(2, 102, 'Bob', 'en', false, 'ref-bob', '2026-11-01 00:00:00+00')",
    *(
        "INSERT INTO orders (id, title, quantity, currency, item_price, service_fee, shipping_fee, total, "
        "deposit_amount, balance_amount, platform_fee_percent, days_to_ship, state, created_at, updated_at, "
        f"buyer_id, customer_id) VALUES ({n}, 'Porter bag', 1, 'JPY', 12800, 0, 0, 12800, 3840, 8960, '5.00', 7, "
        f"'{state}', '2026-11-01 00:00:00+00', '2026-11-01 00:00:00+00', 2, 1)"
        for n, state in enumerate(("awaiting_deposit", "deposit_paid", "completed"), start=1)
    ),
    "INSERT INTO listings (id, title, description, category, country, price, currency, stock, days_to_ship, status, "
    "created_at, updated_at, buyer_id) VALUES (1, 'Porter bag', 'New', 'bags', 'JP', 12800, 'JPY', 1, 7, 'active', "
    "'2026-11-01 00:00:00+00', '2026-11-01 00:00:00+00', 2)",
    # Stored with the four 16-bit chunks of before 0009: 0x8123_4567_89AB_CDEF as a signed BIGINT.
    "INSERT INTO photo_hashes (id, listing_id, buyer_id, file_id, crop_percent, hash, chunk0, chunk1, chunk2, chunk3, "
    f"created_at) VALUES (1, 1, 2, 'photo-1', 100, {to_signed(0x8123_4567_89AB_CDEF)}, 33059, 17767, 35243, 52719, "
    "'2026-11-01 00:00:00+00')",
]


@pytest.mark.e2e
@pytest.mark.postgres
async def test_an_existing_database_gets_purchase_proof_codes_and_photo_hashes_in_the_new_chunks(
    tmp_path: Path, empty_database: str
) -> None:
    older = migrate_up_to(empty_database, "models.0008_lookup_indexes")
    assert older.returncode == 0, older.stderr
    query = "SELECT state, proof_code FROM orders ORDER BY id"
    chunks_query = "SELECT hash, chunk0, chunk1, chunk2 FROM photo_hashes"
    if IS_POSTGRES:
        connection = await asyncpg.connect(_asyncpg_dsn(empty_database, urlsplit(empty_database).path[1:]))
        try:
            for statement in _ORDERS_BEFORE_PROOF_CODES:
                await connection.execute(statement)
            assert daigou(tmp_path, "migrate", DATABASE_URL=empty_database).returncode == 0
            codes = dict(await connection.fetch(query))
            photo_hash = tuple(await connection.fetchrow(chunks_query))
            indexes = {
                r[0] for r in await connection.fetch("SELECT indexdef FROM pg_indexes WHERE tablename = 'photo_hashes'")
            }
        finally:
            await connection.close()
    else:
        path = empty_database.removeprefix("sqlite://")
        with sqlite3.connect(path) as connection:
            for statement in _ORDERS_BEFORE_PROOF_CODES:
                connection.execute(statement)
        assert daigou(tmp_path, "migrate", DATABASE_URL=empty_database).returncode == 0
        with sqlite3.connect(path) as connection:
            codes = dict(connection.execute(query).fetchall())
            photo_hash = connection.execute(chunks_query).fetchone()
            indexes = {
                r[0] for r in connection.execute("SELECT sql FROM sqlite_master WHERE tbl_name = 'photo_hashes'")
            }

    assert codes["completed"] is None
    assert all(len(codes[state]) == 6 for state in ("awaiting_deposit", "deposit_paid"))
    assert codes["awaiting_deposit"] != codes["deposit_paid"]
    assert photo_hash[1:] == chunks(photo_hash[0])  # stored hashes are found by the new chunks
    # SQLite drops a table's indexes when it rebuilds it: each chunk still leads one, and a listing's own hashes
    # keep theirs.
    for leading in ("chunk0", "chunk1", "chunk2", "listing_id, crop_percent"):
        assert any(f"({leading}" in (index or "").replace('"', "") for index in indexes), leading


async def _run_sql(url: str, *statements: str) -> list[tuple[object, ...]]:
    """Run the statements on the database at `url`; the rows the last one returns."""
    if IS_POSTGRES:
        connection = await asyncpg.connect(_asyncpg_dsn(url, urlsplit(url).path[1:]))
        try:
            for statement in statements[:-1]:
                await connection.execute(statement)
            return [tuple(row) for row in await connection.fetch(statements[-1])]
        finally:
            await connection.close()
    with sqlite3.connect(url.removeprefix("sqlite://")) as connection:
        rows: list[tuple[object, ...]] = []
        for statement in statements:
            rows = connection.execute(statement).fetchall()
        return rows


def _moment(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


@pytest.mark.e2e
@pytest.mark.postgres
async def test_orders_already_waiting_for_a_deposit_get_24_hours_from_the_upgrade_to_pay_it(
    tmp_path: Path, empty_database: str
) -> None:
    older = migrate_up_to(empty_database, "models.0014_outbox")
    assert older.returncode == 0, older.stderr
    indexes = (
        "SELECT indexname FROM pg_indexes WHERE tablename = 'orders'"
        if IS_POSTGRES
        else "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'orders'"
    )
    indexes_before = set(await _run_sql(empty_database, *_ORDERS_BEFORE_PROOF_CODES[:4], indexes))

    upgraded_at = datetime.now(UTC)
    assert daigou(tmp_path, "migrate", DATABASE_URL=empty_database).returncode == 0

    deadlines = {state: due for state, due in await _run_sql(empty_database, "SELECT state, deposit_by FROM orders")}
    jobs = await _run_sql(empty_database, "SELECT kind, key, due_at FROM scheduled_jobs ORDER BY kind")
    assert deadlines["deposit_paid"] is None and deadlines["completed"] is None
    due = _moment(deadlines["awaiting_deposit"])
    assert upgraded_at + timedelta(hours=24) <= due <= datetime.now(UTC) + timedelta(hours=24)
    assert [(kind, key, _moment(at)) for kind, key, at in jobs] == [
        ("order.deadline", "1", due),
        ("order.reminder", "1:3", due - timedelta(hours=3)),
    ]
    # SQLite rebuilds a table to change a column's comment; the orders table must keep its indexes.
    assert set(await _run_sql(empty_database, indexes)) == indexes_before


_APPLICATIONS_BEFORE_RETENTION = [
    "INSERT INTO users (id, telegram_id, first_name, language, language_chosen, referral_code, created_at) VALUES "
    + ", ".join(
        f"({n}, {100 + n}, '{name}', 'en', false, 'ref-{n}', '2026-10-01 00:00:00+00')"
        for n, name in enumerate(("Waiting", "Verified", "Rejected"), start=1)
    ),
    *(
        "INSERT INTO buyer_profiles (user_id, status, countries, cities, categories, bio, id_document_file_id, "
        f"applied_at, decided_at) VALUES ({n}, '{status}', '[\"JP\"]', '[]', '[\"bags\"]', '', 'passport-{n}', "
        f"'2026-10-01 00:00:00+00', {decided})"
        for n, status, decided in (
            (1, "applied", "NULL"),
            (2, "verified", "'2026-10-02 00:00:00+00'"),
            (3, "rejected", "'2026-11-20 00:00:00+00'"),
        )
    ),
]


@pytest.mark.e2e
@pytest.mark.postgres
async def test_applications_decided_before_the_upgrade_get_their_identity_documents_purge_planned(
    tmp_path: Path, empty_database: str
) -> None:
    older = migrate_up_to(empty_database, "models.0018_listing_screening")
    assert older.returncode == 0, older.stderr
    await _run_sql(empty_database, *_APPLICATIONS_BEFORE_RETENTION, "SELECT 1")

    upgraded = daigou(tmp_path, "migrate", DATABASE_URL=empty_database, ID_DOCUMENT_RETENTION_DAYS="30")
    assert upgraded.returncode == 0, upgraded.stderr

    reviewed = dict(await _run_sql(empty_database, "SELECT user_id, reviewed_at FROM buyer_profiles"))
    jobs = await _run_sql(empty_database, "SELECT kind, key, due_at FROM scheduled_jobs ORDER BY key")
    assert reviewed[1] is None  # still waiting for a moderator: its clock starts at the decision
    assert _moment(reviewed[2]) == datetime(2026, 10, 2, tzinfo=UTC)
    # The verified buyer's document is past its 30 days: due at once, it goes at the scheduler's first round.
    assert [(kind, key, _moment(at)) for kind, key, at in jobs] == [
        ("buyer.id_document_purge", "2", datetime(2026, 11, 1, tzinfo=UTC)),
        ("buyer.id_document_purge", "3", datetime(2026, 12, 20, tzinfo=UTC)),
    ]


@pytest.mark.e2e
@pytest.mark.postgres
async def test_refunds_owed_before_the_upgrade_wait_in_the_payout_queue(tmp_path: Path, empty_database: str) -> None:
    older = migrate_up_to(empty_database, "models.0019_id_document_retention")
    assert older.returncode == 0, older.stderr
    await _run_sql(
        empty_database,
        _ORDERS_BEFORE_PROOF_CODES[0],
        "INSERT INTO ledger_accounts (owner_kind, owner_id, purpose, currency, balance) VALUES "
        "('user', 1, 'refunds', 'JPY', 3840), ('user', 1, 'refunds', 'USD', 0), "
        "('platform', 0, 'clearing', 'JPY', -3840)",
        "SELECT 1",
    )

    upgraded = daigou(tmp_path, "migrate", DATABASE_URL=empty_database)
    assert upgraded.returncode == 0, upgraded.stderr

    owed = await _run_sql(empty_database, "SELECT kind, status, user_id, amount, currency FROM payouts")
    assert [tuple(row) for row in owed] == [("refund", "requested", 1, 3840, "JPY")]


_WATCHLIST_BEFORE_BRANDS = [
    "INSERT INTO users (id, telegram_id, first_name, language, language_chosen, referral_code, created_at) VALUES "
    "(2, 102, 'Bob', 'en', false, 'ref-bob', '2026-11-01 00:00:00+00')",
    "INSERT INTO listings (id, title, description, category, country, price, currency, stock, days_to_ship, status, "
    "created_at, updated_at, buyer_id) VALUES (1, '吉田波特单肩包', 'Tanker series, black', 'bags', 'JP', 12800, "
    "'JPY', 1, 7, 'active', '2026-11-01 00:00:00+00', '2026-11-01 00:00:00+00', 2)",
    "INSERT INTO watched_brands (name, key, added_by, note, created_at) VALUES "
    "('Rolex', 'rolex', 'ada', 'Submariners', '2026-10-01 00:00:00+00'), "
    "('HERMES', 'hermes', 'mei', '', '2026-10-02 00:00:00+00')",
]


@pytest.mark.e2e
@pytest.mark.postgres
async def test_watched_brands_become_brands_on_the_watchlist_and_common_brands_arrive_with_their_names(
    tmp_path: Path, empty_database: str
) -> None:
    older = migrate_up_to(empty_database, "models.0019_id_document_retention")
    assert older.returncode == 0, older.stderr
    await _run_sql(empty_database, *_WATCHLIST_BEFORE_BRANDS, "SELECT 1")

    upgraded = daigou(tmp_path, "migrate", DATABASE_URL=empty_database)
    assert upgraded.returncode == 0, upgraded.stderr

    watched = await _run_sql(
        empty_database, "SELECT name, note, added_by, created_at FROM brands WHERE watched ORDER BY name"
    )
    assert [(name, note, by, _moment(at)) for name, note, by, at in watched] == [
        ("HERMES", "", "mei", datetime(2026, 10, 2, tzinfo=UTC)),  # the seed's Hermès joined it: one brand
        ("Rolex", "Submariners", "ada", datetime(2026, 10, 1, tzinfo=UTC)),
    ]
    names = await _run_sql(
        empty_database,
        "SELECT b.name, a.name FROM brand_aliases a JOIN brands b ON b.id = a.brand_id "
        "WHERE b.name IN ('HERMES', 'Shiseido', 'Porter') ORDER BY b.name, a.id",
    )
    assert [alias for brand, alias in names if brand == "HERMES"] == ["HERMES", "Hermès", "爱马仕", "エルメス"]
    assert {alias for brand, alias in names if brand == "Shiseido"} >= {"Shiseido", "资生堂"}
    assert {alias for brand, alias in names if brand == "Porter"} >= {"Porter", "波特", "吉田カバン"}
    # The listing published before is indexed for search: its title everywhere, its description too.
    searched = [index_key(EVERYWHERE, "波特"), index_key(DESCRIPTIONS, "tan")]
    counts = await _run_sql(
        empty_database, f"SELECT key, listings FROM listing_gram_counts WHERE key IN ({searched[0]}, {searched[1]})"
    )
    assert sorted(counts) == sorted([(searched[0], 1), (searched[1], 1)])
