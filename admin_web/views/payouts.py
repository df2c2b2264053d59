"""The payout queue: buyers' payouts and customers' refunds, oldest first; mark one paid or refuse it."""

import aiohttp_jinja2
from aiohttp import web

from admin_web.errors import refused_on_form
from admin_web.flash import back_to
from admin_web.forms import form, path_id
from admin_web.keys import MODERATOR
from core.domain.payouts import PayoutKind
from core.services.oversight import moderation_queues, payouts

routes = web.RouteTableDef()


@routes.get("/payouts", name="payouts")
@aiohttp_jinja2.template("payouts.html")
async def queue(request: web.Request) -> dict[str, object]:
    after = request.query.get("after", "")
    return {"page": await payouts.payout_queue(int(after) if after.isdigit() else None)}


@routes.get("/payouts/{id}")
@aiohttp_jinja2.template("payout.html")
async def case(request: web.Request) -> dict[str, object]:
    return await _case(path_id(request), request[MODERATOR].id)


async def _case(payout_id: int, moderator_id: int) -> dict[str, object]:
    found = await payouts.payout_case(payout_id, moderator_id)
    return {"case": found, "history": await moderation_queues.history_of(found.user.id)}


@routes.post("/payouts/{id}/paid")
async def mark_paid(request: web.Request) -> web.StreamResponse:
    data, payout_id, moderator_id = await form(request), path_id(request), request[MODERATOR].id
    paid = payouts.mark_paid(moderator_id, payout_id, data.get("reference", ""))
    if refused := await refused_on_form(request, paid, "payout.html", lambda: _case(payout_id, moderator_id), data):
        return refused
    refund = (await payouts.payout_case(payout_id)).payout.kind is PayoutKind.REFUND
    raise back_to(request, "/payouts", "refund.paid" if refund else "payout.paid")


@routes.post("/payouts/{id}/refusal")
async def refuse(request: web.Request) -> web.StreamResponse:
    data, payout_id, moderator_id = await form(request), path_id(request), request[MODERATOR].id
    refusal = payouts.refuse(moderator_id, payout_id, data.get("reason", ""))
    if refused := await refused_on_form(request, refusal, "payout.html", lambda: _case(payout_id, moderator_id), data):
        return refused
    raise back_to(request, "/payouts", "payout.refused")
