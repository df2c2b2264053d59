import aiohttp_jinja2
from aiohttp import web

from admin_web.auth import admin_only
from admin_web.flash import back_to
from admin_web.forms import form, path_id
from admin_web.keys import MODERATOR
from core.services.oversight.moderators import all_moderators, deactivate_moderator, reactivate_moderator

routes = web.RouteTableDef()


@routes.get("/moderators", name="moderators")
@admin_only
async def roster(request: web.Request) -> web.StreamResponse:
    return aiohttp_jinja2.render_template("moderators.html", request, {"moderators": await all_moderators()})


@routes.post("/moderators/{id}/deactivate")
@admin_only
async def deactivate(request: web.Request) -> web.StreamResponse:
    data = await form(request)
    await deactivate_moderator(request[MODERATOR].id, path_id(request), data.get("reason", ""))
    raise back_to(request, "/moderators", "moderator.deactivated")


@routes.post("/moderators/{id}/reactivate")
@admin_only
async def reactivate(request: web.Request) -> web.StreamResponse:
    data = await form(request)
    await reactivate_moderator(request[MODERATOR].id, path_id(request), data.get("reason", ""))
    raise back_to(request, "/moderators", "moderator.reactivated")
