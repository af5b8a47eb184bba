"""`make a11y-record`: run the browser suite; only when it passes, write today's date, the
axe-core and Chromium versions, the rule sets and the pages checked to data/accessibility.yml,
which the accessibility statement shows. Commit it with the change it documents.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from scripts.browser import AXE_JS, AXE_TAGS, CHROMIUM, ROOT

DATA = ROOT / "data" / "accessibility.yml"
HEADER = (
    "# The last automated accessibility check of every page (tests/test_browser.py).\n"
    "# Written by `make a11y-record` after the browser suite passed; do not edit by hand.\n"
    "# hooks/a11y.py renders it where a page has <!-- a11y:last-check -->.\n"
)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "junit.xml"
        cmd = [sys.executable, "-m", "pytest", "-m", "browser", "tests/test_browser.py", "-q"]
        run = subprocess.run([*cmd, f"--junitxml={report}"], cwd=ROOT)
        if run.returncode != 0:
            print("Browser tests failed: nothing recorded.", file=sys.stderr)
            return run.returncode
        pages = passed_pages(report)
    axe = json.loads((AXE_JS.parent / "package.json").read_text(encoding="utf-8"))["version"]
    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    browser = " ".join(version.split()[:2])  # "Chromium 156.0.8078.108"
    lines = [
        HEADER,
        f"last_check: {datetime.datetime.now(datetime.UTC).date().isoformat()}\n",
        f"axe_core: {axe}\n",
        f'browser: "{browser}"\n',
        f"pages: {pages}\n",
        f"rules: [{', '.join(AXE_TAGS)}]\n",
    ]
    DATA.write_text("".join(lines), encoding="utf-8")
    print(f"Recorded in {DATA.relative_to(ROOT)}: {pages} pages, axe-core {axe}, {browser}.")
    return 0


def passed_pages(report: Path) -> int:
    """How many test_page[...] cases passed, from pytest's JUnit XML report."""
    cases = ET.parse(report).iter("testcase")
    return sum(case.get("name", "").startswith("test_page[") and not list(case) for case in cases)


if __name__ == "__main__":
    sys.exit(main())
