"""An incremental HTML build's output equals a clean build's: what Sphinx and sphinx-sitemap leave
behind, put right.

* **Removed documents.** Sphinx forgets a removed document but leaves its page (and its copied
  source) in the output, where a reader or a search engine can still find it, and the ePub
  builder would pack it. Before writing starts, both are deleted.
* **sitemap.xml.** sphinx-sitemap lists the pages written in the build that writes it
  (jdillard/sphinx-sitemap#13, open since 2018): an incremental build, which writes only the
  pages that changed, would list only those. Before it writes the file, every document is put in
  its list again as it puts a written page (its own ``add_html_link``, so the entry is the same),
  and the list is sorted, so that clean, incremental and parallel builds list the same pages in
  one order. Since every document is listed at the end anyway, the list is a plain queue of the
  main process instead of sphinx-sitemap's ``multiprocessing.Manager().Queue()``, which starts a
  server process and makes every entry a round trip to it (at 160 posts, a tenth of a one-post
  edit's rebuild).

* **Doctrees read by another builder.** `make html`, `make pdf` and `make epub` share one doctree
  folder. When the LaTeX build re-reads a page because a listing it includes changed, the next
  HTML build finds the environment up to date and the page's source older than its HTML, and
  would keep the old page. Every page whose doctree is newer than its output is written again.

(The diagrams' pictures that no page shows any more are removed by :mod:`playbook.diagrams`.)
"""

from __future__ import annotations

import queue
from pathlib import Path

import sphinx_sitemap
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx_sitemap import add_html_link

from .listeners import reconnect


class RemovedDocuments:
    """The documents this build found removed, and the output they left."""

    def __init__(self) -> None:
        self._removed: set[str] = set()

    def note(self, app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
        """``env-get-outdated``: remember the removed documents; nothing more to read."""
        self._removed = set(removed)
        return []

    def delete_output(self, app: Sphinx, builder: Builder) -> None:
        """``write-started``: delete each removed document's page and copied source."""
        if not isinstance(builder, StandaloneHTMLBuilder):
            return
        config = builder.config
        for docname in self._removed:
            leftovers = [Path(builder.get_outfilename(docname))]
            for suffix in config.source_suffix:  # the copy is named after the source's suffix
                link_suffix = config.html_sourcelink_suffix if suffix != config.html_sourcelink_suffix else ""
                leftovers.append(Path(builder.outdir, "_sources", docname + suffix + link_suffix))
            for path in leftovers:
                path.unlink(missing_ok=True)


def use_a_local_sitemap_list(app: Sphinx, config: Config) -> None:
    """``config-inited`` (every extension is set up): sphinx-sitemap's ``builder-inited`` handler,
    which makes its list a Manager queue, is replaced by one that makes it a plain queue."""
    reconnect(app, "builder-inited", lambda handler: handler is sphinx_sitemap.record_builder_type,
              handler=_record_builder_type)


def _record_builder_type(app: Sphinx) -> None:
    """sphinx-sitemap's ``record_builder_type``, with a queue of this process: the pages a forked
    parallel writer puts in its copy are lost, and :func:`list_every_page` puts every one back."""
    builder = getattr(app, "builder", None)
    if builder is None:
        return
    builder.env.is_directory_builder = type(builder).__name__ == "DirectoryHTMLBuilder"
    app.sitemap_links = queue.Queue()


def list_every_page(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, before sphinx-sitemap writes sitemap.xml: every document in its list."""
    links = getattr(app, "sitemap_links", None)  # sphinx-sitemap's queue, set when it is loaded
    if exception is not None or links is None or not isinstance(app.builder, StandaloneHTMLBuilder):
        return
    for docname in sorted(app.env.found_docs):
        add_html_link(app, docname, None, {}, None)
    entries = set()  # the pages written in this build are now there twice
    while True:
        try:
            entries.add(links.get_nowait())
        except queue.Empty:
            break
    for entry in sorted(entries):
        links.put(entry)


def pages_older_than_their_doctrees(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: the documents whose doctree another builder wrote after this builder's page."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return []
    stale = []
    for docname in sorted(env.found_docs):
        page = Path(builder.get_outfilename(docname))
        doctree = Path(builder.doctreedir, f"{docname}.doctree")
        try:
            if doctree.stat().st_mtime_ns > page.stat().st_mtime_ns:
                stale.append(docname)
        except FileNotFoundError:
            continue  # a page never written is outdated already; a doctree not yet pickled is being read
    return stale


def setup(app: Sphinx) -> dict:
    removed = RemovedDocuments()  # one per application: nothing outlives a build
    app.connect("env-get-outdated", removed.note)
    app.connect("write-started", removed.delete_output)
    app.connect("config-inited", use_a_local_sitemap_list)
    app.connect("build-finished", list_every_page, priority=400)  # sphinx-sitemap writes at 500
    app.connect("env-updated", pages_older_than_their_doctrees)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
