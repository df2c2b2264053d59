"""What must hold once the order is played: read from the database, the processes' logs and the admin web."""

import contextlib
import re
from dataclasses import dataclass

import aiohttp

from bench.rehearsal.launcher import Running
from bench.rehearsal.people import StepFailed, until
from core.domain.order_machine import OrderState
from core.models.notifications import Notification
from core.models.orders import Order
from tests.ledger_checks import assert_ledger_balances

_HANDLED = re.compile(r"Update id=\d+ is handled")


@dataclass(frozen=True)
class Check:
    what: str
    passed: bool
    seen: str


def handled_updates(worker: Running) -> int:
    """How many updates a webhook worker handled, from aiogram's line per update in its log."""
    return len(_HANDLED.findall(worker.log()))


async def order_checks(order_id: int | None) -> list[Check]:
    order = await Order.get_or_none(id=order_id) if order_id is not None else None
    state = order.state.value if order else "no order"
    checks = [Check("the order is completed", order is not None and order.state is OrderState.COMPLETED, state)]
    try:
        await assert_ledger_balances()
        checks.append(
            Check("the ledger balances (tests/ledger_checks.py)", True, "every transfer and currency sums to 0")
        )
    except AssertionError as unbalanced:
        checks.append(Check("the ledger balances (tests/ledger_checks.py)", False, str(unbalanced)))
    return checks


def worker_checks(workers: list[Running]) -> list[Check]:
    counts = {worker.name: handled_updates(worker) for worker in workers}
    seen = ", ".join(f"{name}: {count}" for name, count in counts.items())
    return [Check("both webhook workers handled updates (their logs)", all(counts.values()), seen)]


async def outbox_checks(scheduler: Running, workers: list[Running]) -> list[Check]:
    async def all_sent() -> bool:
        return not await Notification.filter(sent_at__isnull=True).exists()

    with contextlib.suppress(StepFailed):
        await until("the outbox to empty", all_sent)
    sent = await Notification.filter(sent_at__isnull=False).count()
    waiting = await Notification.filter(sent_at__isnull=True).count()
    sender = "Delivering the notifications outbox"
    only_scheduler = sender in scheduler.log() and not any(sender in worker.log() for worker in workers)
    return [
        Check(
            "the scheduler delivered the outbox",
            sent > 0 and waiting == 0 and only_scheduler,
            f"{sent} sent, {waiting} waiting",
        ),
    ]


async def admin_web_checks(base_url: str, username: str, password: str) -> list[Check]:
    """/login answers with its form; the moderator made with `daigou moderator create` signs in and sees the queue."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.get(f"{base_url}/login") as page:
            html = await page.text()
            login_status = page.status
        token = re.search(r'name="csrf_token" value="([^"]+)"', html)
        checks = [Check("the admin web answers /login", login_status == 200 and token is not None, str(login_status))]
        if token is None:
            return checks
        form = {"csrf_token": token[1], "username": username, "password": password}
        async with session.post(f"{base_url}/login", data=form, allow_redirects=False) as signed:
            where = signed.headers.get("Location", "")
            signed_status = signed.status
        async with session.get(f"{base_url}/", allow_redirects=False) as home:
            home_status = home.status
    passed = signed_status == 303 and where == "/" and home_status == 200
    seen = f"POST /login {signed_status} → {where or '-'}, GET / {home_status}"
    return [*checks, Check("the moderator signs in to the admin web", passed, seen)]
