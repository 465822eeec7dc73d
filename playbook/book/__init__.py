"""The PDF and the ePub read as a book.

Both follow the book's reading order, the root toctree's: the front matter (the pages the root
toctree lists before the topic chapters), then each topic chapter followed by the posts it holds
(its toctree, which the catalog computes), then anything listed after them. What each format
makes of that order:

- PDF (:mod:`.latex`): a title page and the table of contents; the front matter as unnumbered
  chapters; a part per topic, opened by the topic's chapter and holding its posts as chapters;
  every chapter on a new page. The table of contents lists parts and chapters.
- ePub: the navigation lists the front matter, then each topic chapter with its posts under it,
  by title (Sphinx's navigation of the hidden toctrees, pages' sections left out); no index page.
- Pages for the book's writers (``playbook_web_only_pages``, the Authoring guide) are in the HTML
  book only.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from . import latex

STYLE = Path(__file__).with_name("playbook-book.sty")
STATIC = Path(__file__).with_name("static")
EPUB_STYLESHEET = "playbook-epub.css"
#: What the web's pages load and no ePub page uses: the copy button (a reader app has no
#: clipboard for it) and the web's reading stylesheet and script (wide diagrams that scroll,
#: dark-mode inversion, furo's fixes). Left out of the pages and of the ePub file.
WEB_ONLY_STATIC = (
    "copybutton.css", "copybutton.js", "copybutton_funcs.js", "clipboard.min.js", "copy-button.svg", "check-solid.svg",
    "playbook-reading.css", "playbook-reading.js", "playbook-diagrams.css",
)


def _configure(app: Sphinx, config: Config) -> None:
    # The ePub's navigation and reading order: every toctree (the book's are hidden, so that the
    # landing page does not repeat the sidebar), with no Index page (the book has no index entries).
    config.epub_tocscope = "includehidden"
    config.epub_use_index = False
    excluded = [docname + ".xhtml" for docname in config.playbook_web_only_pages]
    excluded += ["_static/" + name for name in WEB_ONLY_STATIC]
    config.epub_exclude_files = [*config.epub_exclude_files, *excluded]
    config.latex_additional_files = [*config.latex_additional_files, str(STYLE)]


def _epub_stylesheet(app: Sphinx) -> None:
    if app.builder.name == "epub":
        app.config.html_static_path.append(str(STATIC))
        app.add_css_file(EPUB_STYLESHEET)


def _epub_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name != "epub":
        return
    for key in ("css_files", "script_files"):  # new lists: the builder shares its own between pages
        if key in context:
            context[key] = [asset for asset in context[key] if asset.filename.rsplit("/", 1)[-1] not in WEB_ONLY_STATIC]


def setup(app: Sphinx) -> dict:
    app.setup_extension("playbook.config")  # playbook_web_only_pages, playbook_topics
    app.connect("config-inited", _configure, priority=600)  # after playbook.config's checks
    app.add_latex_package(STYLE.stem)
    app.add_post_transform(latex.BookStructure)
    app.connect("builder-inited", _epub_stylesheet)
    app.connect("html-page-context", _epub_page_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
