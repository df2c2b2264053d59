import aiohttp_jinja2
from aiohttp import web

from admin_web.forms import before, path_id
from core.domain.order_machine import OrderState
from core.services.oversight import moderation_queues
from core.services.oversight.order_records import order_record
from core.services.oversight.user_links import user_link

routes = web.RouteTableDef()


@routes.get("/orders", name="orders")
@aiohttp_jinja2.template("orders.html")
async def search(request: web.Request) -> dict[str, object]:
    """By title or id, in one state, of one user (`?user=<id>`, as customer or buyer)."""
    state_text = request.query.get("state", "")
    state = OrderState(state_text) if state_text in OrderState._value2member_map_ else None
    text = request.query.get("q", "")
    user_text = request.query.get("user", "")
    user = await user_link(int(user_text)) if user_text.isdigit() else None
    return {
        "page": await moderation_queues.search_orders(text, state, before(request), user.id if user else None),
        "q": text,
        "state": state_text,
        "states": list(OrderState),
        "user": user,
    }


@routes.get("/orders/{id}")
@aiohttp_jinja2.template("order.html")
async def order(request: web.Request) -> dict[str, object]:
    return {"record": await order_record(path_id(request))}
