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

# Stamps: each set-up step reruns only when what it installs from changes. The book's build
# needs requirements.txt and package.json's dependencies; the tests and tools also need the
# development pins (requirements-dev.txt, package.json's devDependencies).
PY_BOOK     := $(VENV)/.installed-book
PY_DEV      := $(VENV)/.installed-dev
NODE_BOOK   := node_modules/.installed-book
NODE_DEV    := node_modules/.installed-dev
PIP_INSTALL  = $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: help html pdf epub all livehtml linkcheck listings record record-measurements test bench bench-catalog bench-ci bench-build lighthouse clean clean-all setup setup-dev

help:
	@echo "make html       build the HTML book into $(BUILD)/html"
	@echo "make pdf        build the PDF (xelatex) into $(BOOK_PDF)"
	@echo "make epub       build the ePub into $(BOOK_EPUB)"
	@echo "make all        html, pdf and epub"
	@echo "make livehtml   serve the HTML book and rebuild on every change"
	@echo "make linkcheck  check every external link"
	@echo "make listings   compile and test every code listing (Go, Python, SQL on PostgreSQL 18, Rust) and check every record"
	@echo "make record     re-record the exact outputs (MEASURE=1: the measurements too; ONLY=slug or slug/record)"
	@echo "make record-measurements  the same as make record MEASURE=1"
	@echo "make test       run every listing, then the test suite (builds every format, strictly)"
	@echo "make bench      print the diagram renderer's speed against the stock Mermaid CLI"
	@echo "make bench-catalog  print the catalog extension's share of builds of 100, 1,000 and 5,000 posts"
	@echo "make bench-ci   print the time .ci/run takes today and with copies of today's posts (25 or more)"
	@echo "make bench-build print this project's build times beside plain Sphinx+MyST+furo on the same generated posts"
	@echo "make lighthouse print the Lighthouse scores of three pages of the HTML book against their floors"
	@echo "make clean      remove every build output but the diagrams' picture cache"
	@echo "make clean-all  remove every build output and the picture cache"

# The virtualenv, from Python 3.11 or newer (Debian keeps venv's pip in python3-venv).
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
		{ echo "make: '$(PYTHON)' is not Python 3.11 or newer; run make PYTHON=/path/to/python3.11" >&2; exit 1; }
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || tools/ensure-debian-packages python
	$(PYTHON) -m venv $(VENV)

# pip first, at its pinned version, so that every machine resolves the pins alike.
$(PY_BOOK): requirements.txt | $(BIN)/python
	$(PIP_INSTALL) $$(grep -m1 '^pip==' requirements.txt)
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(PY_DEV): requirements-dev.txt $(PY_BOOK)
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@

# npm ci replaces node_modules: the book's install leaves out the development packages, and the
# development install holds the book's too, so each stamp says what is there now.
$(NODE_BOOK): package.json package-lock.json
	npm ci --omit=dev
	rm -f $(NODE_DEV)
	touch $@

$(NODE_DEV): package.json package-lock.json
	npm ci
	touch $@ $(NODE_BOOK)

setup: $(PY_BOOK) $(NODE_BOOK)
	@tools/ensure-debian-packages diagrams

setup-dev: $(PY_DEV) $(NODE_DEV)
	@tools/ensure-debian-packages diagrams

html: setup
	$(SPHINXBUILD) -M html docs $(BUILD) -c . $(STRICT) $(SPHINXOPTS)

epub: setup
	$(SPHINXBUILD) -M epub docs $(BUILD) -c . $(STRICT) $(SPHINXOPTS)

pdf: setup
	@tools/ensure-debian-packages pdf
	$(SPHINXBUILD) -M latexpdf docs $(BUILD) -c . $(STRICT) $(SPHINXOPTS)
	@echo "PDF: $(BOOK_PDF)"

# The HTML last: its pages link to the PDF and the ePub this build made, copied beside them.
all: pdf epub
	$(MAKE) html

livehtml: setup
	$(BIN)/sphinx-autobuild docs $(BUILD)/html -c . $(STRICT) $(SPHINXOPTS) \
		--watch conf.py --watch playbook --re-ignore '\.pyc$$'

linkcheck: setup
	$(SPHINXBUILD) -M linkcheck docs $(BUILD) -c . $(STRICT) $(SPHINXOPTS)

# The book's listings and the test book's (one listing per language, each shown in a page), in
# one run: one PostgreSQL and one Redis server for both. Cargo builds in one folder of the user's
# cache, as Go builds in its build cache: a fresh clone reuses the crates compiled before (cargo
# rebuilds whatever changed, and the clone's own crates always).
CARGO_TARGET ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/backend-engineers-playbook/cargo-target
LISTINGS_RUN  = $(BIN)/python -m tools.listings --docs docs --docs tests/roots/test-listings \
		--cargo-target-dir $(CARGO_TARGET)
LISTINGS_DIRS = listings tests/roots/test-listings/listings

listings: setup-dev
	@tools/ensure-debian-packages listings
	$(LISTINGS_RUN) --timings $(BUILD)/timings/listings-run.json $(LISTINGS_DIRS)

# Rewrites the records from fresh runs; `git diff` is the review. Measurements only with MEASURE=1.
record: setup-dev
	@tools/ensure-debian-packages listings
	$(LISTINGS_RUN) --record $(if $(filter 1,$(MEASURE)),--measure) $(if $(ONLY),--only "$(ONLY)") $(LISTINGS_DIRS)

record-measurements:
	$(MAKE) record MEASURE=1

test: setup-dev listings
	@tools/ensure-debian-packages browser pdf checks
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup-dev
	$(BIN)/python tools/bench_diagrams.py

bench-catalog: setup-dev
	$(BIN)/python tools/bench_extension.py --sizes 100 1000 5000

bench-ci: setup-dev
	$(BIN)/python tools/bench_ci.py

bench-build: setup-dev
	$(BIN)/python tools/bench_build.py

lighthouse: html
	@tools/ensure-debian-packages browser
	$(BIN)/python tools/lighthouse.py --html $(BUILD)/html

# The pictures are named by everything that shapes them, so a clean build can reuse them (as
# jupyter-book's clean keeps its execution cache): the first build on a machine pays Chromium's start.
clean:
	[ ! -d $(BUILD) ] || find $(BUILD) -mindepth 1 -maxdepth 1 ! -name .diagram-cache -exec rm -rf {} +

clean-all:
	rm -rf $(BUILD)
