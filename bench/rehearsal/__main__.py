"""`python -m bench.rehearsal`: the Procfile's processes as a platform runs them, and a whole order through them.

PostgreSQL (a fresh database) and Redis (database 7) on this machine; the project's Bot API sandbox in this
process plays Telegram, the payment provider and the load balancer in front of the two webhook workers.
"""

import argparse
import asyncio
import logging
import random
import secrets
import sys
import time

import aiohttp

from bench.chaos.product import free_port
from bench.rehearsal.checks import Check, admin_web_checks, order_checks, outbox_checks, worker_checks
from bench.rehearsal.launcher import Running, platform_env, run_once, start, stop
from bench.rehearsal.procfile import PROCFILE, read_procfile
from bench.rehearsal.report import DEPLOY_DOC, SECTION, Release, render
from bench.rehearsal.services import REDIS_URL, empty_redis, fresh_database
from bench.rehearsal.story import Steps, play, seed
from bench.report import write_section
from bot.webhook import WEBHOOK_PATH
from core.config import Settings, use_settings
from core.db import database
from sandbox import Sandbox, serve

MODERATOR = "rehearsal-moderator"
START_WITHIN = 60.0  # seconds for every process to answer its health check
STOP_WITHIN = 30.0  # a bot worker gives accepted updates up to 20 s on SIGTERM


async def _healthy(running: list[Running]) -> None:
    """Each web process answers GET /health with ok (bot workers and the admin web alike)."""
    deadline = time.monotonic() + START_WITHIN
    async with aiohttp.ClientSession() as session:
        for process in running:
            while process.port is not None:
                if process.exit_code is not None:
                    raise RuntimeError(f"{process.name} exited with {process.exit_code}; see {process.log_path}")
                try:
                    async with session.get(f"http://127.0.0.1:{process.port}/health") as answer:
                        if answer.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{process.name} did not answer /health within {START_WITHIN} s")
                await asyncio.sleep(0.2)


async def rehearse() -> tuple[str, bool]:
    procfile = read_procfile(PROCFILE.read_text())
    sandbox = Sandbox()
    token = f"{random.randint(10**8, 10**9)}:RehearsalToken"
    driver = sandbox.driver(token)
    password = secrets.token_urlsafe(18)
    ports = {"web.1": free_port(), "bot.1": free_port(), "bot.2": free_port()}
    driver.balance_webhook([f"http://127.0.0.1:{ports[name]}{WEBHOOK_PATH}" for name in ("bot.1", "bot.2")])
    steps, checks, running = Steps(), list[Check](), list[Running]()
    async with serve(sandbox) as api_url, fresh_database() as (database_url, postgres), empty_redis() as redis:
        settings = {
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            "BOT_TOKEN": token,
            "PAYMENT_PROVIDER_TOKEN": "rehearsal-provider:TEST:0",
            "TELEGRAM_API_URL": api_url,
            # The public address Telegram would post to; here the sandbox's balancer posts to the workers instead.
            "WEBHOOK_URL": "https://bot.rehearsal.invalid",
            "WEBHOOK_SECRET": secrets.token_urlsafe(32),
            "SECRET_KEY": secrets.token_urlsafe(48),
            "SCHEDULER_INTERVAL_SECONDS": "0.5",
        }
        use_settings(Settings(**{name.lower(): value for name, value in settings.items()}))  # type: ignore[arg-type]
        env = platform_env(settings)
        began = time.perf_counter()
        release = Release(procfile["release"], await run_once("release", procfile["release"], env))
        release.took = time.perf_counter() - began
        create = f"daigou moderator create {MODERATOR} --password-stdin"
        made = await run_once("moderator", create, env, stdin=f"{password}\n".encode())
        checks.append(Check(f"`{create}`", made == 0, f"exit code {made}"))
        if release.exit_code == 0:
            for name in ("web.1", "bot.1", "bot.2", "scheduler.1"):
                kind = name.split(".")[0]
                running.append(await start(name, procfile[kind], env, ports.get(name)))
            try:
                await _healthy(running)
                async with database(database_url):
                    bob, listing_id = await seed(driver, MODERATOR)
                    try:
                        await play(driver, steps, bob, listing_id)
                    except Exception as error:  # the report says where the story stopped
                        logging.getLogger(__name__).warning("the order stopped: %r", error)
                        steps.failed = steps.failed or repr(error)
                    checks += await order_checks(steps.order_id)
                    checks += worker_checks([process for process in running if process.name.startswith("bot")])
                    checks += await outbox_checks(running[-1], running[1:3])
                checks += await admin_web_checks(f"http://127.0.0.1:{ports['web.1']}", MODERATOR, password)
                alive = [process.name for process in running if process.exit_code is None]
                checks.append(Check("no process died during the order", len(alive) == len(running), ", ".join(alive)))
            finally:
                await asyncio.gather(*(stop(process, STOP_WITHIN) for process in running))
    stopped = all(process.exit_code == 0 for process in running) and bool(running)
    slowest = max((process.stopped_in or 0.0 for process in running), default=0.0)
    checks.append(Check(f"every process exits 0 on SIGTERM within {STOP_WITHIN:.0f} s", stopped, f"{slowest:.1f} s"))
    passed = release.exit_code == 0 and steps.failed is None and all(check.passed for check in checks)
    return render(release, running, steps, checks, passed, postgres=postgres, redis=redis), passed


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rehearsal", description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write the report into {DEPLOY_DOC.name}")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    report, passed = asyncio.run(rehearse())
    print(report)
    if arguments.write:
        write_section(SECTION, report, DEPLOY_DOC)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
