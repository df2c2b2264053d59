from aiohttp import web

from core.models.moderators import Moderator

routes = web.RouteTableDef()


@routes.get("/health")
async def health(request: web.Request) -> web.Response:
    """For load balancers: answers once the database does."""
    await Moderator.exists()
    return web.Response(text="ok")
