"""Material's sitemap.xml request for every hreflang alternate, removed (nspm/alternates.py)."""

from nspm import alternates


def on_post_build(config):
    alternates.patch_site(config.site_dir)
