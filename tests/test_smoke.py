def test_real_site_builds_both_languages(real_site):
    assert (real_site.site / "index.html").exists()
    assert (real_site.site / "en" / "index.html").exists()
