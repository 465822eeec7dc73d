"""Sphinx configuration of The Backend Engineer's Playbook (sources in docs/, this file at the root)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # the book's own extension, ./playbook

project = "The Backend Engineer's Playbook"
author = "The Backend Engineer's Playbook authors"
copyright = "2016–2026, %s" % author
version = release = "2026.11"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_copybutton",
    "playbook",
]

# The topic vocabulary, declared once: key -> (display name, one-line description). Posts list
# keys in their front matter; each key has its chapter in docs/topics/<key>.md (see Authoring).
playbook_topics = {
    "backend": ("Backend", "Services as a whole: their interfaces, their data and how they are run."),
    "go": ("Go", "The Go language and runtime as they behave inside long-running services."),
    "postgresql": ("PostgreSQL", "Queries, plans, indexes and maintenance on PostgreSQL 18."),
    "api": ("APIs", "HTTP APIs as contracts between teams: limits, versions and errors."),
    "performance": ("Performance", "Speed and capacity, measured before they are tuned."),
    "concurrency": ("Concurrency", "Work done at the same time, and how it is bounded and stopped."),
    "reliability": ("Reliability", "Keeping a service useful while its parts fail."),
    "async": ("Async processing", "Queues, background jobs, retries and idempotency."),
    "python": ("Python", "Python services and workers in production."),
    "data": ("Data", "How data is stored, moved and kept correct over time."),
}
# The Atom feed's links: the book's public address on Read the Docs (relative links without it).
playbook_feed_base_url = os.environ.get("READTHEDOCS_CANONICAL_URL", "")

root_doc = "index"
exclude_patterns = []
myst_enable_extensions = ["colon_fence", "deflist", "attrs_block", "attrs_inline"]
myst_heading_anchors = 3

# HTML: furo, measured lightest of the accessible themes with a dark mode (see README).
html_theme = "furo"
html_title = project
html_static_path = []
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {"navigation_with_keys": True}

# PDF through xelatex: it prints ≤ → ✓ and the other Unicode the chapters use (pdflatex stops).
latex_engine = "xelatex"
latex_documents = [
    (root_doc, "backend-engineers-playbook.tex", project, author, "manual"),
]
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    # GNU FreeFont covers the arrows, comparison signs and check marks that Latin Modern lacks.
    "fontpkg": r"""
\setmainfont{FreeSerif}
\setsansfont{FreeSans}
\setmonofont{FreeMono}
""",
}
latex_show_urls = "footnote"

# ePub: epubcheck wants a non-empty version, and Sphinx writes epub_uid both as the XML id of the
# identifier (so it must be an XML name) and as the NCX's copy of the identifier (so they are equal).
epub_basename = "BackendEngineersPlaybook"
epub_identifier = epub_uid = "BackendEngineersPlaybook"
epub_publisher = author
epub_show_urls = "no"
epub_exclude_files = []
