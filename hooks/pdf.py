"""hooks/pdf.py – the manual as one tagged PDF (PDF/UA-1) per language, rendered by WeasyPrint.

static-i18n runs every event once per language, so per-language state is reset in
on_pre_build (on_config runs before static-i18n has switched the language).

- on_nav: the manual's pages (``manual/…``) in nav order.
- on_page_context: the manual's pages get ``nspm_pdf`` for partials/nspm/pdf-link.html;
  its size is a marker (``<!-- pdf:size -->``) until the PDF exists.
- on_post_page: keeps each manual page's built HTML (after every other hook).
- on_post_build: assembles the print document (overrides/pdf/document.html) and renders
  ``pdf/<name>.pdf`` under the language's root in a worker process, while static-i18n
  builds the next language. After the last language it waits for every PDF and writes
  the real size into the link on the already-written manual pages.

``SKIP_PDF=1`` skips all of it: no PDF and no download link (``make serve`` sets it).
Helpers that do not need MkDocs live in hooks/pdf_document.py.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import shutil
import site
import subprocess
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pdf_document as doc
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.plugins.nspm.pdf")

MANUAL_DIR = "manual/"
SIZE_MARKER = "<!-- pdf:size -->"
SIZE_SPAN = re.compile(r'(<span class="nspm-pdf-link__size">)(.*?)(</span>)', re.S)
TEMPLATE = "pdf/document.html"
FONT = "Noto Sans"
FONT_PACKAGE = "fonts-noto-core"
WORKERS = min(2, os.cpu_count() or 1)  # one PDF per language renders on its own core


@dataclass
class _Build:
    """What one language's build has collected so far."""

    language: str
    started: float
    pages: list = field(default_factory=list)  # mkdocs Page objects, nav order
    outputs: dict[str, str] = field(default_factory=dict)  # page.url → built HTML
    html_seconds: float = 0.0


@dataclass
class _Job:
    """One language's PDF, rendering in the worker pool."""

    build: _Build
    target: Path
    future: Future
    assembly_seconds: float
    rendered: doc.Rendered | None = None


_build: _Build | None = None  # the language being built
_jobs: dict[str, _Job] = {}  # this build's PDFs (every language), by language
_done: set[str] = set()  # languages of this build whose pages are all written
_pool: ProcessPoolExecutor | None = None


def skip_pdf() -> bool:
    return os.environ.get("SKIP_PDF", "").strip().lower() not in ("", "0", "false", "no")


# Hooks ----------------------------------------------------------------------------


def on_pre_build(config):
    global _build
    i18n = config.plugins.get("i18n")
    if i18n is None or not getattr(i18n, "building", False):  # a new (outer) build
        _jobs.clear()
        _done.clear()
        if not skip_pdf():
            _warm_up()
    _build = _Build(language=config.theme["language"], started=time.perf_counter())
    if skip_pdf():
        log.info("PDF export skipped (SKIP_PDF is set)")


def on_files(files, config):
    """The print document's template and CSS are build inputs, not files for the site."""
    docs_dir = Path(config.docs_dir)
    for file in [f for f in files if f.src_uri.startswith("pdf/")]:
        if not Path(file.abs_src_path).is_relative_to(docs_dir):
            files.remove(file)
    return files


@event_priority(-200)  # after static-i18n has made the nav per language
def on_nav(nav, config, files):
    if _build is not None:
        _build.pages = [page for page in nav.pages if _manual_path(page) is not None]
    return nav


def on_page_context(context, page, config, nav):
    if skip_pdf() or _build is None or not _in_manual(page):
        return context
    context["nspm_pdf"] = {
        "href": get_relative_url(_pdf_path(_build), page.url),
        "label": _labels(_build.language)["download"],
        "size": SIZE_MARKER,
    }
    return context


@event_priority(-200)  # after every other hook has changed the page
def on_post_page(output, page, config):
    if _build is not None and not skip_pdf() and _in_manual(page):
        _build.outputs[page.url] = output
    return output


@event_priority(100)  # before hooks/links.py checks that the link's target exists
def on_post_build(config):
    """Assemble this language's print document and render it in a worker process.

    static-i18n builds the next language right after this event, so the PDF renders
    on the other core meanwhile. When the last language is built, wait for every PDF
    and write the sizes into the download links.
    """
    if skip_pdf() or _build is None:
        return
    if _build.pages:
        _check_font()
        started = time.perf_counter()
        _build.html_seconds = started - _build.started
        document_html = assemble(config, _build)
        site_dir = Path(config.site_dir)
        target = site_dir / _pdf_path(_build)
        future = _executor().submit(
            doc.render_pdf, document_html, f"{site_dir.as_posix()}/", str(target)
        )
        _jobs[_build.language] = _Job(_build, target, future, time.perf_counter() - started)
    _done.add(_build.language)
    if set(_build_languages(config)) <= _done:
        _finish(Path(config.site_dir))


