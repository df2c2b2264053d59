"""The whole product in one process on embedded defaults: the Bot API sandbox with its web chat page, the
bot, the admin web and the scheduler, on the configured database (a SQLite file by default)."""

import asyncio
import contextlib
import secrets
import signal
import socket
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web
from pydantic import SecretStr

from admin_web.__main__ import AccessLogger
from admin_web.app import create_app
from bot.__main__ import serve_bot
from bot.app import build_bot
from bot.photo_downloads import photo_download
from core import sealing
from core.config import Settings, current_settings, use_settings
from core.db import apply_migrations, database
from core.services.catalog.publishing import sweep_with
from core.services.people.users import registered_users
from core.services.runtime import scheduler
from core.services.runtime.job_kinds import JOB_KINDS
from embedded.demo_data import Login, seed_demo_data
from sandbox import Driver, Sandbox, build_app

SANDBOX_TOKEN = "1000000001:EmbeddedSandboxToken"
SANDBOX_PROVIDER_TOKEN = "sandbox-provider"
BOT_USERNAME = "daigou_sandbox_bot"
# Kept next to the default SQLite file, relative to the working folder.
VAR = Path("var")
SECRET_KEY_FILE = VAR / "secret_key"
PERSONAL_DATA_KEY_FILE = VAR / "personal_data_key"
DEMO_LOGIN_FILE = VAR / "demo_moderator"


async def _bot() -> None:
    await serve_bot(handle_signals=False)  # this process handles the signals for every service


async def _scheduler() -> None:
    """Deadlines, reminders, expiries and listings left unscored; its notices wait in the outbox for the bot."""
    bot = build_bot(SANDBOX_TOKEN)
    async with bot.session:
        sweep_with(photo_download(bot))
        await scheduler.run_forever(JOB_KINDS, current_settings().scheduler_interval_seconds)


# What runs beside the web servers until the process is stopped; when one ends, all stop.
BACKGROUND_SERVICES: list[Callable[[], Coroutine[Any, Any, None]]] = [_bot, _scheduler]


@dataclass(frozen=True)
class Addresses:
    """Where the sandbox (and its chat page) and the admin web listen; port 0 picks a free one."""

    host: str = "127.0.0.1"
    sandbox_port: int = 8081
    admin_port: int = 8080


def kept_key(path: Path, make: Callable[[], str]) -> SecretStr:
    """A key for a local run, made once, then read from var/ so it survives restarts: the admin web's SECRET_KEY
    (sign-ins) and PERSONAL_DATA_KEYS (the addresses and payout details sealed with it stay readable)."""
    if path.exists():
        return SecretStr(path.read_text().strip())
    VAR.mkdir(parents=True, exist_ok=True)
    key = make()
    path.touch(mode=0o600)
    path.write_text(key)
    return SecretStr(key)


def _remember(login: Login) -> None:
    DEMO_LOGIN_FILE.touch(mode=0o600)
    DEMO_LOGIN_FILE.write_text(f"{login.username}\n{login.password}\n")


def _remembered_login() -> Login | None:
    if not DEMO_LOGIN_FILE.exists():
        return None
    username, password = DEMO_LOGIN_FILE.read_text().split()[:2]
    return Login(username, password)


async def restore_people(driver: Driver) -> None:
    """The sandbox starts empty; everyone the database knows comes back, able to be written to, as on Telegram."""
    for user in await registered_users():
        if user.telegram_id not in driver.sandbox.users:
            driver.create_user(
                user.first_name,
                username=user.username,
                language_code=user.language,
                last_name=user.last_name,
                user_id=user.telegram_id,
                started=True,
            )


@contextlib.asynccontextmanager
async def _listening(app: web.Application, sock: socket.socket) -> AsyncIterator[None]:
    runner = web.AppRunner(app, shutdown_timeout=2.0, access_log_class=AccessLogger)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    try:
        yield
    finally:
        await runner.cleanup()


def _url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{host}:{port}"


async def _until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    stopping = asyncio.create_task(stop.wait())
    services = [asyncio.create_task(service()) for service in BACKGROUND_SERVICES]
    try:
        await asyncio.wait([stopping, *services], return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in [stopping, *services]:
            task.cancel()
        results = await asyncio.gather(stopping, *services, return_exceptions=True)
    for result in results:
        if isinstance(result, Exception):
            raise result


async def run(settings: Settings, addresses: Addresses) -> None:
    """Start everything on `settings` pointed at the sandbox, print where to go, and run until SIGINT or SIGTERM."""
    sandbox_socket = socket.create_server((addresses.host, addresses.sandbox_port))
    admin_socket = socket.create_server((addresses.host, addresses.admin_port))
    sandbox_url, admin_url = _url(sandbox_socket), _url(admin_socket)
    settings = settings.model_copy(
        update={
            "telegram_api_url": sandbox_url,
            "bot_token": SecretStr(SANDBOX_TOKEN),
            "payment_provider_token": SecretStr(SANDBOX_PROVIDER_TOKEN),
            "secret_key": settings.secret_key or kept_key(SECRET_KEY_FILE, lambda: secrets.token_urlsafe(48)),
            "personal_data_keys": settings.personal_data_keys or kept_key(PERSONAL_DATA_KEY_FILE, sealing.new_key),
        }
    )
    use_settings(settings)
    sandbox = Sandbox(bot_username=BOT_USERNAME, files_dir=VAR / "sandbox_files")
    driver = sandbox.driver(SANDBOX_TOKEN)
    database_url = settings.database_url.get_secret_value()
    await apply_migrations(database_url)
    async with database(database_url):
        seeded = await seed_demo_data(driver)
        if seeded is not None:
            _remember(seeded)
        await restore_people(driver)
        async with (
            _listening(build_app(sandbox, admin_url=admin_url), sandbox_socket),
            _listening(create_app(open_database=False), admin_socket),
        ):
            print(f"Bot API sandbox: {sandbox_url} (driver API: {sandbox_url}/sandbox/api/users)", flush=True)
            print(f"Web chat: {sandbox_url}/chat", flush=True)
            print(f"Admin web: {admin_url}", flush=True)
            login = seeded or _remembered_login()
            if login is not None:
                print(f"Demo moderator: {login.username} / {login.password}", flush=True)
            await _until_stopped()
