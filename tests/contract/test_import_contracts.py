"""Plugins never import each other; core and cms import no plugin."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def test_the_three_architecture_contracts_are_declared():
    declared = {contract["name"]: contract for contract in contracts()}
    independence = declared["Plugins are independent of each other"]
    assert independence["type"] == "independence"
    assert set(independence["modules"]) == {
        "plugins.twinspace",
        "plugins.meetings",
        "plugins.mooc",
        "plugins.labels",
    }
    assert declared["Core imports no plugin and not the CMS"]["forbidden_modules"] == [
        "plugins",
        "cms",
    ]
    assert declared["The CMS imports no plugin"]["forbidden_modules"] == ["plugins"]


def test_every_plugin_package_is_covered_by_the_independence_contract():
    packages = {
        f"plugins.{path.name}"
        for path in (ROOT / "plugins").iterdir()
        if (path / "__init__.py").exists()
    }
    independence = next(c for c in contracts() if c["type"] == "independence")
    assert packages == set(independence["modules"])


def test_import_linter_finds_every_contract_kept():
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_import_linter_catches_a_plugin_importing_another(tmp_path):
    """The independence contract really fails when a plugin imports another plugin."""
    copy = tmp_path / "tree"
    for name in ("core", "cms", "plugins"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    (copy / "plugins" / "labels" / "offender.py").write_text("import plugins.twinspace.hooks\n")
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run(
        [lint_imports, "--no-cache"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(copy), "PATH": str(Path(sys.executable).parent)},
    )
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
