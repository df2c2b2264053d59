from aiohttp import web

from core.services.runtime.health import db_ready

routes = web.RouteTableDef()


@routes.get("/health")
async def health(request: web.Request) -> web.Response:
    """For load balancers: answers once the database does."""
    await db_ready()
    return web.Response(text="ok")
