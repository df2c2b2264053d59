"""What the bot's webhook workers and the scheduler answer operators' probes with: `/metrics` and `/health/ready`.

Neither needs a secret nor shows personal data: figures by handler, job kind and outcome, and which dependency
failed by the error's type. (The admin web serves the same two from admin_web/views/health.py.)
"""

from aiohttp import web

from core.services.runtime.figures import scrape
from core.services.runtime.health import readiness


async def metrics(request: web.Request) -> web.Response:
    """For Prometheus: this process's counters, and the database's figures read now."""
    body, content_type = await scrape()
    return web.Response(body=body, headers={"Content-Type": content_type})


async def ready(request: web.Request) -> web.Response:
    """For the orchestrator: 200 when the database (and Redis, with REDIS_URL) answer, else 503 naming which not."""
    state = await readiness()
    return web.json_response(state.checks, status=200 if state.ready else 503)


def add_probes(app: web.Application) -> None:
    app.router.add_get("/metrics", metrics)
    app.router.add_get("/health/ready", ready)
