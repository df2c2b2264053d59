"""getFile: where a bot downloads a file from."""

from typing import Any

from sandbox.errors import bad_request
from sandbox.methods.registry import Call, method


@method("getFile")
async def get_file(call: Call) -> dict[str, Any]:
    file_id = call.params.text("file_id")
    if not file_id:
        raise bad_request("file_id not specified")
    stored = call.bot.files.get(file_id)
    if stored is None:
        raise bad_request("invalid file_id")
    return stored.file_json()
