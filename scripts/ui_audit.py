#!/usr/bin/env python3
"""Audit each demo role's pages at 390 and 1280 px: sideways scrolling and axe violations.

For every page a demo role reaches, the page's width on a phone and a laptop and
axe-core's WCAG 2.2 A/AA violations, as a table and as JSON.

    python scripts/ui_audit.py --base-url http://127.0.0.1:8000 --out audit.json

The server must already have the demo data (``manage.py seed_demo``); without
``--base-url`` the script serves this checkout's demo data on a throw-away database
itself, as ``make screenshots`` does. The pages are the
ones the browser tests check (``scripts/ui_pages.py``); ``scrollWidth`` above the width
means the page scrolls sideways.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:  # run as a file: make `scripts.` importable
    sys.path.insert(0, str(BASE_DIR))

from scripts.screenshots import CHROMIUM, CHROMIUM_ARGS, demo_server  # noqa: E402
from scripts.ui_pages import AXE_TAGS, ROLES, VIEWPORTS, measure_role  # noqa: E402

WIDTHS = sorted(VIEWPORTS)  # 390, then 1280


def audit(base_url: str, roles=ROLES, browser=None) -> list[dict]:
    """One row per role and page: each width's scroll width and axe violations."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                return audit(base_url, roles, launched)
            finally:
                launched.close()
    rows = []
    for role in roles:
        by_path: dict[str, dict] = {}
        for measure in measure_role(browser, base_url, role):
            row = by_path.setdefault(measure.path, {"role": role, "page": measure.path})
            row[str(measure.width)] = {
                "status": measure.status,
                "shown_as": measure.url,
                "scroll_width": measure.scroll_width,
                "inner_width": measure.inner_width,
                "violations": len(measure.violations),
                "nodes": measure.nodes,
                "rules": [
                    {
                        "id": violation["id"],
                        "impact": violation["impact"],
                        "nodes": len(violation["nodes"]),
                        "targets": violation["nodes"][:5],
                    }
                    for violation in measure.violations
                ],
            }
        rows.extend(by_path.values())
        print(f"{role}: {len(by_path)} pages", file=sys.stderr)
    return rows


def table(rows: list[dict]) -> str:
    """The rows as a fixed-width text table, with totals and the rules seen."""
    head = ["role", "page"]
    head += [f"scrollW@{width}" for width in WIDTHS]
    head += [f"axe@{width} (nodes)" for width in WIDTHS]
    lines = [head]
    for row in rows:
        cells = [row["role"], row["page"]]
        for width in WIDTHS:
            seen = row[str(width)]
            wide = "  (too wide)" if seen["scroll_width"] > seen["inner_width"] else ""
            cells.append(f"{seen['scroll_width']}{wide}")
        for width in WIDTHS:
            seen = row[str(width)]
            cells.append(f"{seen['violations']} ({seen['nodes']})")
        lines.append(cells)
    sizes = [max(len(line[i]) for line in lines) for i in range(len(head))]
    text = [
        "  ".join(cell.ljust(size) for cell, size in zip(line, sizes, strict=True)).rstrip()
        for line in lines
    ]
    text.insert(1, "  ".join("-" * size for size in sizes))
    text.append("")
    for width in WIDTHS:
        seen = [row[str(width)] for row in rows]
        too_wide = sum(1 for s in seen if s["scroll_width"] > s["inner_width"])
        clean = sum(1 for s in seen if s["violations"] == 0)
        text.append(
            f"at {width} px: {len(seen)} pages, {too_wide} scroll sideways, "
            f"{clean} without axe violations, "
            f"{sum(s['violations'] for s in seen)} violations on "
            f"{sum(s['nodes'] for s in seen)} elements"
        )
    rules = Counter()
    for row in rows:
        for width in WIDTHS:
            for rule in row[str(width)]["rules"]:
                rules[f"{rule['id']} ({rule['impact']})"] += 1
    if rules:
        counted = ", ".join(f"{rule} {count}" for rule, count in rules.most_common())
        text.append(f"rules (number of pages at a width): {counted}")
    return "\n".join(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--base-url", help="a running server with the demo data (default: start one)"
    )
    parser.add_argument("--out", type=Path, required=True, help="the JSON file to write")
    parser.add_argument("--role", action="append", choices=ROLES, help="only these roles")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"Chromium is not at {CHROMIUM} (set OPENTWIN_CHROMIUM).", file=sys.stderr)
        return 1
    if args.base_url:
        base_url = args.base_url.rstrip("/")
        rows = audit(base_url, args.role or ROLES)
    else:
        with (
            tempfile.TemporaryDirectory() as folder,
            demo_server(Path(folder) / "demo.sqlite3") as base_url,
        ):
            rows = audit(base_url, args.role or ROLES)
    report = {"base_url": base_url, "axe_tags": list(AXE_TAGS), "widths": WIDTHS, "pages": rows}
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
