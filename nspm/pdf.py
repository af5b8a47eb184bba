"""The manual as one tagged PDF (PDF/UA-1) per language, rendered by WeasyPrint.

Each language's print document (overrides/pdf/document.html) renders in a worker process while
the next language builds; the workers see only the project's fonts (overrides/pdf/fonts/), so
every machine makes the same PDF. ``SKIP_PDF=1`` skips it all (``make serve``).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url, write_file

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
_pools: list[ProcessPoolExecutor] = []  # the running workers (on_build_error gets no config)


def skip() -> bool:
    return os.environ.get("SKIP_PDF", "").strip().lower() not in ("", "0", "false", "no")


def export(current: build.Pass) -> None:
    """Start the workers while the pages build: forked from a server that has imported
    WeasyPrint once (not from MkDocs' process), they see only the project's fonts."""
    shared = current.site.shared("pdf")
    if skip() and "skipped" not in shared:  # said once per build
        shared["skipped"] = True
        log.info("PDF export skipped (SKIP_PDF is set)")
    if skip() or _pools:
        return
    cache = current.site.cache
    conf = cache / "fonts.conf"
    text = (
        f'<?xml version="1.0"?>\n<fontconfig><dir>{font_dir(current)}</dir>'
        f"<cachedir>{cache / 'fontconfig'}</cachedir></fontconfig>\n"
    )
    if not conf.exists() or conf.read_text(encoding="utf-8") != text:
        write_file(text.encode("utf-8"), conf)  # and its folder
    env = {"FONTCONFIG_FILE": str(conf)}
    if os.environ.get("SOURCE_DATE_EPOCH"):
        env["SOURCE_DATE_EPOCH"] = os.environ["SOURCE_DATE_EPOCH"]
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["weasyprint"])
    pool = ProcessPoolExecutor(
        max_workers=WORKERS, mp_context=context, initializer=doc.start_worker, initargs=(env,)
    )
    for _ in range(WORKERS):
        pool.submit(time.sleep, 0)
    _pools.append(pool)


def collect_pages(current: build.Pass, nav) -> None:
    state = current.state("pdf")
    state["pages"] = [page for page in nav.pages if manual_path(page) is not None]
    state["started"] = time.perf_counter()


def link(current: build.Pass, page) -> str | None:
    """The href of the download link (partials/nspm/pdf-link.html), on the manual's pages."""
    pages = current.state("pdf").get("pages", [])
    if skip() or not any(page.url == manual.url for manual in pages):
        return None
    return get_relative_url(pdf_path(current), page.url)


def start(current: build.Pass) -> None:
    """Assemble this language's print document and render it beside the next language."""
    state, config, t = current.state("pdf"), current.config, current.t["pdf"]
    pages = state.get("pages")
    if skip() or not pages:
        return
    started = time.perf_counter()
    site_dir = Path(config.site_dir)
    written = {page.url: site_dir / page.file.dest_uri for page in pages}
    missing = [current.site.source(p.file.src_uri) for p in pages if not written[p.url].is_file()]
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
                    written[page.url].read_text(encoding="utf-8"),
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
    document_html = current.render(
        TEMPLATE,
        lang=current.language,
        labels=t,
        fonts=font_faces(current),
        chapters=chapters,
        contents=doc.contents(chapters),
        edition=t["edition_text"].format(date=doc.format_edition_date(built, current.t["locale"])),
        edition_iso=built.isoformat(),
        web_url=config.site_url.rstrip("/") + "/" + pages[0].url if config.site_url else None,
    )
    state["target"] = site_dir / pdf_path(current)
    state["future"] = _pools[0].submit(
        doc.render_pdf, document_html, f"{site_dir.as_posix()}/", str(state["target"])
    )
    state["html_seconds"] = started - state["started"]
    state["assembly_seconds"] = time.perf_counter() - started
    current.site.shared("pdf").setdefault("jobs", {})[current.language] = state


def finish(current: build.Pass) -> None:
    """After the last language: wait for every PDF, then write its size into the links."""
    if not current.last or skip():
        return
    jobs = current.site.shared("pdf").pop("jobs", {})
    waited = time.perf_counter()
    try:
        for language, job in jobs.items():
            try:
                job["rendered"] = job["future"].result()
            except Exception as error:  # the worker's error, re-raised for the build
                raise PluginError(
                    f"pdf: rendering the {language} PDF ({job['target']}) failed: {error}"
                ) from error
    finally:
        stop()
    waited = time.perf_counter() - waited
    site_dir, notes = Path(current.config.site_dir), {}
    for language, job in jobs.items():
        rendered = job["rendered"]
        for problem in rendered.problems:  # a warning each, so a --strict build fails
            log.warning(
                f"PDF ({language}): WeasyPrint: {problem} – a broken link, a missing image, "
                "or a character none of overrides/pdf/fonts/ has (see its README.md)"
            )
        for note in rendered.notes:
            notes.setdefault(note, []).append(language)
        size = job["target"].stat().st_size
        shown = doc.format_size(size, current.site.strings[language]["locale"])
        for page in job["pages"]:  # the PDF's real size into each written page's link
            path = site_dir / page.file.dest_uri
            text = path.read_text(encoding="utf-8")
            if text.count(SIZE_MARKER) != 1:
                raise PluginError(
                    f"pdf: {path} should hold the download link's size marker {SIZE_MARKER} "
                    f"once, not {text.count(SIZE_MARKER)} times – see partials/nspm/pdf-link.html"
                )
            path.write_text(text.replace(SIZE_MARKER, f"({shown})"), encoding="utf-8")
        log.info(
            f"PDF ({language}): {job['target'].relative_to(site_dir).as_posix()} – "
            f"{rendered.pages} pages, {doc.format_size(size, 'en')}; rendered in "
            f"{rendered.seconds:.1f} s ({rendered.cpu_seconds:.1f} s CPU) beside the build, "
            f"assembled in {job['assembly_seconds']:.2f} s; HTML build ({language}): "
            f"{job['html_seconds']:.1f} s"
        )
    for note, languages in notes.items():
        log.info(f"PDF ({', '.join(languages)}): WeasyPrint: {note}")
    if jobs:
        added = sum(job["assembly_seconds"] for job in jobs.values()) + waited
        html = sum(job["html_seconds"] for job in jobs.values())
        log.info(
            f"PDF export added {added:.1f} s to the build (HTML build: {html:.1f} s for "
            f"{', '.join(jobs)})"
        )


def stop() -> None:
    """Stop the workers: after the last PDF, or when the build fails."""
    while _pools:
        _pools.pop().shutdown(wait=False, cancel_futures=True)


def font_dir(current: build.Pass) -> Path:
    """The fonts' folder; a relative custom_dir (a config with INHERIT) is the project's."""
    return Path(current.site.root, current.config.theme.custom_dir or "overrides", FONT_DIR)


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


def manual_path(page) -> str | None:
    """``manual/…`` for a page of the manual (language folder removed), else None."""
    locale = getattr(page.file, "locale", None)
    src = page.file.src_uri.removeprefix(f"{locale}/") if locale else page.file.src_uri
    return src if src.startswith(MANUAL_DIR) else None


def pdf_path(current: build.Pass) -> str:
    return f"{current.prefix}pdf/{current.t['pdf']['filename']}"
