import aiohttp_jinja2
from aiohttp import web

from admin_web.forms import before
from core.domain.order_machine import OrderState
from core.services import moderation_queues

routes = web.RouteTableDef()


@routes.get("/orders", name="orders")
@aiohttp_jinja2.template("orders.html")
async def search(request: web.Request) -> dict[str, object]:
    state_text = request.query.get("state", "")
    state = OrderState(state_text) if state_text in OrderState._value2member_map_ else None
    text = request.query.get("q", "")
    return {
        "page": await moderation_queues.search_orders(text, state, before(request)),
        "q": text,
        "state": state_text,
        "states": list(OrderState),
    }
