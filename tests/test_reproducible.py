"""A build needs no font of the machine's, and two builds of one commit are the same.

The PDF is set in the project's own fonts (overrides/pdf/fonts/); the times a build writes
(sitemap dates, the PDF's dates, "Site built on") come from the last commit, or from
SOURCE_DATE_EPOCH when it is set (nspm/history.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import ROOT, run_build


def tree(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_a_second_build_with_no_system_font_writes_the_same_files(real_site, tmp_path):
    """Built again with every font of the machine hidden from fontconfig, another hash seed
    and another folder: every file the same, byte for byte – the PDFs and sitemap.xml.gz too."""
    empty = tmp_path / "no-fonts.conf"
    empty.write_text(f"<fontconfig><cachedir>{tmp_path / 'fc'}</cachedir></fontconfig>\n")
    again = run_build(
        ROOT, tmp_path / "site", env={"FONTCONFIG_FILE": str(empty), "PYTHONHASHSEED": "7"}
    )
    assert again.returncode == 0, again.output
    first, second = tree(real_site.site), tree(again.site)
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert differ == [], f"files that differ between two builds: {differ}"
    assert {"pdf/manual-vid-misstanke-om-manniskohandel.pdf", "sitemap.xml.gz"} <= set(first)
