import aiohttp_jinja2
from aiohttp import web

from admin_web.flash import back_to
from admin_web.forms import before, form, path_id
from admin_web.keys import MODERATOR
from core.domain.money import Money, parse_money
from core.services.oversight import moderation, moderation_queues
from core.services.oversight.order_records import order_currency
from core.services.trade.order_addresses import disputed_address

routes = web.RouteTableDef()


@routes.get("/disputes", name="disputes")
@aiohttp_jinja2.template("disputes.html")
async def queue(request: web.Request) -> dict[str, object]:
    return {"page": await moderation_queues.open_disputes(before(request))}


@routes.get("/disputes/{id}")
@aiohttp_jinja2.template("dispute.html")
async def case(request: web.Request) -> dict[str, object]:
    dispute = await moderation_queues.dispute_case(path_id(request))
    order = dispute.record.order
    return {
        "case": dispute,
        "order": order,
        # Read, and audited, only while the order is disputed: the one page a moderator sees an address on.
        "ship_to": await disputed_address(request[MODERATOR].id, order.id),
        "buyer_history": await moderation_queues.history_of(order.buyer.id),
        "customer_history": await moderation_queues.history_of(order.customer.id),
    }


@routes.post("/disputes/{id}/settle")
async def settle(request: web.Request) -> web.StreamResponse:
    """`outcome`: refund_all, refund (the typed `amount`, in the order's currency unless it names one) or release."""
    data = await form(request)
    order_id = path_id(request)
    currency = await order_currency(order_id)
    outcome = data.get("outcome")
    refund: Money | None
    if outcome == "refund_all":
        refund = None
    elif outcome == "refund":
        refund = parse_money(data.get("amount", ""), currency)
    elif outcome == "release":
        refund = Money(0, currency)
    else:
        raise web.HTTPBadRequest()
    await moderation.settle_dispute(request[MODERATOR].id, order_id, refund, data.get("note", ""))
    raise back_to(request, "/disputes", "dispute.settled")


@routes.post("/disputes/{id}/forfeit")
async def forfeit(request: web.Request) -> web.StreamResponse:
    data = await form(request)
    order_id = path_id(request)
    amount = parse_money(data.get("amount", ""), await order_currency(order_id))
    await moderation.forfeit_bond(request[MODERATOR].id, order_id, amount, data.get("reason", ""))
    raise back_to(request, f"/disputes/{order_id}", "bond.forfeited")
