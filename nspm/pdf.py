"""The manual as one tagged PDF (PDF/UA-1) per language, rendered by WeasyPrint.

- on_nav: the manual's pages (``manual/…``) in nav order;
- on_page_context: the manual's pages get ``nspm_pdf`` for partials/nspm/pdf-link.html,
  whose size is a marker (``<!-- pdf:size -->``) until the PDF exists;
- on_post_page: keeps each manual page's final HTML;
- on_post_build: assembles the print document (overrides/pdf/document.html) and renders
  ``pdf/<file name>`` under the language's folder in a worker process, while static-i18n
  builds the next language; after the last language it waits for every PDF and writes
  its size into the download links of the written pages.

The PDF is set only in the project's fonts (overrides/pdf/fonts/, OFL): the workers see
no other font, so every machine makes the same PDF; a missing font file, or a character
none of the fonts has, stops the build. ``SKIP_PDF=1`` skips all of it (``make serve``).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from nspm import build, history
from nspm import print_document as doc

log = build.logger("pdf")
MANUAL_DIR = "manual/"
SIZE_MARKER = "<!-- pdf:size -->"
TEMPLATE = "pdf/document.html"
FONT_DIR = "pdf/fonts"  # in the theme's custom_dir
FONTS = {  # file → @font-face descriptors (overrides/pdf/document.css)
    "NotoSans-Regular.ttf": ("Noto Sans", 400, "normal"),
    "NotoSans-Italic.ttf": ("Noto Sans", 400, "italic"),
    "NotoSans-Bold.ttf": ("Noto Sans", 700, "normal"),
    "NotoSans-BoldItalic.ttf": ("Noto Sans", 700, "italic"),
    "NotoSansSymbols2-Regular.ttf": ("Noto Sans Symbols2", 400, "normal"),
    "NotoSansMath-Regular.ttf": ("Noto Sans Math", 400, "normal"),
}
WORKERS = min(2, os.cpu_count() or 1)  # one PDF per language renders on its own core
_live: set[ProcessPoolExecutor] = set()  # for on_build_error, which gets no config


def skip() -> bool:
    return os.environ.get("SKIP_PDF", "").strip().lower() not in ("", "0", "false", "no")


@dataclass
class Job:
    """One language's PDF, rendering in the worker pool."""

    language: str
    pages: list
    target: Path
    future: object
    html_seconds: float
    assembly_seconds: float
    rendered: doc.Rendered | None = None


@dataclass
class Export:
    """The whole build's PDFs (every language)."""

    jobs: list[Job] = field(default_factory=list)
    pool: ProcessPoolExecutor | None = None


def export(current: build.Pass) -> Export:
    shared = current.site.shared("pdf")
    if "export" not in shared:
        shared["export"] = Export()
        if not skip():
            _pool(current)  # start the workers (and WeasyPrint's import) while pages build
        else:
            log.info("PDF export skipped (SKIP_PDF is set)")
    return shared["export"]


def collect_pages(current: build.Pass, nav) -> None:
    state = current.state("pdf")
    state["pages"] = [page for page in nav.pages if manual_path(page) is not None]
    state["outputs"], state["started"] = {}, time.perf_counter()


def link(current: build.Pass, page) -> dict | None:
    """The template data of the download link, on the manual's pages."""
    if skip() or not in_manual(current, page):
        return None
    return {
        "href": get_relative_url(pdf_path(current), page.url),
        "label": current.t["pdf"]["download"],
        "size": SIZE_MARKER,
    }


def keep(current: build.Pass, page, output: str) -> None:
    if not skip() and in_manual(current, page):
        current.state("pdf")["outputs"][page.url] = output


def start(current: build.Pass) -> None:
    """Assemble this language's print document and render it beside the next language."""

    state = current.state("pdf")
    jobs = export(current).jobs
    if skip() or not state.get("pages"):
        return
    started = time.perf_counter()
    document_html = assemble(current)
    site_dir = Path(current.config.site_dir)
    target = site_dir / pdf_path(current)
    future = _pool(current).submit(
        doc.render_pdf, document_html, f"{site_dir.as_posix()}/", str(target)
    )
    jobs.append(
        Job(
            current.language,
            state["pages"],
            target,
            future,
            started - state["started"],
            time.perf_counter() - started,
        )
    )


