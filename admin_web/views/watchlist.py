import aiohttp_jinja2
from aiohttp import web

from admin_web.flash import back_to
from admin_web.forms import form
from admin_web.keys import MODERATOR
from core.services.catalog.watchlist import watched_brands
from core.services.oversight import moderation

routes = web.RouteTableDef()


@routes.get("/watchlist", name="watchlist")
@aiohttp_jinja2.template("watchlist.html")
async def show(request: web.Request) -> dict[str, object]:
    return {"brands": await watched_brands()}


@routes.post("/watchlist")
async def watch(request: web.Request) -> web.StreamResponse:
    data = await form(request)
    await moderation.watch_brand(request[MODERATOR].id, data.get("brand", ""), data.get("note", ""))
    raise back_to(request, "/watchlist", "brand.watched")


@routes.post("/watchlist/remove")
async def unwatch(request: web.Request) -> web.StreamResponse:
    data = await form(request)
    await moderation.unwatch_brand(request[MODERATOR].id, data.get("brand", ""))
    raise back_to(request, "/watchlist", "brand.unwatched")
