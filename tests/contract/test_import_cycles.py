"""The kernel's modules import each other in one direction only.

Cycles between the plugin kernel, its hook specifications and the events, or
between core's services and its background tasks, make the import order matter
and hide which module depends on which. The graph counts every import,
including those inside functions and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import grimp
import pytest

KERNEL_MODULES = (
    "core.events",
    "core.event_delivery",
    "core.hookspecs",
    "core.plugins",
    "core.contrib",
)
# (importer, imported): the direction each pair is allowed to import in.
ONE_WAY = [
    ("core.plugins", "core.hookspecs"),
    ("core.hookspecs", "core.events"),
    ("core.hookspecs", "core.contrib"),
    ("core.event_delivery", "core.events"),
    ("core.event_delivery", "core.plugins"),
]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("core")


@pytest.mark.parametrize(("importer", "imported"), ONE_WAY, ids=lambda name: name)
def test_the_lower_module_never_reaches_back_to_the_higher_one(graph, importer, imported):
    chain = graph.find_shortest_chain(importer=imported, imported=importer)
    assert chain is None, f"{imported} imports {importer} again through {' -> '.join(chain)}"


def test_no_two_kernel_modules_import_each_other_in_a_circle(graph):
    for first in KERNEL_MODULES:
        for second in KERNEL_MODULES:
            if first < second:
                there = graph.find_shortest_chain(importer=first, imported=second)
                back = graph.find_shortest_chain(importer=second, imported=first)
                assert there is None or back is None, f"{there} and {back}"


def test_core_services_and_tasks_do_not_import_each_other_in_a_circle(graph):
    there = graph.find_shortest_chain(importer="core.services", imported="core.tasks")
    back = graph.find_shortest_chain(importer="core.tasks", imported="core.services")
    assert there is None or back is None, f"{there} and {back}"
