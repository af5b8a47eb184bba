"""The logic behind the site's build hooks (hooks/ holds MkDocs' thin entry points).

Tests, scripts and the preview import this package normally: `make venv` installs the
project in editable mode (pyproject.toml).
"""
