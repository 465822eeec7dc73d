# The Backend Engineer's Playbook. `make html` and `make test` do all their own set-up.
# Every build is strict: a warning fails it (-n -W --keep-going).

PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
SPHINXOPTS  ?=
STRICT      := -n -W --keep-going
SPHINXBUILD  = $(BIN)/sphinx-build
BUILD       := _build
BOOK_PDF    := $(BUILD)/latex/backend-engineers-playbook.pdf
BOOK_EPUB   := $(BUILD)/epub/BackendEngineersPlaybook.epub

# Stamps: each set-up step reruns only when what it installs from changes.
VENV_STAMP  := $(VENV)/.installed
NODE_STAMP  := node_modules/.installed

.PHONY: help html pdf epub all livehtml linkcheck listings test bench bench-catalog lighthouse clean setup

help:
	@echo "make html       build the HTML book into $(BUILD)/html"
	@echo "make pdf        build the PDF (xelatex) into $(BOOK_PDF)"
	@echo "make epub       build the ePub into $(BOOK_EPUB)"
	@echo "make all        html, pdf and epub"
	@echo "make livehtml   serve the HTML book and rebuild on every change"
	@echo "make linkcheck  check every external link"
	@echo "make listings   compile and test every code listing (Go, Python, SQL on PostgreSQL 18, Rust)"
	@echo "make test       run every listing, then the test suite (builds every format, strictly)"
	@echo "make bench      print the diagram renderer's speed against the stock Mermaid CLI"
	@echo "make bench-catalog  print the catalog extension's share of builds of 100, 1,000 and 5,000 posts"
	@echo "make lighthouse print the Lighthouse scores of three pages of the HTML book against their floors"
	@echo "make clean      remove every build output"

$(VENV_STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# PUPPETEER_SKIP_DOWNLOAD: the renderer drives Debian's chromium; no browser is downloaded.
$(NODE_STAMP): package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV_STAMP) $(NODE_STAMP)
	@tools/ensure-debian-packages diagrams

html: setup
	$(SPHINXBUILD) -M html docs $(BUILD) -c . $(STRICT) $(SPHINXOPTS)

epub: setup
	$(SPHINXBUILD) -M epub docs $(BUILD) -c . $(STRICT) $(SPHINXOPTS)

pdf: setup
	@tools/ensure-debian-packages pdf
	$(SPHINXBUILD) -M latexpdf docs $(BUILD) -c . $(STRICT) $(SPHINXOPTS)
	@echo "PDF: $(BOOK_PDF)"

all: html pdf epub

livehtml: setup
	$(BIN)/sphinx-autobuild docs $(BUILD)/html -c . $(STRICT) $(SPHINXOPTS) \
		--watch conf.py --watch playbook --re-ignore '\.pyc$$'

linkcheck: setup
	$(SPHINXBUILD) -M linkcheck docs $(BUILD) -c . $(STRICT) $(SPHINXOPTS)

# The book's listings, and the test book's (one listing per language, each shown in a page).
# Cargo's target/ folders go under _build, out of the repository.
listings: setup
	$(BIN)/python -m tools.listings --docs docs --cargo-target-dir $(BUILD)/cargo-target listings
	$(BIN)/python -m tools.listings --docs tests/roots/test-listings --cargo-target-dir $(BUILD)/cargo-target \
		tests/roots/test-listings/listings

test: setup listings
	@tools/ensure-debian-packages pdf checks
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup
	$(BIN)/python tools/bench_diagrams.py

bench-catalog: setup
	$(BIN)/python tools/bench_extension.py --sizes 100 1000 5000

lighthouse: html
	$(BIN)/python tools/lighthouse.py --html $(BUILD)/html

clean:
	rm -rf $(BUILD)
