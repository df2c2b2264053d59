"""Pushing a bot's updates to its webhook, one at a time and in order, retrying until accepted."""

import asyncio
import contextlib
import itertools
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from sandbox.updates import UpdateQueue

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ReplyHandler = Callable[[dict[str, Any]], Awaitable[None]]
Route = Callable[[str], list[str]]


@dataclass(frozen=True)
class WebhookConfig:
    """What setWebhook was given."""

    url: str
    secret_token: str | None = None
    max_connections: int = 40
    allowed_updates: list[str] = field(default_factory=list)
    ip_address: str | None = None


class Balancer:
    """A load balancer in front of several webhook workers, as a test of them.

    Each update goes to `copies` workers in turn, all at once, and the next update starts one worker
    further along: with two workers and two copies, both get every update at the same moment.
    """

    def __init__(self, backends: list[str], copies: int = 1) -> None:
        if not backends or copies < 1:
            raise ValueError("a balancer needs at least one backend and one copy")
        self.backends = backends
        self.copies = copies
        self._turn = itertools.count()

    def targets(self) -> list[str]:
        start = next(self._turn)
        return [self.backends[(start + i) % len(self.backends)] for i in range(self.copies)]


def direct(url: str) -> list[str]:
    """No balancer: the URL given to setWebhook."""
    return [url]


class WebhookSender:
    """Delivers the queue's updates as JSON POSTs; a non-2xx answer or a network error is retried later.

    A webhook may answer with a method call in its body (`{"method": "sendMessage", ...}`), which
    Telegram executes; `on_reply` does that here. `route` turns the webhook's URL into the URLs each
    delivery is posted to (a `Balancer` between them): the update is confirmed when all accepted it.
    """

    def __init__(
        self,
        queue: UpdateQueue,
        config: WebhookConfig,
        on_reply: ReplyHandler,
        *,
        retry_delay: float,
        max_retry_delay: float = 30.0,
        route: Route = direct,
    ) -> None:
        self.queue = queue
        self._route = route
        self.config = config
        self._on_reply = on_reply
        self._retry_delay = retry_delay
        self._max_retry_delay = max_retry_delay
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"webhook {self.config.url}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        headers = {"Content-Type": "application/json"}
        if self.config.secret_token:
            headers[SECRET_HEADER] = self.config.secret_token
        delay = self._retry_delay
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
            while True:
                update = self.queue.first()
                if update is None:
                    await self.queue.arrived.wait(60)
                    continue
                posts = [self._post(session, url, update, headers) for url in self._route(self.config.url)]
                self.queue.delivered(update)
                error = next((error for error in await asyncio.gather(*posts) if error is not None), None)
                if error is None:
                    self.queue.accepted(update)
                    delay = self._retry_delay
                    continue
                self.last_error_date = int(time.time())
                self.last_error_message = error
                logger.info("webhook %s refused update %s: %s", self.config.url, update["update_id"], error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._max_retry_delay)

    async def _post(
        self, session: aiohttp.ClientSession, url: str, update: dict[str, Any], headers: dict[str, str]
    ) -> str | None:
        try:
            async with session.post(url, data=json.dumps(update), headers=headers) as response:
                body = await response.read()
                if not 200 <= response.status < 300:
                    return f"Wrong response from the webhook: {response.status} {response.reason}"
        except TimeoutError:
            return "Read timeout expired"
        except aiohttp.ClientError as error:
            return f"Connection failed: {error}"
        await self._run_reply(body)
        return None

    async def _run_reply(self, body: bytes) -> None:
        try:
            reply = json.loads(body) if body.strip() else None
        except ValueError:
            return
        if isinstance(reply, dict) and isinstance(reply.get("method"), str):
            try:
                await self._on_reply(reply)
            except Exception:  # a bad reply must not stop delivery; Telegram ignores it too
                logger.warning("webhook reply %s failed", reply.get("method"), exc_info=True)
