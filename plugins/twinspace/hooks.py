"""Hook implementations of the twinspace plugin that belong to no single area.

Each area with hook implementations (projects, board, members, groups) has its own
``hooks.py``, listed in the manifest.
"""

from __future__ import annotations

from core.contrib import UrlMount
from core.plugins import hookimpl


@hookimpl
def register_urls() -> list[UrlMount]:
    # Pupils may enter: every view of the TwinSpace checks what each person may see.
    return [
        UrlMount(
            prefix="", urlconf="plugins.twinspace.urls", namespace="twinspace", open_to_pupils=True
        )
    ]
