"""Audit action names are module-level constants next to their service, one name per change."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _is_audit_record(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "record"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "audit"
    )


def _module_constants(tree: ast.Module) -> dict[str, str]:
    constants = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            constants[node.targets[0].id] = node.value.value
    return constants


def audit_problems(source: str, where: str) -> tuple[list[str], dict[str, str]]:
    """Problems of the audit calls in ``source``, and the action names they use."""
    tree = ast.parse(source)
    constants = _module_constants(tree)
    problems, used = [], {}
    for node in ast.walk(tree):
        if not _is_audit_record(node):
            continue
        action = node.args[0] if node.args else None
        names = [action.body, action.orelse] if isinstance(action, ast.IfExp) else [action]
        for name in names:
            if not isinstance(name, ast.Name) or name.id not in constants:
                problems.append(
                    f"{where}:{node.lineno}: the action must be a constant of this module, "
                    f"not {ast.unparse(name) if name else 'nothing'}"
                )
            else:
                used[name.id] = constants[name.id]
    return problems, used


def scan() -> tuple[list[str], dict[str, list[str]]]:
    problems, places = [], defaultdict(list)
    for folder in ("core", "plugins", "cms"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts or path == ROOT / "core" / "audit.py":
                continue
            where = str(path.relative_to(ROOT))
            found, used = audit_problems(path.read_text(), where)
            problems += found
            for constant, value in used.items():
                places[value].append(f"{where}:{constant}")
    return problems, places


def test_every_audit_call_passes_a_constant_of_its_service_module():
    problems, places = scan()
    assert problems == []
    assert len(places) > 50  # the scan found the services


def test_no_action_name_is_used_for_two_changes():
    _, places = scan()
    assert {value: where for value, where in places.items() if len(where) > 1} == {}


def test_the_check_refuses_a_free_form_action_name():
    source = 'from core import audit\ndef f(actor):\n    audit.record("x.changed", actor=actor)\n'
    problems, _ = audit_problems(source, "example.py")
    assert len(problems) == 1 and "'x.changed'" in problems[0]
    conditional = (
        "from core import audit\nDONE = 'x.done'\n"
        "def f(actor, ok):\n    audit.record(DONE if ok else 'x.failed', actor=actor)\n"
    )
    assert len(audit_problems(conditional, "example.py")[0]) == 1
    fine = (
        "from core import audit\nDONE = 'x.done'\n"
        "def f(actor):\n    audit.record(DONE, actor=actor)\n"
    )
    assert audit_problems(fine, "example.py")[0] == []
