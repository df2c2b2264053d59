"""The admin pages are rendered from plain values, never from database rows (tests/admin_web/rows.py)."""

from dataclasses import dataclass

import jinja2
import pytest

from core.models.users import User
from core.services.oversight.reports import report_fake
from core.services.people.users import apply_as_buyer
from tests import factories
from tests.admin_web.conftest import Desk
from tests.admin_web.rows import rows_in


@dataclass(frozen=True)
class Line:
    who: object


def test_a_row_is_found_however_deep_it_is_tucked_away() -> None:
    user = User(id=7, telegram_id=7, first_name="Bob", referral_code="r7")
    assert list(rows_in({"page": [Line(Line(user))]})) == ["context['page'][0].who.who: User"]
    assert list(rows_in({"page": [Line(Line("Bob"))], "counts": {"a": (1, 2)}})) == []


def test_rendering_a_template_with_a_row_fails() -> None:
    """The check wraps every render these tests make (conftest.py), the admin app's included."""
    user = User(id=7, telegram_id=7, first_name="Bob", referral_code="r7")
    template = jinja2.Template("{{ page[0].who.first_name }}")
    assert template.render(page=[Line(Line("Bob"))]) == ""  # a value without that attribute renders empty
    assert jinja2.Template("{{ page[0].who }}").render(page=[Line("Bob")]) == "Bob"
    with pytest.raises(AssertionError, match="rendered with database rows"):
        template.render(page=[Line(user)])


async def test_the_report_and_application_queues_list_what_waits_in_them(desk: Desk) -> None:
    listing = await factories.listing(await factories.buyer(), title="Porter Tanker")
    carol = await factories.customer("Carol")
    report = await report_fake(carol.id, "Stitching is off", ["evidence-photo"], listing_id=listing.id)
    dana = await factories.customer("Dana")
    await apply_as_buyer(dana.id, ["JP"], ["bags"], "passport-photo")

    reports = await desk.page("/reports")
    assert f'<a href="/reports/{report.id}">{report.id}</a>' in reports
    assert f"#{listing.id} Porter Tanker" in reports and f'<a href="/users/{carol.id}">Carol</a>' in reports
    applications = await desk.page("/applications")
    assert f'<a href="/applications/{dana.id}">Dana</a>' in applications
