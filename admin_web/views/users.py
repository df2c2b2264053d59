import aiohttp_jinja2
from aiohttp import web

from admin_web.auth import admin_only
from admin_web.flash import back_to
from admin_web.forms import before, form, path_id
from admin_web.keys import MODERATOR
from core.domain.buyers import BuyerStatus
from core.services.money.exposure import buyer_exposure
from core.services.oversight import moderation, moderation_queues
from core.services.oversight.user_summaries import user_summary

routes = web.RouteTableDef()

_DECISIONS = {"suspend": BuyerStatus.SUSPENDED, "ban": BuyerStatus.BANNED, "lift": BuyerStatus.VERIFIED}
RECENT_ORDERS = 10


@routes.get("/users", name="users")
@aiohttp_jinja2.template("users.html")
async def search(request: web.Request) -> dict[str, object]:
    text = request.query.get("q", "")
    return {"page": await moderation_queues.search_users(text, before(request)), "q": text}


@routes.get("/users/{id}")
@aiohttp_jinja2.template("user.html")
async def person(request: web.Request) -> dict[str, object]:
    user = await user_summary(path_id(request))
    return {
        "user": user,
        "history": await moderation_queues.history_of(user.id),
        "orders": await moderation_queues.search_orders(user_id=user.id, limit=RECENT_ORDERS),
        "exposure": await buyer_exposure(user.id),
    }


@routes.post("/users/{id}/buyer")
async def decide(request: web.Request) -> web.StreamResponse:
    data = await form(request)
    status = _DECISIONS.get(data.get("decision", ""))
    if status is None:
        raise web.HTTPBadRequest()
    user_id = path_id(request)
    await moderation.decide_buyer(request[MODERATOR].id, user_id, status, data.get("reason", ""))
    raise back_to(request, f"/users/{user_id}", f"buyer.{status.value}")


@routes.post("/users/{id}/lift-ban")
@admin_only
async def lift_ban(request: web.Request) -> web.StreamResponse:
    data = await form(request)
    user_id = path_id(request)
    await moderation.lift_ban(request[MODERATOR].id, user_id, data.get("reason", ""))
    raise back_to(request, f"/users/{user_id}", "buyer.unbanned")
