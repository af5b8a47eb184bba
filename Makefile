# NSPM kunskapsbank. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | sha1sum | cut -c1-12)
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help serve build test lint venv clean lint-content translations linkcheck chromium pango screenshots a11y-record bench

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

NODE_STAMP := node_modules/.installed-$(shell sha1sum package-lock.json | cut -c1-12)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@rm -f node_modules/.installed-*
	@touch $(NODE_STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv from the pinned requirements

# LANG=en serves one language only. LANG is also the locale variable of the shell, so only
# a LANG given on the make command line counts (scripts/preview.py, issue 10).
LANG ?=
serve: $(STAMP) ## Preview with live reload on http://127.0.0.1:8000/, a save shown in < 0.5 s (no PDF; LANG=en: one language)
	SKIP_PDF=1 LANG=C.UTF-8 $(BIN)/python scripts/preview.py --dev-addr 127.0.0.1:8000 $(if $(filter command line,$(origin LANG)),--lang $(LANG))

build: $(STAMP) pango ## Strict build of both languages (and the PDFs) into site/
	@$(BIN)/python -m nspm.config_check mkdocs.yml
	$(BIN)/mkdocs build --strict --clean

lint: $(STAMP) ## ruff on nspm, hooks, scripts and tests
	$(BIN)/ruff check nspm hooks scripts tests
	$(BIN)/ruff format --check nspm hooks scripts tests

test: $(STAMP) $(NODE_STAMP) chromium pango lint lint-content ## Every check and test (what CI runs)
	$(BIN)/python -m pytest

clean: ## Remove site/ and caches (keeps .venv)
	rm -rf site .pytest_cache .ruff_cache

# Every checker runs; the target fails at the end if any of them failed.
lint-content: $(STAMP) $(NODE_STAMP) ## Markdown, spelling (sv, en) and YAML lint of the content
	@failed=""; \
	$(BIN)/rumdl check --output-format concise docs || failed="$$failed rumdl"; \
	node_modules/.bin/cspell --no-progress --no-summary "docs/**/*.md" || failed="$$failed cspell"; \
	$(BIN)/yamllint --strict . || failed="$$failed yamllint"; \
	if [ -n "$$failed" ]; then echo "lint-content: failed:$$failed (their findings are above)" >&2; exit 1; fi

translations: $(STAMP) ## English pages missing or stale (MARK=docs/en/x.md records one, DIFF=docs/en/x.md shows what changed)
	$(BIN)/python scripts/translations.py $(if $(MARK),--mark $(MARK)) $(if $(DIFF),--diff $(DIFF)) $(if $(STRICT),--strict)

linkcheck: $(STAMP) ## Check external links of site/ (opt-in, needs the network; builds site/ if missing)
	$(BIN)/python scripts/linkcheck.py --site site

chromium: ## Debian's Chromium for the browser tests (installs it with apt-get when root)
	@sh scripts/ensure-package.sh chromium

pango: ## Pango for WeasyPrint, the PDF export (installs it with apt-get when root)
	@sh scripts/ensure-package.sh libpangoft2-1.0-0

screenshots: $(STAMP) chromium ## Start page and a manual step, sv + en, 1280×800 and 390×844, into screenshots/
	$(BIN)/python scripts/screenshots.py

a11y-record: $(STAMP) $(NODE_STAMP) chromium ## Browser suite; if it passes, record date and method in data/accessibility.yml
	$(BIN)/python scripts/a11y_record.py

# Benchmarks: a report, exits 0 when a target fails. BENCH_ARGS, e.g. --full or --sizes 200,
# go to scripts/bench (python -m scripts.bench --help); PREVIEW_ARGS to scripts/bench/preview.py.
bench: $(STAMP) ## Build time, hook overhead, scaling, PDF, page weight, preview latency (bench-results/)
	$(BIN)/python -m scripts.bench $(BENCH_ARGS)
	$(BIN)/python -m scripts.bench.preview $(PREVIEW_ARGS) > bench-results/preview.md
	@cat bench-results/preview.md
