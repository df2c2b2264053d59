"""The one settings object, read from the environment and `.env`, and the one way to read it.

The variable names are fixed: operators and deployment tools rely on them.

Each entry point (`python -m bot`, `-m admin_web`, `-m scheduler` and `-m embedded`, the `daigou` command, the
`tortoise` command through `core.db.TORTOISE_ORM`, each bench script) reads the environment once with
`load_settings()` and installs the result with `use_settings()` before its work starts (the embedded product
and a bench first point it at their own sandbox); everything else, core services, migrations, bot handlers and
the admin web alike, calls `current_settings()`. Nothing reads the environment at import time.

A module global, not a ContextVar: whatever one process runs (the bot, the admin web and the scheduler, all three
in the embedded product) shares one configuration, and a test that changes a setting means it for the bot or web
app its fixtures already started, whose tasks a ContextVar would have copied before the change. The bots a test
runs side by side differ only in their token and HTTP session, which `bot.app.build_bot` takes as arguments.
"""

import os
import re
from decimal import Decimal
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated, Literal

from cryptography.fernet import Fernet
from pydantic import AliasChoices, Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from redis.connection import parse_url

from core.domain.money import Money, check_currency
from core.domain.payment_limits import check_invoice_amount, check_payable_currency
from core.errors import InvalidInput

DEFAULT_DATABASE_URL = "sqlite://var/daigou.sqlite3"
_URL_SCHEMES = ("sqlite://", "postgres://", "postgresql://", "asyncpg://")
TELEGRAM_API = "https://api.telegram.org"
# Telegram's alphabet for a webhook's secret_token, long enough that it cannot be guessed.
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{32,256}$")

Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]