def assemble(current: build.Pass) -> str:
    """The print document (one HTML string) of one language's manual pages."""

    state, config, t = current.state("pdf"), current.config, current.t["pdf"]
    pages, outputs = state["pages"], state["outputs"]
    site_dir = Path(config.site_dir)
    for page in pages:  # a --dirty build does not rewrite unchanged pages
        written = site_dir / page.file.dest_uri
        if page.url not in outputs and written.is_file():
            outputs[page.url] = written.read_text(encoding="utf-8")
    missing = [current.site.source(p.file.src_uri) for p in pages if p.url not in outputs]
    if missing:
        raise PluginError(
            "pdf: these manual pages were not built, so the PDF cannot include them: "
            + ", ".join(missing)
        )
    chapter_ids = {page.url: doc.chapter_id(page.url) for page in pages}
    chapters, problems = [], []
    for page in pages:
        try:
            chapters.append(
                doc.build_chapter(
                    outputs[page.url],
                    source=current.site.source(page.file.src_uri),
                    page_url=page.url,
                    level=doc.nesting_level(manual_path(page), MANUAL_DIR),
                    chapter_ids=chapter_ids,
                    site_url=config.site_url,
                    number=page.meta.get("step"),
                )
            )
        except ValueError as error:
            problems.append(str(error))
    if problems:
        raise PluginError("pdf: " + "\n".join(problems))
    built = history.build_time().date()
    edition = t["edition_text"].format(date=doc.format_edition_date(built, current.t["locale"]))
    return current.render(
        TEMPLATE,
        lang=current.language,
        labels=t,
        fonts=font_faces(current),
        chapters=chapters,
        contents=doc.contents(chapters),
        edition=edition,
        edition_iso=built.isoformat(),
        web_url=config.site_url.rstrip("/") + "/" + pages[0].url if config.site_url else None,
    )


def finish(current: build.Pass) -> None:
    """After the last language: wait for every PDF, then write its size into the links."""

    if not current.last or skip():
        return
    ex = export(current)
    waited = time.perf_counter()
    try:
        for job in ex.jobs:
            try:
                job.rendered = job.future.result()
            except Exception as error:  # the worker's error, re-raised for the build
                raise PluginError(
                    f"pdf: rendering the {job.language} PDF ({job.target}) failed: {error}"
                ) from error
    finally:
        stop(current)
    waited = time.perf_counter() - waited
    site_dir, notes = Path(current.config.site_dir), {}
    for job in ex.jobs:
        for problem in job.rendered.problems:  # a warning each, so a --strict build fails
            log.warning(
                f"PDF ({job.language}): WeasyPrint: {problem} – a broken link, a missing image, "
                "or a character none of overrides/pdf/fonts/ has (see its README.md)"
            )
        for note in job.rendered.notes:
            notes.setdefault(note, []).append(job.language)
        size = job.target.stat().st_size
        strings = current.site.strings[job.language]
        patch_links(current, job, doc.format_size(size, strings["locale"]))
        log.info(
            f"PDF ({job.language}): {job.target.relative_to(site_dir).as_posix()} – "
            f"{job.rendered.pages} pages, {doc.format_size(size, 'en')}; rendered in "
            f"{job.rendered.seconds:.1f} s ({job.rendered.cpu_seconds:.1f} s CPU) beside the "
            "build, "
            f"assembled in {job.assembly_seconds:.2f} s; HTML build ({job.language}): "
            f"{job.html_seconds:.1f} s"
        )
    for note, languages in notes.items():
        log.info(f"PDF ({', '.join(dict.fromkeys(languages))}): WeasyPrint: {note}")
    if ex.jobs:
        added = sum(job.assembly_seconds for job in ex.jobs) + waited
        html = sum(job.html_seconds for job in ex.jobs)
        log.info(
            f"PDF export added {added:.1f} s to the build (HTML build: {html:.1f} s for "
            f"{', '.join(job.language for job in ex.jobs)})"
        )


