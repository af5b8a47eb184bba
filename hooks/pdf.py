"""The manual as one tagged PDF per language (nspm/pdf.py); SKIP_PDF=1 skips it."""

from pathlib import Path

from mkdocs.plugins import event_priority

from nspm import build, pdf


def on_pre_build(config):
    pdf.export(build.current(config))


def on_files(files, config):
    """The print template, its CSS and fonts are build inputs, not files of the site."""
    docs = Path(config.docs_dir)
    for file in [f for f in files if f.src_uri.startswith("pdf/")]:
        if not Path(file.abs_src_path).is_relative_to(docs):
            files.remove(file)
    return files


@event_priority(build.PRIORITY["after_nav"])
def on_nav(nav, config, files):
    pdf.collect_pages(build.current(config), nav)


def on_page_context(context, page, config, nav):
    context["nspm_pdf"] = pdf.link(build.current(config), page)
    return context


@event_priority(build.PRIORITY["pdf_start"])
def on_post_build(config):
    current = build.current(config)
    pdf.start(current)
    pdf.finish(current)


def on_build_error(error):
    pdf.stop()
