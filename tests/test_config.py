"""An operator configures Daigou through fixed environment names or a `.env` file."""

from decimal import Decimal
from ipaddress import ip_network
from pathlib import Path

import pytest
from pydantic import SecretStr

from core.config import ConfigError, Settings, load_settings

# Fixed: operators and deployment tools rely on these names.
SETTING_NAMES = (
    "DATABASE_URL",
    "REDIS_URL",
    "BOT_TOKEN",
    "PAYMENT_PROVIDER_TOKEN",
    "TELEGRAM_API_URL",
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "WEBHOOK_HOST",
    "WEBHOOK_PORT",
    "ADMIN_HOST",
    "ADMIN_PORT",
    "TRUSTED_PROXIES",
    "PHOTO_CACHE_DIR",
    "PHOTO_CACHE_MB",
    "SCHEDULER_HOST",
    "SCHEDULER_PORT",
    "SECRET_KEY",
    "DEPOSIT_PERCENT",
    "PLATFORM_FEE_PERCENT",
    "RISK_HOLD_THRESHOLD",
    "REPORTS_TO_HIDE",
    "BOND_EXPOSURE_MULTIPLE",
    "BOND_CURRENCY",
    "BOND_TOP_UPS",
    "MATCH_BUYERS_PER_REQUEST",
    "MATCH_CUSTOMERS_PER_LISTING",
    "MATCH_NOTICES_PER_DAY",
    "DISPUTE_WINDOW_DAYS",
    "DISPUTE_AGREEMENT_HOURS",
    "PAYOUT_MINIMUMS",
    "PAYOUT_AFTER_DISPUTE_WINDOW",
    "DEPOSIT_HOURS",
    "PURCHASE_DAYS",
    "BALANCE_DAYS",
    "CONFIRM_DAYS_AFTER_DELIVERY",
    "CONFIRM_DAYS_AFTER_SHIPPING",
    "OFFER_VALID_HOURS",
    "REMINDER_HOURS",
    "SCHEDULER_INTERVAL_SECONDS",
    "UPDATES_IN_FLIGHT",
    "LOG_LEVEL",
    "LOG_FORMAT",
    "SENTRY_DSN",
    "ID_DOCUMENT_RETENTION_DAYS",
    "PERSONAL_DATA_KEYS",
    "PERSONAL_DATA_RETENTION_DAYS",
)


