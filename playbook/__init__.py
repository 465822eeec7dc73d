"""The Backend Engineer's Playbook's Sphinx extension.

``setup()`` reads as the table of contents of the package: each concern registers itself. No
module is imported here, so that the pure ones (such as :mod:`playbook.catalog.computations`)
import without Sphinx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict:
    app.setup_extension("playbook.config")  # every playbook_* setting, in one table
    app.setup_extension("playbook.diagrams")
    app.setup_extension("playbook.catalog")
    app.setup_extension("playbook.listings")
    app.setup_extension("playbook.raw_markup")
    app.setup_extension("playbook.pdf_fonts")
    app.setup_extension("playbook.authoring")
    app.setup_extension("playbook.recorded")
    app.setup_extension("playbook.book")  # the PDF and the ePub: front matter, parts, chapters
    app.setup_extension("playbook.page_links")  # links to the PDF and the ePub, and to each page's source
    app.setup_extension("playbook.navigation")  # furo's sidebar resolved once per folder
    app.setup_extension("playbook.page_assets")  # a page loads the CSS and JS it uses
    app.setup_extension("playbook.template_cache")  # the theme's templates compiled once
    app.setup_extension("playbook.incremental")  # an incremental build's output equals a clean build's
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
