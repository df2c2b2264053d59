import aiohttp_jinja2
from aiohttp import web

from admin_web.forms import back_to, before, form, path_id
from admin_web.keys import MODERATOR
from core.domain.buyers import BuyerStatus
from core.services.oversight import moderation, moderation_queues

routes = web.RouteTableDef()

_DECISIONS = {"verify": BuyerStatus.VERIFIED, "reject": BuyerStatus.REJECTED}


@routes.get("/applications", name="applications")
@aiohttp_jinja2.template("applications.html")
async def queue(request: web.Request) -> dict[str, object]:
    return {"page": await moderation_queues.buyer_applications(before(request))}


@routes.get("/applications/{id}")
@aiohttp_jinja2.template("application.html")
async def case(request: web.Request) -> dict[str, object]:
    profile = await moderation_queues.application_case(path_id(request))
    return {"profile": profile, "history": await moderation_queues.history_of(profile.user.id)}


@routes.post("/applications/{id}/decision")
async def decide(request: web.Request) -> web.StreamResponse:
    data = await form(request)
    status = _DECISIONS.get(data.get("decision", ""))
    if status is None:
        raise web.HTTPBadRequest()
    await moderation.decide_buyer(request[MODERATOR].id, path_id(request), status, data.get("reason", ""))
    raise back_to("/applications")
