import aiohttp_jinja2
from aiohttp import web

from admin_web.auth import admin_only
from admin_web.flash import back_to
from admin_web.forms import form
from admin_web.keys import MODERATOR
from core.services.money.fees import current_fees
from core.services.oversight import moderation

routes = web.RouteTableDef()


@routes.get("/fees", name="fees")
@admin_only
async def show(request: web.Request) -> web.StreamResponse:
    return aiohttp_jinja2.render_template("fees.html", request, {"fees": await current_fees()})


@routes.post("/fees")
@admin_only
async def set_fees(request: web.Request) -> web.StreamResponse:
    data = await form(request)
    await moderation.set_fees(
        request[MODERATOR].id, data.get("deposit_percent", ""), data.get("platform_fee_percent", "")
    )
    raise back_to(request, "/fees", "fees.set")
