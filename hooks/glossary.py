"""Glossary: abbreviations explained on every page; the glossary page (nspm/glossary.py)."""

from mkdocs.plugins import event_priority

from nspm import build, glossary


@event_priority(build.PRIORITY["after_context"])
def on_config(config):
    current = build.current(config)
    shared = current.site.shared("glossary")
    if "entries" not in shared:
        shared["entries"] = glossary.load_all(current.site)
    terms = glossary.definitions(shared["entries"][current.language])
    config.mdx_configs["abbr"] = {**config.mdx_configs.get("abbr", {}), "glossary": terms}
    if not any(isinstance(x, glossary.HeadingGuardExtension) for x in config.markdown_extensions):
        config.markdown_extensions.append(glossary.HeadingGuardExtension())


def on_page_markdown(markdown, page, config, files):
    return glossary.on_page_markdown(build.current(config), markdown)
