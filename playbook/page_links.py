"""Links from the HTML book's pages to the book's PDF and ePub, and to each page's source.

Both come from two settings (:mod:`playbook.config`), completed from Read the Docs' environment:

* **Downloads.** ``playbook_download_url`` (Read the Docs' download address when built there) or,
  when it is None, the PDF and the ePub a local build made beside the HTML (``make all`` builds
  them first, into ``_build/latex`` and ``_build/epub``): those are copied beside the pages and
  linked relatively, so the links work from ``file://`` too. A format that was not built has no
  link. The template ``sidebar/playbook-downloads.html`` (docs/_templates) shows them from the
  context's ``playbook_downloads``.
* **Sources.** ``playbook_source_url``, when known, becomes furo's ``source_view_link`` (the "view
  the source" button at the top of each page); when it is not, no page has one.

Both are set at ``config-inited`` into ``html_context`` and ``html_theme_options``, which the HTML
builder hashes: pages are written again when a download appears or the address changes. The ePub
(its own theme, ``epub_theme``) and the PDF get neither.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

FORMATS = (("pdf", "PDF", "application/pdf"), ("epub", "ePub", "application/epub+zip"))


def local_builds(outdir: Path, config: Config) -> dict[str, Path]:
    """The PDF and the ePub of this book that a build into ``outdir``'s parent made (Sphinx's make
    mode: ``<build>/latex/<name>.pdf``, ``<build>/epub/<basename>.epub``), by format."""
    files = {}
    if config.latex_documents:
        files["pdf"] = outdir.parent / "latex" / Path(config.latex_documents[0][1]).with_suffix(".pdf").name
    files["epub"] = outdir.parent / "epub" / f"{config.epub_basename}.epub"
    return {fmt: path for fmt, path in files.items() if path.is_file()}


def downloads(app: Sphinx, config: Config) -> list[dict[str, str | bool]]:
    """What the sidebar links to: each format's label, address, media type, and whether the
    address is a file beside the pages (linked relatively) rather than an absolute address."""
    address = config.playbook_download_url
    if address is None:
        found = local_builds(Path(app.outdir), config)
        return [{"label": label, "href": found[fmt].name, "type": kind, "local": True}
                for fmt, label, kind in FORMATS if fmt in found]
    return [{"label": label, "href": address.format(format=fmt), "type": kind, "local": False}
            for fmt, label, kind in FORMATS if address]


def _configure(app: Sphinx, config: Config) -> None:
    config.html_context = {**config.html_context, "playbook_downloads": downloads(app, config)}
    if config.playbook_source_url:
        srcdir, confdir = Path(app.srcdir).resolve(), Path(app.confdir).resolve()
        # conf.py sits at the repository's root: a page's file is its path from there
        folder = srcdir.relative_to(confdir).as_posix() + "/" if srcdir.is_relative_to(confdir) and srcdir != confdir else ""
        escaped = config.playbook_source_url.replace("{", "{{").replace("}", "}}")
        config.html_theme_options = {
            **config.html_theme_options,
            "source_view_link": escaped.replace("{{path}}", folder + "{filename}"),
            "top_of_page_buttons": ["view"],
        }


def _copy_local_builds(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the local PDF and ePub the pages link to, copied beside them."""
    builder = app.builder
    if exception is not None or builder.format != "html" or builder.embedded or app.config.playbook_download_url is not None:
        return
    for path in local_builds(Path(builder.outdir), app.config).values():
        shutil.copyfile(path, Path(builder.outdir) / path.name)


def setup(app: Sphinx) -> dict:
    app.setup_extension("playbook.config")
    app.connect("config-inited", _configure, priority=600)  # after playbook.config's checks
    app.connect("build-finished", _copy_local_builds)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
