"""Numbers people type in a chat: whole counts only."""

import pytest

from core.domain.text import parse_count
from core.errors import InvalidInput


@pytest.mark.parametrize(("typed", "count"), [("3", 3), (" 12 ", 12), ("３", 3), ("999", 999)])
def test_counts_are_read_as_people_type_them(typed: str, count: int) -> None:
    assert parse_count(typed) == count


@pytest.mark.parametrize("typed", ["", "three", "1.5", "-3", "+3", "1 000", "1234567890"])
def test_anything_but_a_whole_number_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_count(typed)
    assert refused.value.code == "number.not_whole"
