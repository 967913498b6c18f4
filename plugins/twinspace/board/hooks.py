"""Hook implementations of the TwinSpace board area (see docs/hooks.md)."""

from __future__ import annotations

from core.contrib import ApiRouter
from core.plugins import hookimpl


@hookimpl
def register_api_routers() -> list[ApiRouter]:
    # Imported here: the API is built when the URLs load, after the apps are ready.
    from plugins.twinspace.board.api import router

    return [ApiRouter(prefix="spaces/", router=router, tags=("twinspace",))]
