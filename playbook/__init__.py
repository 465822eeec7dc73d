"""The Backend Engineer's Playbook's Sphinx extension.

``setup()`` reads as the table of contents of the package: each concern registers itself.
"""

from __future__ import annotations

from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict:
    app.setup_extension("playbook.diagrams")
    app.setup_extension("playbook.catalog")
    app.setup_extension("playbook.listings")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
