"""Material is changed through its templates, never by rewriting its HTML.

Every copy of a Material template in overrides/ says which version and which file it was
copied from, with the original's sha256: when the pinned Material's original changes, the
first test fails, so the copy is re-synced (diff the new original against the copy, carry
the change over, update the hash). The second keeps Material's markup out of regular
expressions in the project's Python.
"""

from __future__ import annotations

import ast
import hashlib
import re
from importlib import metadata
from pathlib import Path

import material
from conftest import ROOT

COPIED = re.compile(r"Copied from Material ([\d.]+): (\S+) \(sha256\s+([0-9a-f]{64})\)")
MATERIAL = Path(material.__file__).parent / "templates"


def test_every_copy_names_the_original_it_was_copied_from_and_it_is_unchanged():
    copies = {}
    for path in sorted((ROOT / "overrides").rglob("*.html")):
        for version, name, digest in COPIED.findall(path.read_text(encoding="utf-8")):
            copies[path.relative_to(ROOT).as_posix()] = (version, name, digest)
    assert {
        "overrides/main.html",
        "overrides/partials/search.html",
        "overrides/partials/path.html",
        "overrides/partials/header.html",
        "overrides/partials/nav-item.html",
        "overrides/partials/javascripts/base.html",
        "overrides/partials/javascripts/content.html",
    } <= set(copies)
    installed = metadata.version("mkdocs-material")
    for copy, (version, name, digest) in copies.items():
        assert version == installed, f"{copy} was copied from Material {version}, not {installed}"
        original = hashlib.sha256((MATERIAL / name).read_bytes()).hexdigest()
        assert original == digest, f"{copy}: Material's {name} changed – re-sync the copy"


def test_no_python_outside_the_tests_matches_materials_markup_with_a_regular_expression():
    functions = {"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer"}
    found = []
    for path in [
        *ROOT.glob("nspm/**/*.py"),
        *ROOT.glob("hooks/*.py"),
        *ROOT.glob("scripts/**/*.py"),
    ]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in functions
                and node.args
            ):
                pattern = ast.unparse(node.args[0])
                if re.search(r"md-|__config|data-md", pattern):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {pattern[:60]}")
    assert found == []
