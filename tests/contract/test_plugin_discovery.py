"""Plugins are found through the ``opentwin.plugins`` entry points and their manifests."""

from __future__ import annotations

import importlib

import pluggy
import pytest
from django.conf import settings

from core.plugins import (
    PluginConfigurationError,
    PluginManifest,
    build_plugin_manager,
    discover_manifests,
    hookimpl,
    parse_allow_list,
    resolve_active_plugins,
)

SHIPPED = {"twinspace", "meetings", "mooc", "labels"}


def manifest(name: str, *requires: str) -> PluginManifest:
    return PluginManifest(
        name=name, version="1.0", app=f"x.{name}", hooks=f"x.{name}.hooks", requires=requires
    )


def test_the_four_shipped_plugins_are_discovered_through_entry_points():
    manifests = discover_manifests()
    assert set(manifests) >= SHIPPED
    for name in SHIPPED:
        assert manifests[name].name == name
        assert manifests[name].version
        assert manifests[name].app == f"plugins.{name}.apps.{name.capitalize()}Config"
        for module in manifests[name].hook_modules:
            importlib.import_module(module)


def test_every_discovered_plugin_is_an_installed_app_when_no_allow_list_is_set():
    for name in SHIPPED:
        assert name in settings.OPENTWIN_PLUGINS
        assert discover_manifests()[name].app in settings.INSTALLED_APPS


def test_allow_list_absent_means_every_installed_plugin():
    assert parse_allow_list(None) is None
    manifests = {"a": manifest("a"), "b": manifest("b")}
    assert {m.name for m in resolve_active_plugins(manifests, None)} == {"a", "b"}


def test_allow_list_is_comma_separated_and_ignores_blanks():
    assert parse_allow_list(" twinspace, labels ,,") == {"twinspace", "labels"}
    assert parse_allow_list("") == set()


def test_allow_list_switches_plugins_off():
    manifests = {"a": manifest("a"), "b": manifest("b")}
    assert [m.name for m in resolve_active_plugins(manifests, {"b"})] == ["b"]
    assert resolve_active_plugins(manifests, set()) == []


def test_allow_list_naming_an_unknown_plugin_stops_start_up():
    with pytest.raises(PluginConfigurationError, match="'nope', which is not installed"):
        resolve_active_plugins({"a": manifest("a")}, {"a", "nope"})


def test_a_plugin_whose_requirement_is_switched_off_stops_start_up_with_a_clear_message():
    manifests = {"labels": manifest("labels", "twinspace"), "twinspace": manifest("twinspace")}
    with pytest.raises(PluginConfigurationError) as error:
        resolve_active_plugins(manifests, {"labels"})
    assert str(error.value) == (
        "The plugin 'labels' requires the plugin 'twinspace', which is switched off. "
        "Add 'twinspace' to OPENTWIN_PLUGINS or switch 'labels' off too."
    )


def test_a_plugin_whose_requirement_is_not_installed_stops_start_up():
    with pytest.raises(PluginConfigurationError, match="'ghost', which is not installed"):
        resolve_active_plugins({"a": manifest("a", "ghost")}, None)


def test_required_plugins_load_before_the_plugins_that_require_them():
    manifests = {"z": manifest("z"), "a": manifest("a", "z"), "m": manifest("m", "a")}
    assert [m.name for m in resolve_active_plugins(manifests, None)] == ["z", "a", "m"]


def test_a_requirement_cycle_is_reported():
    manifests = {"a": manifest("a", "b"), "b": manifest("b", "a")}
    with pytest.raises(PluginConfigurationError, match="cycle"):
        resolve_active_plugins(manifests, None)


def test_a_misspelt_hook_fails_when_the_manager_is_built(tmp_path, monkeypatch):
    (tmp_path / "misspelt_plugin.py").write_text(
        "from core.plugins import hookimpl\n\n@hookimpl\ndef register_url():\n    return []\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(pluggy.PluginValidationError, match="register_url"):
        build_plugin_manager(
            [PluginManifest(name="misspelt", version="1", app="", hooks="misspelt_plugin")]
        )


def test_hookimpl_marker_belongs_to_the_opentwin_project():
    @hookimpl
    def register_urls():
        return []

    assert hasattr(register_urls, "opentwin_impl")


def test_a_plugin_may_keep_its_hooks_in_several_modules(tmp_path, monkeypatch):
    (tmp_path / "split_one.py").write_text(
        "from core.plugins import hookimpl\n\n@hookimpl\ndef register_urls():\n    return []\n"
    )
    (tmp_path / "split_two.py").write_text(
        "from core.plugins import hookimpl\n\n@hookimpl\ndef register_menu_items(user):\n"
        "    return []\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    split = PluginManifest(name="split", version="1", app="", hooks=("split_one", "split_two"))
    manager = build_plugin_manager([split])
    assert split.registered_names() == ["split", "split:2"]
    assert {caller.name for name in split.registered_names()
            for caller in manager.get_hookcallers(manager.get_plugin(name))} == {
        "register_urls",
        "register_menu_items",
    }  # fmt: skip


def test_core_lists_the_hooks_of_all_its_areas_as_one_plugin():
    from core.plugins import describe_plugins

    core = next(row for row in describe_plugins() if row["name"] == "core")
    assert {"register_urls", "register_demo_data"} <= set(core["hooks"])


def test_no_plugin_lists_a_hooks_module_that_implements_nothing():
    """A plugin split over several hooks modules lists only those with implementations;
    a new plugin's single, still empty hooks module is fine."""
    from core.plugins import get_plugin_manager

    manager = get_plugin_manager()
    for plugin in settings.OPENTWIN_ACTIVE_PLUGINS:
        if len(plugin.hook_modules) < 2:
            continue
        for module, name in zip(plugin.hook_modules, plugin.registered_names(), strict=True):
            assert manager.get_hookcallers(manager.get_plugin(name)), (
                f"{plugin.name} lists {module}, which implements no hook"
            )
