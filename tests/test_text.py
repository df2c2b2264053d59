"""What people type in a chat: whole counts, and names that say something in words."""

import pytest

from core.domain.text import clean_words, parse_count
from core.errors import InvalidInput


@pytest.mark.parametrize(("typed", "count"), [("3", 3), (" 12 ", 12), ("３", 3), ("999", 999)])
def test_counts_are_read_as_people_type_them(typed: str, count: int) -> None:
    assert parse_count(typed) == count


@pytest.mark.parametrize("typed", ["", "three", "1.5", "-3", "+3", "1 000", "1234567890"])
def test_anything_but_a_whole_number_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_count(typed)
    assert refused.value.code == "number.not_whole"


@pytest.mark.parametrize("words", ["Porter Tanker", "资生堂 75ml", "№5", "ＳＫ-II", "３"])
def test_a_name_in_words_has_a_letter_or_a_digit_in_any_script(words: str) -> None:
    assert clean_words(f"  {words} 👜 ", "title", 120) == f"{words} 👜"


@pytest.mark.parametrize("symbols", ["👜", "😍😍😍", "✨ 🧴 ✨", "!!! ???", "……", "👍🏽"])
def test_emoji_or_symbols_alone_name_nothing(symbols: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        clean_words(symbols, "title", 120)
    assert (refused.value.code, refused.value.params) == ("text.no_words", {"field": "title"})
