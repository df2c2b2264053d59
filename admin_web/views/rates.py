import aiohttp_jinja2
from aiohttp import web

from admin_web.flash import back_to
from admin_web.forms import form
from admin_web.keys import MODERATOR
from core.services.money.rates import rate_rows
from core.services.oversight import moderation

routes = web.RouteTableDef()


@routes.get("/rates", name="rates")
@aiohttp_jinja2.template("rates.html")
async def show(request: web.Request) -> dict[str, object]:
    return {"rates": await rate_rows()}


@routes.post("/rates")
async def set_rate(request: web.Request) -> web.StreamResponse:
    data = await form(request)
    await moderation.set_rate(request[MODERATOR].id, data.get("base", ""), data.get("quote", ""), data.get("rate", ""))
    raise back_to(request, "/rates", "rate.set")
