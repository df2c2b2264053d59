import aiohttp_jinja2
from aiohttp import web

from admin_web.errors import refused_on_form
from admin_web.flash import back_to
from admin_web.forms import before, form, path_id
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
    return await _case(path_id(request))


async def _case(user_id: int) -> dict[str, object]:
    profile = await moderation_queues.application_case(user_id)
    return {"profile": profile, "history": await moderation_queues.history_of(profile.user.id)}


@routes.post("/applications/{id}/decision")
async def decide(request: web.Request) -> web.StreamResponse:
    data = await form(request)
    status = _DECISIONS.get(data.get("decision", ""))
    if status is None:
        raise web.HTTPBadRequest()
    user_id = path_id(request)
    decision = moderation.decide_buyer(request[MODERATOR].id, user_id, status, data.get("reason", ""))
    if refused := await refused_on_form(request, decision, "application.html", lambda: _case(user_id), data):
        return refused
    raise back_to(request, "/applications", f"buyer.{status.value}")
