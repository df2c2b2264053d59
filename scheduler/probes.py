"""The scheduler's small HTTP server: `/health` (its loop moved lately), `/health/ready` and `/metrics`."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web

from bot.probes import add_probes
from core.services.runtime.scheduler import Heartbeat


def probes_app(heartbeat: Heartbeat, interval_seconds: float) -> web.Application:
    async def live(request: web.Request) -> web.Response:
        if heartbeat.alive(interval_seconds):
            return web.Response(text="ok")
        return web.Response(status=503, text="the scheduler's loop has not moved lately")

    app = web.Application()
    app.router.add_get("/health", live)
    add_probes(app)
    return app


@asynccontextmanager
async def serving_probes(app: web.Application, host: str, port: int) -> AsyncIterator[str]:
    """Answer probes on `host:port` (0: a free port) while the block runs; yields the local base URL."""
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
    await runner.setup()
    # Like webhook workers, several schedulers on one machine may share the port (each probe reaches one of them).
    await web.TCPSite(runner, host, port, reuse_port=True).start()
    bound_host, bound_port = runner.addresses[0][:2]
    try:
        yield f"http://{bound_host}:{bound_port}"
    finally:
        await runner.cleanup()
