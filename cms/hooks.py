"""The portal's contributions through the kernel's hooks (see docs/hooks.md)."""

from __future__ import annotations

from core.contrib import DemoData
from core.plugins import hookimpl


@hookimpl
def register_demo_data() -> list[DemoData]:
    from cms.demo import load_cms_demo_data

    return [DemoData(key="cms", load=load_cms_demo_data, order=10)]