_FROM_PORT = ("ADMIN_PORT", "WEBHOOK_PORT", "SCHEDULER_PORT")  # these fall back on $PORT


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line naming it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    # Secrets (and the URLs that carry passwords) are SecretStr: repr, str and dumps show "**********", so no
    # log line, traceback or error message prints them; `.get_secret_value()` is the one way to read one.
    database_url: SecretStr = SecretStr(DEFAULT_DATABASE_URL)
    redis_url: SecretStr | None = None
    bot_token: SecretStr | None = None
    payment_provider_token: SecretStr | None = None
    telegram_api_url: str = TELEGRAM_API
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = Field(default=None, validate_default=True)
    webhook_host: str = "127.0.0.1"
    # On a platform that routes each web process to the port in $PORT (Heroku-style), that port, unless set here.
    webhook_port: int = Field(default=8088, ge=1, le=65535, validation_alias=AliasChoices("webhook_port", "port"))
    admin_host: str = "127.0.0.1"
    admin_port: int = Field(default=8080, ge=1, le=65535, validation_alias=AliasChoices("admin_port", "port"))
    # Photos the admin web fetched from Telegram, kept on disk up to this size (shared by its processes).
    photo_cache_dir: Path = Path("var/photo_cache")
    photo_cache_mb: int = Field(default=256, ge=1, le=1_000_000)
    # The reverse proxies in front of the admin web (addresses or networks): only their X-Forwarded-* are believed.
    trusted_proxies: Annotated[tuple[IPv4Network | IPv6Network, ...], NoDecode] = ()
    secret_key: SecretStr | None = Field(default=None, min_length=32)
    # The scheduler's probes and metrics (/health, /health/ready, /metrics).
    scheduler_host: str = "127.0.0.1"
    scheduler_port: int = Field(default=8089, ge=1, le=65535, validation_alias=AliasChoices("scheduler_port", "port"))
    deposit_percent: Percent = Field(default=Decimal(30), gt=0)
    platform_fee_percent: Percent = Field(default=Decimal(5), lt=50)
    risk_hold_threshold: int = Field(default=50, ge=1, le=1000)
    reports_to_hide: int = Field(default=3, ge=1, le=100)
    # Open orders a buyer may have, as a multiple of their bond; 0 turns the limit off.
    bond_exposure_multiple: Decimal = Field(default=Decimal(3), ge=0, le=1000, max_digits=6, decimal_places=2)
    bond_currency: str = "CNY"
    bond_top_ups: Annotated[tuple[int, ...], NoDecode] = (1000, 3000, 10000)  # the bond screen's buttons
    match_buyers_per_request: int = Field(default=5, ge=0, le=100)
    match_customers_per_listing: int = Field(default=20, ge=0, le=1000)
    match_notices_per_day: int = Field(default=5, ge=0, le=100)
    dispute_window_days: int = Field(default=7, ge=1, le=90)
    # The least a payout may be, per currency ("100 CNY, 2000 JPY"); a currency not listed has no minimum.
    payout_minimums: Annotated[dict[str, int], NoDecode] = Field(
        default_factory=lambda: {"CNY": 10000, "JPY": 2000, "USD": 1500, "EUR": 1500, "KRW": 20000}
    )
    # Money released from an order may be paid out only once its dispute window has passed.
    payout_after_dispute_window: bool = True
    dispute_agreement_hours: int = Field(default=48, ge=1, le=720)
    # Updates one bot process handles at once; more wait in line (chosen by bench/bursts.py, see docs/benchmarks.md).
    updates_in_flight: int = Field(default=64, ge=1, le=10_000)
    deposit_hours: int = Field(default=24, ge=1, le=168)
    purchase_days: int = Field(default=7, ge=1, le=90)
    balance_days: int = Field(default=3, ge=1, le=30)
    confirm_days_after_delivery: int = Field(default=7, ge=1, le=60)
    confirm_days_after_shipping: int = Field(default=30, ge=1, le=120)
    offer_valid_hours: int = Field(default=72, ge=1, le=24 * 30)
    reminder_hours: Annotated[tuple[int, ...], NoDecode] = (24, 3)
    scheduler_interval_seconds: float = Field(default=10, gt=0, le=3600)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_format: Literal["text", "json"] = "text"  # json: one object per line, for a log collector
    sentry_dsn: SecretStr | None = None  # errors reported to Sentry when set (core/error_reports.py)
    # Days a buyer applicant's identity document is kept after the application is decided (then purged).
    id_document_retention_days: int = Field(default=30, ge=1, le=3650)
    # Fernet keys sealing personal data at rest, comma-separated, newest first (core/sealing.py: rotation).
    personal_data_keys: SecretStr | None = None
    # Days the personal data an order or a payout carried (address, customs and payout details) is kept after it
    # ends (completed, cancelled, refunded; paid or refused), then redacted. Saved ones stay until their owner
    # deletes them.
    personal_data_retention_days: int = Field(default=90, ge=1, le=3650)

    @field_validator("personal_data_keys")
    @classmethod
    def _fernet_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        keys = [key.strip() for key in value.get_secret_value().split(",")]
        for key in keys:
            try:
                Fernet(key)
            except ValueError:
                raise ValueError(
                    "each key must be 32 url-safe base64-encoded bytes (daigou personal-data new-key)"
                ) from None
        return SecretStr(",".join(keys))

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().startswith(_URL_SCHEMES):
            raise ValueError(f"must start with one of {', '.join(_URL_SCHEMES)}")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: SecretStr | None) -> SecretStr | None:
        url = value.get_secret_value() if value else ""
        if url and not url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        if url:
            parse_url(url)  # a malformed port or db number fails here, not at the first update
        return value if url else None

    @field_validator("log_level", "log_format", mode="before")
    @classmethod
    def _any_case(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, str):
            return value.strip().upper() if info.field_name == "log_level" else value.strip().lower()
        return value

    @field_validator("bond_currency")
    @classmethod
    def _currency_code(cls, value: str) -> str:
        try:
            return check_payable_currency(check_currency(value))
        except InvalidInput:
            raise ValueError("must be an ISO 4217 code of a currency Telegram payments take, e.g. CNY") from None

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(ip_network(part.strip()) for part in value.split(",") if part.strip())
        return value

    @field_validator("reminder_hours", "bond_top_ups", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(int(part) for part in value.split(",") if part.strip()) if value.strip() else ()
        return value

    @field_validator("reminder_hours")
    @classmethod
    def _positive_hours(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(hours < 1 for hours in value):
            raise ValueError("every reminder must be at least 1 hour before its deadline")
        return tuple(sorted(set(value), reverse=True))

    @field_validator("bond_top_ups")
    @classmethod
    def _payable_amounts(cls, value: tuple[int, ...], info: ValidationInfo) -> tuple[int, ...]:
        currency = info.data.get("bond_currency")
        if not value:
            raise ValueError("must be one or more amounts")
        if currency is not None:  # else BOND_CURRENCY itself is refused
            for amount in value:
                try:
                    check_invoice_amount(Money.from_major(amount, currency))
                except InvalidInput as error:
                    raise ValueError(
                        f"{amount} {currency} is not an amount one Telegram invoice takes ({error.code})"
                    ) from None
        return tuple(sorted(set(value)))

    @field_validator("payout_minimums", mode="before")
    @classmethod
    def _minimums(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        minimums = {}
        for part in filter(None, (part.strip() for part in value.split(","))):
            try:
                amount, currency = part.split()
                minimum = Money.from_major(amount, check_currency(currency))
            except (ValueError, InvalidInput):
                raise ValueError(f"{part!r} is not an amount and a currency code, e.g. 100 CNY") from None
            minimums[minimum.currency] = minimum.amount
        return minimums

    @field_validator("telegram_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/")

    @field_validator("webhook_url")
    @classmethod
    def _public_https(cls, value: str | None, info: ValidationInfo) -> str | None:
        if not value:
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be the public https:// address Telegram posts updates to")
        # Telegram delivers only to HTTPS; a local Bot API (the sandbox) may reach a plain-HTTP bot.
        if value.startswith("http://") and info.data.get("telegram_api_url") == TELEGRAM_API:
            raise ValueError("must start with https:// (Telegram delivers webhooks over HTTPS only)")
        return value.rstrip("/")

    @field_validator("webhook_secret")
    @classmethod
    def _secret_with_webhook(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        secret = value.get_secret_value() if value else ""
        if secret and not _WEBHOOK_SECRET.match(secret):
            raise ValueError("must be 32 to 256 characters of A-Z, a-z, 0-9, _ and -")
        if not secret and info.data.get("webhook_url"):
            raise ValueError("required when WEBHOOK_URL is set (32+ random characters)")
        return value if secret else None


def revealed(secret: SecretStr | None) -> str | None:
    """An optional secret setting's value, None when it is not set."""
    return secret.get_secret_value() if secret else None


def load_settings() -> Settings:
    """Read the settings, turning pydantic's report into one line that names the variable."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        if name in _FROM_PORT and name not in os.environ and "PORT" in os.environ:
            name = f"PORT (for {name})"
        raise ConfigError(f"Invalid setting {name}: {first['msg']}") from None


_settings: Settings | None = None


def use_settings(settings: Settings) -> None:
    """Install the process's settings: each entry point's one call, before its work starts."""
    global _settings
    _settings = settings


def current_settings() -> Settings:
    if _settings is None:
        raise RuntimeError("No settings installed: the entry point calls use_settings(load_settings()) first")
    return _settings
