"""The plugin kernel: discovery of plugin manifests and the pluggy plugin manager.

Settings call :func:`active_plugins` before Django is set up, so this module
imports nothing from Django apps and no plugin code beyond each plugin's
manifest module (plain data).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points

import pluggy
from django.core.exceptions import ImproperlyConfigured

from core import hookspecs
from core.hookspecs import PROJECT_NAME

ENTRY_POINT_GROUP = "opentwin.plugins"

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@dataclass(frozen=True)
class PluginManifest:
    """What a plugin says about itself: the kernel needs nothing else to load it."""

    name: str
    version: str
    app: str
    hooks: str | tuple[str, ...]
    requires: tuple[str, ...] = ()
    description: str = ""

    @property
    def hook_modules(self) -> tuple[str, ...]:
        """The modules holding this plugin's hook implementations (one or several)."""
        return (self.hooks,) if isinstance(self.hooks, str) else tuple(self.hooks)

    def registered_names(self) -> list[str]:
        """The names its modules carry in the plugin manager: ``name``, ``name:2``…"""
        return [
            self.name if i == 0 else f"{self.name}:{i + 1}" for i in range(len(self.hook_modules))
        ]


# Core registers its own hook implementations like any plugin does.
CORE = PluginManifest(
    name="core",
    version="0.1.0",
    app="core.apps.CoreConfig",
    # Core's areas each keep their hook implementations beside their code.
    hooks=(
        "core.hooks",
        "core.registration.hooks",
        "core.validation.hooks",
        "core.accounts.hooks",
        "core.directory.hooks",
        "core.support.hooks",
    ),
    description="The kernel: accounts, directory, notifications, desktop.",
)
# The public portal is always on too, and contributes through the same hooks.
CMS = PluginManifest(
    name="cms",
    version="0.1.0",
    app="cms.apps.CmsConfig",
    hooks="cms.hooks",
    description="The public portal that editors run in Wagtail.",
)
BUILT_IN = (CORE, CMS)


class PluginConfigurationError(ImproperlyConfigured):
    """Raised at start-up when the set of plugins cannot work together."""


def discover_manifests() -> dict[str, PluginManifest]:
    """Load the manifest of every installed plugin from the entry-point group."""
    manifests: dict[str, PluginManifest] = {}
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        manifest = entry_point.load()
        if not isinstance(manifest, PluginManifest):
            raise PluginConfigurationError(
                f"The entry point {entry_point.name!r} ({entry_point.value}) must point at a "
                f"core.plugins.PluginManifest, not {type(manifest).__name__}."
            )
        if manifest.name != entry_point.name:
            raise PluginConfigurationError(
                f"The entry point {entry_point.name!r} loads the manifest of "
                f"{manifest.name!r}: the two names must match."
            )
        if manifest.name in manifests or manifest.name in {b.name for b in BUILT_IN}:
            raise PluginConfigurationError(f"Two plugins are named {manifest.name!r}.")
        manifests[manifest.name] = manifest
    return manifests


def parse_allow_list(value: str | None) -> set[str] | None:
    """Read ``OPENTWIN_PLUGINS``: absent means every installed plugin."""
    if value is None:
        return None
    return {name.strip() for name in value.split(",") if name.strip()}


def resolve_active_plugins(
    manifests: Mapping[str, PluginManifest], allow_list: Iterable[str] | None
) -> list[PluginManifest]:
    """Return the plugins to load, required ones first, or say clearly why not."""
    if allow_list is None:
        wanted = set(manifests)
    else:
        wanted = set(allow_list)
        unknown = sorted(wanted - set(manifests))
        if unknown:
            raise PluginConfigurationError(
                f"OPENTWIN_PLUGINS names {', '.join(map(repr, unknown))}, which "
                f"{'is' if len(unknown) == 1 else 'are'} not installed. Installed plugins: "
                f"{', '.join(sorted(manifests)) or 'none'}."
            )
    for name in sorted(wanted):
        for required in manifests[name].requires:
            if required not in wanted:
                state = "not installed" if required not in manifests else "switched off"
                raise PluginConfigurationError(
                    f"The plugin {name!r} requires the plugin {required!r}, which is {state}. "
                    f"Add {required!r} to OPENTWIN_PLUGINS or switch {name!r} off too."
                )
    ordered: list[PluginManifest] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if any(m.name == name for m in ordered):
            return
        if name in visiting:
            raise PluginConfigurationError(f"The plugin {name!r} requires itself through a cycle.")
        visiting.add(name)
        for required in manifests[name].requires:
            visit(required)
        visiting.discard(name)
        ordered.append(manifests[name])

    for name in sorted(wanted):
        visit(name)
    return ordered


def active_plugins(allow_list_value: str | None) -> list[PluginManifest]:
    """The manifests of the plugins that settings switch on, in load order."""
    return resolve_active_plugins(discover_manifests(), parse_allow_list(allow_list_value))


def build_plugin_manager(plugins: Iterable[PluginManifest]) -> pluggy.PluginManager:
    """Create a manager with every hookspec and the given plugins' hooks registered."""
    manager = pluggy.PluginManager(PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    for plugin in plugins:
        for module_name, name in zip(plugin.hook_modules, plugin.registered_names(), strict=True):
            manager.register(importlib.import_module(module_name), name=name)
    # A misspelt hook name fails here, at start-up, not silently at run time.
    manager.check_pending()
    return manager


@cache
def get_plugin_manager() -> pluggy.PluginManager:
    """The process-wide plugin manager for core and the active plugins."""
    from django.conf import settings

    return build_plugin_manager([*BUILT_IN, *settings.OPENTWIN_ACTIVE_PLUGINS])


def hook() -> pluggy.HookRelay:
    """Shortcut to call hooks: ``hook().register_urls()``."""
    return get_plugin_manager().hook


def plugin_hook_names(manager: pluggy.PluginManager, plugin: object) -> list[str]:
    """The names of the hooks one registered plugin implements."""
    return sorted(caller.name for caller in manager.get_hookcallers(plugin) or [])


def describe_plugins() -> list[dict[str, object]]:
    """Each active plugin, built-in core and cms first, with its version and hooks."""
    from django.conf import settings

    manager = get_plugin_manager()
    rows = []
    for plugin in [*BUILT_IN, *settings.OPENTWIN_ACTIVE_PLUGINS]:
        hooks = sorted(
            {
                hook_name
                for name in plugin.registered_names()
                for hook_name in plugin_hook_names(manager, manager.get_plugin(name))
            }
        )
        rows.append(
            {
                "name": plugin.name,
                "version": plugin.version,
                "description": plugin.description,
                "requires": list(plugin.requires),
                "hooks": hooks,
            }
        )
    return rows
