"""Every hook is documented in docs/hooks.md with its exact signature."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from core import hookspecs

DOCS = (Path(__file__).resolve().parents[2] / "docs" / "hooks.md").read_text()


def hook_specs() -> list[tuple[str, object]]:
    return [
        (name, function)
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(function, "opentwin_spec")
    ]


def documented_signature(name: str, function) -> str:
    """``name(arg: Type) -> Return`` with annotations as written in hookspecs.py."""
    signature = inspect.signature(function)
    params = ", ".join(
        f"{param.name}: {param.annotation}" if param.annotation is not param.empty else param.name
        for param in signature.parameters.values()
    )
    return f"{name}({params}) -> {signature.return_annotation}"


def test_there_are_hooks_for_every_contribution_the_kernel_offers():
    names = {name for name, _function in hook_specs()}
    assert {
        "register_urls",
        "register_api_routers",
        "register_scheduled_tasks",
        "register_desktop_panels",
        "register_menu_items",
        "register_search_providers",
        "register_privacy_providers",
        "register_portal_listings",
        "register_notification_kinds",
        "register_calendar_events",
    } <= names


@pytest.mark.parametrize(("name", "function"), hook_specs(), ids=[name for name, _ in hook_specs()])
def test_hook_is_documented_with_its_exact_signature(name, function):
    assert f"### `{documented_signature(name, function)}`" in DOCS


@pytest.mark.parametrize(("name", "function"), hook_specs(), ids=[name for name, _ in hook_specs()])
def test_hook_has_a_docstring_and_types(name, function):
    assert (function.__doc__ or "").strip(), name
    assert inspect.signature(function).return_annotation is not inspect.Signature.empty


def test_docs_name_no_hook_that_does_not_exist():
    documented = set(re.findall(r"^### `(\w+)\(", DOCS, flags=re.MULTILINE))
    assert documented == {name for name, _function in hook_specs()}
