"""A refusal shows its own sentence, in the moderator's language, with the right status."""

import pytest

from tests.admin_web.conftest import Desk


@pytest.mark.parametrize(
    ("path", "said", "in_chinese"),
    [
        (
            "/listings/999999",
            "There is no such listing: it may have been removed. Go back to the list and reload.",
            "没有这件商品：它可能已被删除。请返回列表并刷新。",
        ),
        ("/reports/999999", "There is no such report. Go back to the reports and reload.", "没有这份举报。"),
        ("/applications/999999", "There is no such buyer application.", "没有这份买手申请。"),
        ("/users/999999", "There is no such person. Search the people list again.", "没有这个用户。"),
    ],
)
async def test_a_case_that_does_not_exist_says_so_and_where_to_go(
    desk: Desk, path: str, said: str, in_chinese: str
) -> None:
    english = await desk.get(path)
    chinese = await desk.get(f"{path}?lang=zh")

    assert english.status == chinese.status == 404
    assert said in await english.text()
    assert in_chinese in await chinese.text()


async def test_a_field_left_empty_is_named_in_the_moderators_language(desk: Desk) -> None:
    await desk.get("/brands?lang=zh")

    response = await desk.post("/brands/watch", {"brand": " ", "note": ""})

    assert response.status == 400
    assert "请填写品牌。" in await response.text()