def patch_links(current: build.Pass, job: Job, size: str) -> None:
    """Write the PDF's real size into the download link of each written manual page."""
    for page in job.pages:
        path = Path(current.config.site_dir) / page.file.dest_uri
        text = path.read_text(encoding="utf-8")
        if text.count(SIZE_MARKER) != 1:
            raise PluginError(
                f"pdf: {path} should hold the download link's size marker {SIZE_MARKER} once, not "
                f"{text.count(SIZE_MARKER)} times – see partials/nspm/pdf-link.html"
            )
        path.write_text(text.replace(SIZE_MARKER, f"({size})"), encoding="utf-8")


def stop(current: build.Pass) -> None:
    """Stop the workers (also when the build fails)."""
    ex = current.site.shared("pdf").get("export")
    if ex is not None and ex.pool is not None:
        _live.discard(ex.pool)
        ex.pool.shutdown(wait=False, cancel_futures=True)
        ex.pool = None


def stop_all() -> None:
    while _live:
        _live.pop().shutdown(wait=False, cancel_futures=True)


# Helpers ------------------------------------------------------------------------------


def font_dir(current: build.Pass) -> Path:
    return Path(current.config.theme.custom_dir or current.site.root / "overrides") / FONT_DIR


def font_faces(current: build.Pass) -> list[dict]:
    """The @font-face rules' data; a missing font file stops the build, naming it."""
    folder = font_dir(current)
    missing = [
        current.site.display(folder / name) for name in FONTS if not (folder / name).is_file()
    ]
    if missing:
        raise PluginError(
            f"pdf: the PDF's font file(s) {', '.join(missing)} are missing – restore them from git "
            f"or remake them with {current.site.display(folder / 'subset.sh')}, or build with "
            "SKIP_PDF=1"
        )
    return [
        {"family": family, "weight": weight, "style": style, "url": (folder / name).as_uri()}
        for name, (family, weight, style) in FONTS.items()
    ]


def _pool(current: build.Pass) -> ProcessPoolExecutor:
    """Worker processes forked from a fresh server that has imported WeasyPrint once, so
    the import is paid once and nothing is forked from MkDocs' own process. They see only
    the project's fonts (a fontconfig file whose one folder is overrides/pdf/fonts)."""

    ex = current.site.shared("pdf").setdefault("export", Export())
    if ex.pool is None:
        cache = current.site.cache
        cache.mkdir(parents=True, exist_ok=True)
        conf = cache / "fonts.conf"
        text = (
            f'<?xml version="1.0"?>\n<fontconfig><dir>{font_dir(current)}</dir>'
            f"<cachedir>{cache / 'fontconfig'}</cachedir></fontconfig>\n"
        )
        if not conf.exists() or conf.read_text(encoding="utf-8") != text:
            conf.write_text(text, encoding="utf-8")
        environment = {"FONTCONFIG_FILE": str(conf)}
        if os.environ.get("SOURCE_DATE_EPOCH"):
            environment["SOURCE_DATE_EPOCH"] = os.environ["SOURCE_DATE_EPOCH"]
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["weasyprint"])
        ex.pool = ProcessPoolExecutor(
            max_workers=WORKERS,
            mp_context=context,
            initializer=doc.start_worker,
            initargs=(environment,),
        )
        _live.add(ex.pool)
        for _ in range(WORKERS):
            ex.pool.submit(time.sleep, 0)
    return ex.pool


def manual_path(page) -> str | None:
    """``manual/…`` for a page of the manual (language folder removed), else None."""
    src = page.file.src_uri
    locale = getattr(page.file, "locale", None)
    src = src.removeprefix(f"{locale}/") if locale else src
    return src if src.startswith(MANUAL_DIR) else None


def in_manual(current: build.Pass, page) -> bool:
    return any(page.url == manual.url for manual in current.state("pdf").get("pages", []))


def pdf_path(current: build.Pass) -> str:
    return f"{current.prefix}pdf/{current.t['pdf']['filename']}"
