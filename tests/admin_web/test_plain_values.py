"""The admin pages are rendered from plain values, never from database rows (tests/admin_web/rows.py)."""

from dataclasses import dataclass

import jinja2
import pytest

from core.models.users import User
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
