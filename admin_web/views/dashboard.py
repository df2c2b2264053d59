import aiohttp_jinja2
from aiohttp import web

from admin_web.charts import bar_chart
from admin_web.i18n import _
from admin_web.labels import label
from core.services.oversight.dashboard import dashboard

routes = web.RouteTableDef()


@routes.get("/", name="dashboard")
@aiohttp_jinja2.template("dashboard.html")
async def show(request: web.Request) -> dict[str, object]:
    figures = await dashboard()
    queues = [
        (_("Flagged listings"), figures.flagged_listings),
        (_("Fake reports"), figures.open_reports),
        (_("Disputes"), figures.open_disputes),
        (_("Buyer applications"), figures.buyer_applications),
        (_("Payouts and refunds"), figures.payouts_waiting),
    ]
    return {
        "figures": figures,
        "queue_chart": bar_chart(queues),
        "orders_chart": bar_chart([(label(state), count) for state, count in figures.orders_by_state]),
    }
