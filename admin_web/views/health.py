"""Probes for load balancers and Prometheus: public, and showing no personal data (sessions.PUBLIC_PREFIXES)."""

from aiohttp import web

from core.services.runtime.figures import scrape
from core.services.runtime.health import db_ready, readiness

routes = web.RouteTableDef()


@routes.get("/health")
async def health(request: web.Request) -> web.Response:
    """For load balancers: answers once the database does."""
    await db_ready()
    return web.Response(text="ok")


@routes.get("/health/ready")
async def ready(request: web.Request) -> web.Response:
    """200 when the database (and Redis, with REDIS_URL) answer, else 503 naming which did not."""
    state = await readiness()
    return web.json_response(state.checks, status=200 if state.ready else 503)


@routes.get("/metrics")
async def metrics(request: web.Request) -> web.Response:
    """Figures by handler, job kind and outcome, never by person (core/metrics.py)."""
    body, content_type = await scrape()
    return web.Response(body=body, headers={"Content-Type": content_type})