@pytest.fixture(autouse=True)
def bare_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No Daigou setting in the environment, and a working folder without a `.env`."""
    for name in (*SETTING_NAMES, "PORT"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_with_nothing_configured_it_runs_embedded_on_a_sqlite_file_under_var() -> None:
    settings = load_settings()

    assert settings.database_url.get_secret_value() == "sqlite://var/daigou.sqlite3"
    assert settings.redis_url is None
    assert settings.bot_token is None
    assert settings.telegram_api_url == "https://api.telegram.org"
    assert (settings.webhook_url, settings.webhook_secret) == (None, None)  # the bot polls
    assert (settings.admin_host, settings.admin_port) == ("127.0.0.1", 8080)
    assert (settings.scheduler_host, settings.scheduler_port) == ("127.0.0.1", 8089)
    assert settings.secret_key is None
    assert settings.deposit_percent == Decimal(30)
    assert settings.platform_fee_percent == Decimal(5)
    assert (settings.risk_hold_threshold, settings.reports_to_hide) == (50, 3)
    assert settings.bond_exposure_multiple == 3  # open orders up to three times the bond
    assert (settings.bond_currency, settings.bond_top_ups) == ("CNY", (1000, 3000, 10000))
    assert (settings.dispute_window_days, settings.dispute_agreement_hours) == (7, 48)
    assert (settings.log_level, settings.log_format) == ("INFO", "text")


def test_a_dotenv_file_in_the_working_folder_is_read(bare_environment: Path) -> None:
    (bare_environment / ".env").write_text(
        "DATABASE_URL=postgres://daigou@db.internal:5432/daigou\nBOT_TOKEN=123456:abc\nDEPOSIT_PERCENT=25\n"
    )

    settings = load_settings()

    assert settings.database_url.get_secret_value() == "postgres://daigou@db.internal:5432/daigou"
    assert settings.bot_token is not None and settings.bot_token.get_secret_value() == "123456:abc"
    assert settings.deposit_percent == Decimal(25)


def test_the_environment_wins_over_the_dotenv_file(bare_environment: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (bare_environment / ".env").write_text("DEPOSIT_PERCENT=25\n")
    monkeypatch.setenv("DEPOSIT_PERCENT", "40")

    assert load_settings().deposit_percent == Decimal(40)


@pytest.mark.parametrize(
    ("name", "value", "attribute", "expected"),
    [
        ("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/daigou", "database_url", None),
        ("REDIS_URL", "redis://127.0.0.1:6379/0", "redis_url", None),
        ("BOT_TOKEN", "123456:secret", "bot_token", None),
        ("TELEGRAM_API_URL", "http://127.0.0.1:8081/", "telegram_api_url", "http://127.0.0.1:8081"),
        ("WEBHOOK_HOST", "0.0.0.0", "webhook_host", None),
        ("WEBHOOK_PORT", "8443", "webhook_port", 8443),
        ("ADMIN_HOST", "0.0.0.0", "admin_host", None),
        ("ADMIN_PORT", "9000", "admin_port", 9000),
        ("SCHEDULER_HOST", "0.0.0.0", "scheduler_host", None),
        ("SCHEDULER_PORT", "9102", "scheduler_port", 9102),
        ("SECRET_KEY", "x" * 32, "secret_key", None),
        (
            "TRUSTED_PROXIES",
            "127.0.0.1, 10.0.0.0/8",
            "trusted_proxies",
            (ip_network("127.0.0.1"), ip_network("10.0.0.0/8")),
        ),
        ("DEPOSIT_PERCENT", "50", "deposit_percent", Decimal(50)),
        ("PLATFORM_FEE_PERCENT", "7.5", "platform_fee_percent", Decimal("7.5")),
        ("DISPUTE_WINDOW_DAYS", "14", "dispute_window_days", 14),
        ("DISPUTE_AGREEMENT_HOURS", "24", "dispute_agreement_hours", 24),
        ("RISK_HOLD_THRESHOLD", "70", "risk_hold_threshold", 70),
        ("REPORTS_TO_HIDE", "5", "reports_to_hide", 5),
        ("BOND_EXPOSURE_MULTIPLE", "2.5", "bond_exposure_multiple", Decimal("2.5")),
        ("DEPOSIT_HOURS", "48", "deposit_hours", 48),
        ("PURCHASE_DAYS", "10", "purchase_days", 10),
        ("BALANCE_DAYS", "2", "balance_days", 2),
        ("CONFIRM_DAYS_AFTER_DELIVERY", "5", "confirm_days_after_delivery", 5),
        ("CONFIRM_DAYS_AFTER_SHIPPING", "45", "confirm_days_after_shipping", 45),
        ("OFFER_VALID_HOURS", "48", "offer_valid_hours", 48),
        ("REMINDER_HOURS", "6, 48", "reminder_hours", (48, 6)),
        ("REMINDER_HOURS", "", "reminder_hours", ()),
        ("SCHEDULER_INTERVAL_SECONDS", "2.5", "scheduler_interval_seconds", 2.5),
        ("LOG_LEVEL", "warning", "log_level", "WARNING"),
        ("LOG_FORMAT", "JSON", "log_format", "json"),
        ("PHOTO_CACHE_DIR", "/srv/daigou/photos", "photo_cache_dir", Path("/srv/daigou/photos")),
        ("PHOTO_CACHE_MB", "512", "photo_cache_mb", 512),
        ("ID_DOCUMENT_RETENTION_DAYS", "90", "id_document_retention_days", 90),
    ],
)
def test_each_setting_is_read_from_its_fixed_name(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, attribute: str, expected: object
) -> None:
    monkeypatch.setenv(name, value)

    read = getattr(load_settings(), attribute)
    assert _revealed(read) == (value if expected is None else expected)


def _revealed(value: object) -> object:
    return value.get_secret_value() if isinstance(value, SecretStr) else value


def test_secrets_never_show_in_what_settings_print(monkeypatch: pytest.MonkeyPatch) -> None:
    secrets = {
        "DATABASE_URL": "postgres://daigou:db-password-1@db.internal:5432/daigou",
        "REDIS_URL": "redis://:redis-password-2@127.0.0.1:6379/0",
        "BOT_TOKEN": "123456:bot-token-3",
        "PAYMENT_PROVIDER_TOKEN": "284685063:TEST:provider-token-4",
        "WEBHOOK_URL": "https://bot.example.com",
        "WEBHOOK_SECRET": WEBHOOK_SECRET,
        "SECRET_KEY": "secret-key-5-of-at-least-32-characters",
    }
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)

    settings = load_settings()
    printed = [repr(settings), str(settings), settings.model_dump_json(), f"{settings.model_dump()}"]

    for name, value in secrets.items():
        if name != "WEBHOOK_URL":
            assert not any(value in text for text in printed), name
    assert settings.bot_token is not None and settings.bot_token.get_secret_value() == "123456:bot-token-3"


def test_a_malformed_secret_is_named_without_being_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.com")
    monkeypatch.setenv("WEBHOOK_SECRET", "short-secret-with-a-space in-it")

    with pytest.raises(ConfigError) as refused:
        load_settings()

    assert "WEBHOOK_SECRET" in str(refused.value) and "space in-it" not in str(refused.value)


def test_a_platform_that_routes_to_port_gets_the_web_processes_there_unless_told_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PORT", "5123")
    assert (load_settings().admin_port, load_settings().webhook_port, load_settings().scheduler_port) == (5123,) * 3

    monkeypatch.setenv("ADMIN_PORT", "8181")
    assert (load_settings().admin_port, load_settings().webhook_port) == (8181, 5123)

    monkeypatch.setenv("PORT", "70000")
    with pytest.raises(ConfigError, match=r"^Invalid setting PORT \(for WEBHOOK_PORT\): "):
        load_settings()


def test_the_settings_are_exactly_the_documented_names() -> None:
    assert {name.upper() for name in Settings.model_fields} == set(SETTING_NAMES)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", "mysql://x"),
        ("DEPOSIT_PERCENT", "abc"),
        ("DEPOSIT_PERCENT", "100.5"),
        ("PLATFORM_FEE_PERCENT", "-1"),
        ("ADMIN_PORT", "70000"),
        ("SECRET_KEY", "short"),
        ("RISK_HOLD_THRESHOLD", "0"),
        ("REPORTS_TO_HIDE", "none"),
        ("REDIS_URL", "http://127.0.0.1:6379"),
        ("REDIS_URL", "redis://127.0.0.1:port/0"),
        ("WEBHOOK_URL", "bot.example.com/telegram"),
        ("WEBHOOK_PORT", "0"),
        ("SCHEDULER_PORT", "70000"),
        ("DEPOSIT_HOURS", "169"),
        ("PURCHASE_DAYS", "0"),
        ("REMINDER_HOURS", "24,0"),
        ("REMINDER_HOURS", "a day"),
        ("UPDATES_IN_FLIGHT", "0"),
        ("LOG_LEVEL", "verbose"),
        ("LOG_FORMAT", "xml"),
        ("TRUSTED_PROXIES", "nginx"),
        ("PHOTO_CACHE_MB", "0"),
        ("BOND_CURRENCY", "MOP"),  # a real currency, but not one Telegram payments take
        ("BOND_TOP_UPS", "5,1000"),  # ¥5 is under the smallest invoice Telegram takes in yuan
        ("BOND_TOP_UPS", "100000"),  # and ¥100,000 over the largest
        ("ID_DOCUMENT_RETENTION_DAYS", "0"),
        ("ID_DOCUMENT_RETENTION_DAYS", "3651"),
    ],
)
def test_a_malformed_setting_is_one_line_naming_it(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)

    with pytest.raises(ConfigError) as refused:
        load_settings()

    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"Invalid setting {name}:")


WEBHOOK_SECRET = "Q" * 40


def test_a_webhook_worker_gets_its_public_address_and_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.com/daigou/")
    monkeypatch.setenv("WEBHOOK_SECRET", WEBHOOK_SECRET)

    settings = load_settings()

    assert settings.webhook_url == "https://bot.example.com/daigou"
    assert settings.webhook_secret is not None and settings.webhook_secret.get_secret_value() == WEBHOOK_SECRET
    assert (settings.webhook_host, settings.webhook_port) == ("127.0.0.1", 8088)


@pytest.mark.parametrize(
    ("given", "named", "says"),
    [
        ({"WEBHOOK_URL": "http://bot.example.com"}, "WEBHOOK_URL", "must start with https://"),
        ({"WEBHOOK_URL": "https://bot.example.com"}, "WEBHOOK_SECRET", "required when WEBHOOK_URL is set"),
        ({"WEBHOOK_URL": "https://bot.example.com", "WEBHOOK_SECRET": "short"}, "WEBHOOK_SECRET", "32 to 256"),
        ({"WEBHOOK_SECRET": "has spaces and is long enough to pass 32"}, "WEBHOOK_SECRET", "A-Z, a-z, 0-9"),
    ],
)
def test_a_webhook_without_https_or_a_good_secret_is_refused_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, given: dict[str, str], named: str, says: str
) -> None:
    for name, value in given.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(ConfigError) as refused:
        load_settings()

    assert str(refused.value).startswith(f"Invalid setting {named}:") and says in str(refused.value)


def test_a_local_bot_api_may_post_to_a_plain_http_webhook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:8081")
    monkeypatch.setenv("WEBHOOK_URL", "http://127.0.0.1:8088")
    monkeypatch.setenv("WEBHOOK_SECRET", WEBHOOK_SECRET)

    assert load_settings().webhook_url == "http://127.0.0.1:8088"


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("LOG_LEVEL", "TRACE", "'DEBUG', 'INFO', 'WARNING', 'ERROR' or 'CRITICAL'"),
        ("LOG_FORMAT", "logfmt", "'text' or 'json'"),
    ],
)
def test_an_unknown_log_level_or_format_is_refused_saying_which_values_there_are(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, says: str
) -> None:
    monkeypatch.setenv(name, value)

    with pytest.raises(ConfigError) as refused:
        load_settings()

    assert str(refused.value) == f"Invalid setting {name}: Input should be {says}"
