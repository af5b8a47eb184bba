"""`make screenshots`: the start page and one manual step, in Swedish and English, at
1280×800 and 390×844, into screenshots/ (gitignored), from a temporary build served on
127.0.0.1 by Debian's Chromium, requests to other hosts blocked.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.browser import ROOT, SITE_PATH, Server, block_other_hosts, launch

PAGES = {"start": "", "akut-skydd": "manual/akut-skydd/"}
LANGS = {"sv": "", "en": "en/"}
VIEWPORTS = {"1280x800": (1280, 800), "390x844": (390, 844)}


def main() -> int:
    from playwright.sync_api import sync_playwright

    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nspm-screens-") as tmp:
        server = Server(Path(tmp))
        site = Path(tmp) / SITE_PATH.strip("/")
        env = {**os.environ, "SITE_URL": server.base, "SKIP_PDF": "1", "NO_MKDOCS_2_WARNING": "1"}
        cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)]
        build = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        if build.returncode:
            print(build.stdout + build.stderr, file=sys.stderr)
            return build.returncode
        server.start()
        saved, blocked = [], []
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for size, (width, height) in VIEWPORTS.items():
                ctx = browser.new_context(viewport={"width": width, "height": height})
                block_other_hosts(ctx, server.origin, blocked)
                page = ctx.new_page()
                for lang, prefix in LANGS.items():
                    for name, path in PAGES.items():
                        page.goto(server.base + prefix + path, wait_until="networkidle")
                        target = out / f"{name}-{lang}-{size}.png"
                        page.screenshot(path=str(target))
                        saved.append(target)
                ctx.close()
            browser.close()
        server.stop()
    for path in saved:
        print(path.relative_to(ROOT))
    if blocked:
        print(f"blocked requests to other hosts: {blocked}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
