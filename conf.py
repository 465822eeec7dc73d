"""Sphinx configuration of The Backend Engineer's Playbook (sources in docs/, this file at the root)."""

import contextlib
import io
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # the book's own extension, ./playbook

from playbook.history import last_commit_time  # noqa: E402

# sphinxext-opengraph prints a notice about matplotlib (needed only for social cards, which the
# book does not make) when it is imported: import it here, silently, so the log holds only Sphinx's.
with contextlib.redirect_stdout(io.StringIO()):
    import sphinxext.opengraph  # noqa: E402,F401

project = "The Backend Engineer's Playbook"
author = "The Backend Engineer's Playbook authors"
copyright = "2016–2026, %s" % author
version = release = "2026.11"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_copybutton",
    "playbook.history",  # "Last updated" from each page's (and its listings') last commit, when git has it
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "notfound.extension",  # 404.html
    "playbook",
    "playbook.reproducible",
]

# The book's public address, in this one place: the sitemap, the OpenGraph URLs, the Atom feed and
# the 404 page's links derive from it. Read the Docs gives the real one; the default is its form.
html_baseurl = os.environ.get(
    "READTHEDOCS_CANONICAL_URL", "https://backend-engineers-playbook.readthedocs.io/en/latest/"
)

# Reproducible builds: dates come from the last commit, never from the clock (Sphinx reads
# SOURCE_DATE_EPOCH for the ePub's date; playbook.reproducible for the ePub's zip entries).
if "SOURCE_DATE_EPOCH" not in os.environ and (_last_commit := last_commit_time(ROOT)):
    os.environ["SOURCE_DATE_EPOCH"] = _last_commit

# The topic vocabulary, declared once: key -> (display name, one-line description). Posts list
# keys in their front matter; each key has its chapter in docs/topics/<key>.md (see Authoring).
playbook_topics = {
    "backend": ("Backend", "Services as a whole: their interfaces, their data and how they are run."),
    # Not plain "Go": link text "go" reads as a command ("go here") to search engines and Lighthouse.
    "go": ("Go language", "The Go language and runtime as they behave inside long-running services."),
    "postgresql": ("PostgreSQL", "Queries, plans, indexes and maintenance on PostgreSQL 18."),
    "api": ("APIs", "HTTP APIs as contracts between teams: limits, versions and errors."),
    "architecture": ("Architecture", "How a system is divided into parts, and what each division costs in consistency, latency and operations."),
    "performance": ("Performance", "Speed and capacity, measured before they are tuned."),
    "concurrency": ("Concurrency", "Work done at the same time, and how it is bounded and stopped."),
    "reliability": ("Reliability", "Keeping a service useful while its parts fail."),
    "async": ("Async processing", "Queues, background jobs, retries and idempotency."),
    "python": ("Python", "Python services and workers in production."),
    "data": ("Data", "How data is stored, moved and kept correct over time."),
    "practice": ("Engineering practice", "How code is written, reviewed, tested and shipped, and the tools that keep it honest."),
}

root_doc = "index"
exclude_patterns = []
myst_enable_extensions = ["colon_fence", "deflist", "attrs_block", "attrs_inline"]
myst_heading_anchors = 3
# A post's title is written once, in its front matter, and shown by the heading and by every computed
# part (reading paths, related posts, the journal, the feed, PDF bookmarks). Docutils' SmartQuotes
# would curl the heading's apostrophes only ("Can’t" over links saying "Can't"): text is shown as
# written, and writers who want typographic quotes type them.
smartquotes = False

# HTML: furo, measured lightest of the accessible themes with a dark mode (see README).
html_theme = "furo"
html_title = project
# Paths relative to this file. The book's own stylesheet and script (diagram legibility, print,
# accessibility fixes to furo's markup) and the search page's template (it lacks an <h1>).
templates_path = ["docs/_templates"]
html_static_path = ["docs/_static"]
html_css_files = ["playbook-reading.css"]
html_js_files = [("playbook-reading.js", {"defer": "defer"})]
html_favicon = "docs/_static/favicon.svg"  # without one, browsers ask the host for /favicon.ico
html_copy_source = False
html_show_sourcelink = False
# No general index page: the book has no index entries, so it would be an empty page, written and
# its whole navigation resolved on every build.
html_use_index = False
html_theme_options = {"navigation_with_keys": True}
# furo's sidebar, with links to the book's PDF and ePub under the navigation (playbook.page_links:
# Read the Docs' downloads there, the files of `make all` here, none where none was built).
html_sidebars = {
    "**": [
        "sidebar/brand.html", "sidebar/search.html", "sidebar/scroll-start.html", "sidebar/navigation.html",
        "sidebar/playbook-downloads.html", "sidebar/ethical-ads.html", "sidebar/scroll-end.html",
        "sidebar/variant-selector.html",
    ]
}

# "Last updated" under each page: the date of the last commit of the page or of a listing it
# includes, in UTC, so two builds of one commit print the same date.
html_last_updated_fmt = "%d %B %Y"
git_last_updated_timezone = "UTC"

# sitemap.xml: page addresses under html_baseurl (not Sphinx's default /<lang>/<version>/), with
# each page's last commit date; the pages that hold no content of their own are left out.
sitemap_url_scheme = "{link}"
sitemap_show_lastmod = True
sitemap_excludes = ["search.html", "404.html"]

# OpenGraph: posts get their summary as og:description and meta description, topic chapters their
# description from playbook_topics (playbook.catalog); other pages their first paragraph. No social-card images (they would need matplotlib).
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}

# 404.html: absolute links, since it is served for any missing path under the book's address.
notfound_urls_prefix = _book_path = urlsplit(html_baseurl).path
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1>\n"
        "<p>No page of the book lives at this address. It may have moved when the book was "
        f'reorganised: start again from <a href="{_book_path}index.html">the '
        "book's first page</a>, or search for it with the search box.</p>"
    ),
}

# PDF through xelatex: it prints ≤ → ✓ and the other Unicode the chapters use (pdflatex stops).
latex_engine = "xelatex"
# The PDF is a book (playbook.book): the root's toctrees only (the landing page's cards and map
# are the HTML book's way in), chapters that start on the next page, whichever side it is.
latex_documents = [
    (root_doc, "backend-engineers-playbook.tex", project, author, "manual", True),
]
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    "extraclassoptions": "openany,oneside",
    # GNU FreeFont covers the arrows, comparison signs and check marks that Latin Modern lacks.
    # Code: DejaVu Sans Mono (Debian's fonts-dejavu-core), legible at small sizes, with wide glyph
    # coverage, scaled to the text's x-height; at \small with tabs of 4 columns a listing's
    # 90-column lines fit the A4 text width.
    "fontpkg": r"""
\setmainfont{FreeSerif}
\setsansfont{FreeSans}
\setmonofont[Scale=MatchLowercase]{DejaVu Sans Mono}
""",
    "fvset": r"\fvset{fontsize=\small,tabsize=4}",
}
latex_show_urls = "footnote"

# ePub: epubcheck wants a non-empty version, and Sphinx writes epub_uid both as the XML id of the
# identifier (so it must be an XML name) and as the NCX's copy of the identifier (so they are equal).
epub_basename = "BackendEngineersPlaybook"
epub_identifier = epub_uid = "BackendEngineersPlaybook"
epub_publisher = author
epub_show_urls = "no"
epub_exclude_files = []

# The Authoring guide is for the book's writers: in the HTML book, not in the PDF or the ePub.
playbook_web_only_pages = ["authoring"]
