"""Hook implementations of the twinspace plugin (see docs/hooks.md).

The plugin's features arrive with their own issues; each adds its
implementations here, decorated with ``core.plugins.hookimpl``.
"""