def on_build_error(error):
    """Stop waiting for the PDFs of a build that failed."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
    _jobs.clear()


# Steps ----------------------------------------------------------------------------


def assemble(config, build: _Build) -> str:
    """The print document (one HTML string) for one language's manual pages."""
    labels = _labels(build.language)
    site_dir = Path(config.site_dir)
    for page in build.pages:  # a --dirty build does not rewrite unchanged pages
        written = site_dir / page.file.dest_uri
        if page.url not in build.outputs and written.is_file():
            build.outputs[page.url] = written.read_text(encoding="utf-8")
    missing = [page.file.src_uri for page in build.pages if page.url not in build.outputs]
    if missing:
        raise PluginError(
            "hooks/pdf.py: these manual pages were not built, so the PDF cannot include them: "
            + ", ".join(f"docs/{src}" for src in missing)
        )
    chapter_ids = {page.url: doc.chapter_id(page.url) for page in build.pages}
    chapters, problems = [], []
    for page in build.pages:
        try:
            chapters.append(
                doc.build_chapter(
                    build.outputs[page.url],
                    source=f"docs/{page.file.src_uri}",
                    page_url=page.url,
                    level=doc.nesting_level(_manual_path(page), MANUAL_DIR),
                    chapter_ids=chapter_ids,
                    site_url=config.site_url,
                    number=page.meta.get("step"),
                )
            )
        except ValueError as error:
            problems.append(str(error))
    if problems:
        raise PluginError("hooks/pdf.py: " + "\n".join(problems))
    root = Path(config.config_file_path).parent
    edition = doc.edition_date([Path(page.file.abs_src_path) for page in build.pages], cwd=root)
    template = config.theme.get_env().get_template(TEMPLATE)
    return template.render(
        lang=build.language,
        labels=labels,
        font=FONT,
        chapters=chapters,
        contents=doc.contents(chapters),
        edition=doc.format_edition_date(edition, build.language),
        edition_iso=edition.isoformat(),
        web_url=_web_url(config, build),
    )


def _finish(site_dir: Path) -> None:
    """Wait for every language's PDF, then write its real size into the download links."""
    global _pool
    waited = time.perf_counter()
    try:
        for language, job in _jobs.items():
            try:
                job.rendered = job.future.result()
            except Exception as error:  # the worker's error, re-raised for the build
                raise PluginError(
                    f"hooks/pdf.py: rendering the {language} PDF ({job.target}) failed: {error}"
                ) from error
    finally:
        if _pool is not None:
            _pool.shutdown(wait=True)
            _pool = None
    waited = time.perf_counter() - waited
    for language, job in _jobs.items():
        for problem in job.rendered.problems:  # a warning each, so a --strict build fails
            log.warning(
                "PDF (%s): WeasyPrint: %s – the PDF has a broken link or a missing image; "
                "ids in the PDF are <page>--<heading id> (hooks/pdf_document.py)",
                language,
                problem,
            )
        for note in job.rendered.notes:
            log.info("PDF (%s): WeasyPrint: %s", language, note)
        size = job.target.stat().st_size
        _patch_links(site_dir, job.build, doc.format_size(size, language))
        log.info(
            "PDF (%s): %s – %d pages, %s; rendered in %.1f s (%.1f s CPU) beside the build, "
            "assembled in %.2f s; HTML build (%s): %.1f s",
            language,
            job.target.relative_to(site_dir).as_posix(),
            job.rendered.pages,
            doc.format_size(size, "en"),
            job.rendered.seconds,
            job.rendered.cpu_seconds,
            job.assembly_seconds,
            language,
            job.build.html_seconds,
        )
    if _jobs:
        html = sum(job.build.html_seconds for job in _jobs.values())
        added = sum(job.assembly_seconds for job in _jobs.values()) + waited
        log.info(
            "PDF export added %.1f s to the build (HTML build: %.1f s for %s)",
            added,
            html,
            ", ".join(_jobs),
        )
    _jobs.clear()


def _patch_links(site_dir: Path, build: _Build, size: str) -> None:
    """Write the PDF's real size into the download link of each written manual page.

    The link's size holds the marker on pages written in this build, or the size of an
    earlier build on pages a ``--dirty`` build did not rewrite; both are replaced.
    """
    for page in build.pages:
        path = site_dir / page.file.dest_uri
        text, count = SIZE_SPAN.subn(rf"\g<1>({size})\g<3>", path.read_text(encoding="utf-8"))
        if count != 1:
            raise PluginError(
                f"hooks/pdf.py: {path} should hold the download link's size "
                f'(<span class="nspm-pdf-link__size">) once, not {count} times – see '
                "partials/nspm/pdf-link.html, included from main.html"
            )
        path.write_text(text, encoding="utf-8")


