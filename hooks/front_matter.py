"""Every page starts with valid front matter: title and description (nspm/front_matter.py)."""

from nspm import build, front_matter


def on_page_markdown(markdown, page, config, files):
    front_matter.check_page(build.current(config), page)
