import aiohttp_jinja2
from aiohttp import web

from admin_web.errors import refused_on_form
from admin_web.flash import back_to
from admin_web.forms import before, form, path_id
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
    return await _case(path_id(request))


async def _case(report_id: int) -> dict[str, object]:
    report = await moderation_queues.report_case(report_id)
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
    report_id = path_id(request)
    uphold = verdict == "uphold"
    decision = moderation.resolve_report(request[MODERATOR].id, report_id, uphold, data.get("resolution", ""))
    if refused := await refused_on_form(request, decision, "report.html", lambda: _case(report_id), data):
        return refused
    raise back_to(request, "/reports", "report.upheld" if uphold else "report.dismissed")
