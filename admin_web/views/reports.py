import aiohttp_jinja2
from aiohttp import web

from admin_web.forms import back_to, before, form, path_id
from admin_web.keys import MODERATOR
from core.services.oversight import moderation, moderation_queues

routes = web.RouteTableDef()


@routes.get("/reports", name="reports")
@aiohttp_jinja2.template("reports.html")
async def queue(request: web.Request) -> dict[str, object]:
    return {"page": await moderation_queues.open_reports(before(request))}


@routes.get("/reports/{id}")
@aiohttp_jinja2.template("report.html")
async def case(request: web.Request) -> dict[str, object]:
    report = await moderation_queues.report_case(path_id(request))
    return {
        "report": report,
        "reporter_history": await moderation_queues.history_of(report.reporter.id),
        "buyer_history": await moderation_queues.history_of(report.accused_id) if report.accused_id else None,
    }


@routes.post("/reports/{id}/resolve")
async def resolve(request: web.Request) -> web.StreamResponse:
    data = await form(request)
    verdict = data.get("verdict")
    if verdict not in ("dismiss", "uphold"):
        raise web.HTTPBadRequest()
    await moderation.resolve_report(
        request[MODERATOR].id, path_id(request), verdict == "uphold", data.get("resolution", "")
    )
    raise back_to("/reports")
