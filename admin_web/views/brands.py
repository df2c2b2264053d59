"""The Brands page: brands and their names across languages (search finds any of them), and the watchlist."""

import aiohttp_jinja2
from aiohttp import web

from admin_web.flash import back_to
from admin_web.forms import form, path_id
from admin_web.keys import MODERATOR
from core.services.catalog.brands import brand_entries
from core.services.oversight import brand_desk

routes = web.RouteTableDef()


@routes.get("/brands", name="brands")
@aiohttp_jinja2.template("brands.html")
async def show(request: web.Request) -> dict[str, object]:
    return {"brands": await brand_entries()}


@routes.post("/brands")
async def add(request: web.Request) -> web.StreamResponse:
    data = await form(request)
    await brand_desk.add_brand(request[MODERATOR].id, data.get("brand", ""), data.get("aliases", ""))
    raise back_to(request, "/brands", "brand.added")


@routes.post("/brands/{id}/aliases")
async def add_alias(request: web.Request) -> web.StreamResponse:
    data = await form(request)
    await brand_desk.add_alias(request[MODERATOR].id, path_id(request), data.get("alias", ""))
    raise back_to(request, "/brands", "brand.alias_added")


@routes.post("/brands/{id}/aliases/{alias}/remove")
async def remove_alias(request: web.Request) -> web.StreamResponse:
    await brand_desk.remove_alias(request[MODERATOR].id, path_id(request), path_id(request, "alias"))
    raise back_to(request, "/brands", "brand.alias_removed")


@routes.post("/brands/watch")
async def watch(request: web.Request) -> web.StreamResponse:
    data = await form(request)
    await brand_desk.watch_brand(request[MODERATOR].id, data.get("brand", ""), data.get("note", ""))
    raise back_to(request, "/brands", "brand.watched")


@routes.post("/brands/unwatch")
async def unwatch(request: web.Request) -> web.StreamResponse:
    data = await form(request)
    await brand_desk.unwatch_brand(request[MODERATOR].id, data.get("brand", ""))
    raise back_to(request, "/brands", "brand.unwatched")