# Helpers --------------------------------------------------------------------------


def _in_manual(page) -> bool:
    return any(page.url == manual.url for manual in _build.pages)


def _executor() -> ProcessPoolExecutor:
    """Worker processes for WeasyPrint.

    They are forked from a fresh single-threaded server process that has imported
    WeasyPrint once (forkserver with preload), so the import is paid once, not per worker,
    and nothing is forked from MkDocs' own, possibly threaded, process. MkDocs puts hooks/
    on sys.path only while it loads the hooks, so each worker adds it to import
    pdf_document.
    """
    global _pool
    if _pool is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["weasyprint"])
        _pool = ProcessPoolExecutor(
            max_workers=WORKERS,
            mp_context=context,
            initializer=site.addsitedir,
            initargs=(str(Path(doc.__file__).parent),),
        )
    return _pool


def _warm_up() -> None:
    """Start the workers (and WeasyPrint's import) while the pages are being built."""
    pool = _executor()
    for _ in range(WORKERS):
        pool.submit(doc.warm_up)


def _build_languages(config) -> list[str]:
    """The languages this build makes (static-i18n), or just the current one."""
    i18n = config.plugins.get("i18n")
    languages = getattr(i18n, "build_languages", None) if i18n is not None else None
    return list(languages) if languages else [config.theme["language"]]


def _manual_path(page) -> str | None:
    """``manual/…`` for a page of the manual (language folder removed), else None."""
    src = page.file.src_uri
    locale = getattr(page.file, "locale", None)
    if locale and src.startswith(f"{locale}/"):
        src = src[len(locale) + 1 :]
    return src if src.startswith(MANUAL_DIR) else None


def _language_root(build: _Build) -> str:
    """``""`` for the default language, ``"en/"`` for English (from the manual's URLs)."""
    first = build.pages[0]
    return first.url[: first.url.find(MANUAL_DIR)] if MANUAL_DIR in first.url else ""


def _pdf_path(build: _Build) -> str:
    return f"{_language_root(build)}pdf/{_labels(build.language)['filename']}"


def _web_url(config, build: _Build) -> str | None:
    if not config.site_url:
        return None
    return config.site_url.rstrip("/") + "/" + build.pages[0].url


def _labels(language: str) -> dict[str, str]:
    try:
        return LABELS[language]
    except KeyError:
        raise PluginError(
            f"hooks/pdf.py: no PDF labels for language {language!r} – add them to LABELS "
            f"in hooks/pdf.py (known: {', '.join(LABELS)}) or build with SKIP_PDF=1"
        ) from None


def _check_font() -> None:
    """Fail clearly when the PDF's font is missing (WeasyPrint would silently fall back)."""
    if shutil.which("fc-list") is None:
        return
    found = subprocess.run(
        ["fc-list", f"{FONT}:style=Regular", "family"], capture_output=True, text=True
    ).stdout
    if FONT not in found:
        raise PluginError(
            f"hooks/pdf.py: the PDF font {FONT!r} is not installed – install the Debian "
            f"package {FONT_PACKAGE} (apt-get install {FONT_PACKAGE}) or build with SKIP_PDF=1"
        )


# Data -----------------------------------------------------------------------------

# Titles from content-brief §3.1 (2nd edition, 2019) and the agency's English names (§4).
LABELS = {
    "sv": {
        "title": "Manual vid misstanke om människohandel",
        "subtitle": "En stöd- och skyddsprocess för offer för människohandel i Sverige",
        "agency": "Jämställdhetsmyndigheten",
        "coordination": "Nationella samordningen mot prostitution och människohandel (NSPM)",
        "edition": "Utgåva",
        "language": "Språk",
        "language_name": "Svenska",
        "web": "Webbversion",
        "contents": "Innehåll",
        "page": "Sida",
        "of": "av",
        "download": "Ladda ner manualen som PDF",
        "filename": "manual-vid-misstanke-om-manniskohandel.pdf",
    },
    "en": {
        "title": "National Referral Mechanism",
        "subtitle": (
            "A support and protection process for victims of trafficking in human beings in Sweden"
        ),
        "agency": "Swedish Gender Equality Agency",
        "coordination": (
            "National Coordination Against Prostitution and Trafficking in Human Beings (NSPM)"
        ),
        "edition": "Edition",
        "language": "Language",
        "language_name": "English",
        "web": "Web version",
        "contents": "Contents",
        "page": "Page",
        "of": "of",
        "download": "Download the manual as PDF",
        "filename": "national-referral-mechanism.pdf",
    },
}
