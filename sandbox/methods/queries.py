"""Answers to callback queries (button presses) and inline queries."""

from typing import Any

from sandbox.errors import bad_request
from sandbox.limits import MAX_INLINE_RESULTS, check_reply_markup
from sandbox.methods.common import text_fields
from sandbox.methods.registry import Call, method
from sandbox.queries import CallbackAnswer, InlineAnswer


@method("answerCallbackQuery")
async def answer_callback_query(call: Call) -> bool:
    params = call.params
    answer = CallbackAnswer(
        answered=True,
        text=params.text("text") or None,
        show_alert=params.flag("show_alert"),
        url=params.text("url") or None,
    )
    call.bot.callback_answers.answer(params.text("callback_query_id"), answer)
    return True


@method("answerInlineQuery")
async def answer_inline_query(call: Call) -> bool:
    params = call.params
    results = params.json_value("results", "can't parse inline query results JSON object")
    if not isinstance(results, list) or not all(isinstance(result, dict) for result in results):
        raise bad_request("can't parse inline query results JSON object")
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request("too many inline query results specified")
    seen: set[str] = set()
    for result in results:
        _check_result(result, seen)
    next_offset = params.text("next_offset") or ""
    if len(next_offset.encode()) > 64:
        raise bad_request("NEXT_OFFSET_INVALID")
    answer = InlineAnswer(
        query_id=params.text("inline_query_id") or "",
        results=results,
        next_offset=next_offset,
        cache_time=params.integer("cache_time") or 300,
        is_personal=params.flag("is_personal"),
        button=params.json_value("button"),
    )
    call.bot.inline_answers.answer(answer.query_id, answer)
    return True


def _check_result(result: dict[str, Any], seen: set[str]) -> None:
    result_id = result.get("id")
    if not result_id:
        raise bad_request("RESULT_ID_EMPTY")
    if not isinstance(result_id, str) or len(result_id.encode()) > 64:
        raise bad_request("RESULT_ID_INVALID")
    if result_id in seen:
        raise bad_request("RESULT_ID_DUPLICATE")
    seen.add(result_id)
    if result.get("type") == "article" and not result.get("title"):
        raise bad_request("ARTICLE_TITLE_EMPTY")
    content = result.get("input_message_content")
    if isinstance(content, dict) and "message_text" in content:
        text_fields(content["message_text"], content.get("parse_mode"), content.get("entities"))
    markup = check_reply_markup(result.get("reply_markup"))
    if markup is not None and "inline_keyboard" not in markup:
        raise bad_request("can't parse inline keyboard markup JSON object")
