"""furo's sidebar navigation, resolved once per folder instead of once per page.

furo draws the whole book's table of contents into every HTML page: for each page Sphinx resolves
the global toctree and furo re-parses the result with BeautifulSoup, which cost about a third of
a clean build of this book (issue 20). Two pages of one folder get the same links (the links are
relative to the folder); what differs is only the page's own entry: its link becomes ``#``, its
item and every list and item above it are marked ``current``, furo opens those items (their
checkboxes are checked) and marks the page's own item ``current-page``.

So the navigation is resolved, and put through furo, once per folder for no page at all, and each
page marks its own entry in that text. A page that is in the navigation more than once gets the
navigation the usual way. sphinx-notfound-page's 404 page (a page of the top folder whose links
start at the book's address) gets the top folder's navigation with that address put before its
links, as its own ``toctree()`` would give it. `tests/test_navigation.py` builds books with and
without this module and compares every page byte for byte.
"""

from __future__ import annotations

import html
import re
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config

from .listeners import reconnect

#: The arguments furo passes to the page's ``toctree()`` for its sidebar (furo/__init__.py,
#: ``_compute_navigation_tree``).
FURO_NAVIGATION = {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True}
#: A document name no source can have (a file name cannot hold NUL): the folder's navigation
#: resolved for it marks no entry current.
NO_PAGE = "\x00"

_LINK = re.compile(r'<a class="reference (?:internal|external)" href="([^"]*)">')
_TAG = re.compile(r"<(/?)(ul|li)\b([^>]*)>|<a class=\"reference internal\" href=\"([^\"]*)\">|<input\b[^>]*>")


class FolderNavigation:
    """One build's navigation texts, by folder (a forked parallel writer fills its own copy)."""

    def __init__(self) -> None:
        self._resolved: dict[str, str] = {}

    def install(self, app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
        """``html-page-context``, before furo's handler: furo's toctree() call gets the folder's
        navigation, resolved for no page."""
        builder = app.builder
        if not _applies(app) or "toctree" not in context:
            return
        folder = _folder_of(pagename)
        page_toctree = context["toctree"]
        if pagename == getattr(app.config, "notfound_pagename", None):
            if getattr(page_toctree, "__module__", None) != "notfound.extension":
                return  # not the toctree() this module knows how to stand in for
            folder = ""  # the links are absolute: the top folder's, behind the book's address
            context["playbook_links_prefix"] = app.config.notfound_urls_prefix or "/"

        def toctree(**options: Any) -> str:
            if options != FURO_NAVIGATION:
                return page_toctree(**options)
            if folder not in self._resolved:
                self._resolved[folder] = builder._get_local_toctree(_no_page_in(folder), **FURO_NAVIGATION)
            return self._resolved[folder]

        context["toctree"] = toctree
        context["playbook_page_toctree"] = page_toctree

    def mark(self, app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
        """``html-page-context``, after furo's handler: the page marks its own entry."""
        page_toctree = context.pop("playbook_page_toctree", None)
        if page_toctree is None:
            return
        context["toctree"] = page_toctree
        prefix = context.pop("playbook_links_prefix", None)
        if prefix is not None:  # the 404 page: in no folder's navigation, its links absolute
            context["furo_navigation_tree"] = _LINK.sub(lambda link: _prefixed(link, prefix), context["furo_navigation_tree"])
            return
        own_link = app.builder.get_relative_uri(_no_page_in(_folder_of(pagename)), pagename)
        marked = mark_current(context["furo_navigation_tree"], own_link)
        if marked is None:  # in the navigation twice: as furo computes it for the page
            from furo.navigation import get_navigation_tree

            marked = get_navigation_tree(page_toctree(**FURO_NAVIGATION))
        context["furo_navigation_tree"] = marked


def _folder_of(pagename: str) -> str:
    return pagename.rpartition("/")[0]


def _no_page_in(folder: str) -> str:
    """The name of no page, in ``folder``: its links are those of every page there."""
    return f"{folder}/{NO_PAGE}" if folder else NO_PAGE


def _prefixed(link: re.Match, prefix: str) -> str:
    """A link of the 404 page's navigation, as sphinx-notfound-page's ``replace_uris`` makes it."""
    href = html.unescape(link.group(1))
    if re.match("^https?://", href):
        return link.group(0)
    return link.group(0).replace(f'href="{link.group(1)}"', f'href="{html.escape(prefix + href, quote=True)}"', 1)


def _applies(app: Sphinx) -> bool:
    builder = app.builder
    return (
        type(builder) is StandaloneHTMLBuilder  # not dirhtml (other links), not the ePub
        and app.config.html_theme == "furo"
        and app.config.playbook_navigation_per_folder
    )


def mark_current(navigation: str, own_link: str) -> str | None:
    """``navigation`` (furo's text of a folder's toctree, no entry current) as Sphinx and furo
    write it for the page whose link in that folder is ``own_link``: the text unchanged if no entry
    links to the page, None if more than one does."""
    target = html.escape(own_link, quote=True)
    tags = list(_TAG.finditer(navigation))
    links = [i for i, tag in enumerate(tags) if tag.group(4) == target]
    if not links:
        return navigation
    if len(links) > 1:
        return None
    own = links[0]
    # The lists and items open at the page's link: its own item is the innermost.
    open_tags: list[int] = []
    for i in range(own):
        closing, name = tags[i].group(1), tags[i].group(2)
        if name is None:
            continue
        if closing:
            while open_tags and tags[open_tags.pop()].group(2) != name:
                pass
        else:
            open_tags.append(i)
    items = [i for i in open_tags if tags[i].group(2) == "li"]
    edits: dict[int, str] = {own: '<a class="current reference internal" href="#">'}
    for i in open_tags:
        if tags[i].group(2) == "ul":
            edits[i] = '<ul class="current">' if tags[i].group(3) == "" else _add_class(tags[i].group(0), "current")
    for i in items:
        edits[i] = _current_item(tags[i].group(0), page=i == items[-1])
        checkbox = _own_checkbox(tags, i)
        if checkbox is not None:
            edits[checkbox] = tags[checkbox].group(0).replace('" class="toctree-checkbox"', '" checked="" class="toctree-checkbox"', 1)
    out, last = [], 0
    for i, text in sorted(edits.items()):
        out.append(navigation[last:tags[i].start()])
        out.append(text)
        last = tags[i].end()
    out.append(navigation[last:])
    return "".join(out)


def _current_item(tag: str, page: bool) -> str:
    """An item's tag with Sphinx's ``current`` after its level class (furo's ``has-children``
    comes after it) and, for the page's own item, furo's ``current-page`` last."""
    tag = re.sub(r'class="(toctree-l\d+)', r'class="\1 current', tag, count=1)
    return tag.replace('">', ' current-page">', 1) if page else tag


def _add_class(tag: str, name: str) -> str:
    """Sphinx appends the class after the ones the element has."""
    return re.sub(r'class="([^"]*)"', lambda m: f'class="{m.group(1)} {name}"', tag, count=1)


def _own_checkbox(tags: list[re.Match], item: int) -> int | None:
    """The checkbox furo put into the item (after its link), if it has children."""
    for j in range(item + 1, len(tags)):
        name = tags[j].group(2)
        if name is not None:  # the next list or item: no checkbox of this item's own
            return None
        if tags[j].group(0).startswith("<input"):
            return j
    return None


def _notfound_first(app: Sphinx, config: Config) -> None:
    """``config-inited``: sphinx-notfound-page's handler, which gives the 404 page its own
    ``toctree()``, runs before :meth:`FolderNavigation.install` (priority 400) stands in for it."""
    reconnect(app, "html-page-context", lambda handler: getattr(handler, "__module__", None) == "notfound.extension",
              priority=390)


def setup(app: Sphinx) -> dict:
    app.setup_extension("playbook.config")  # playbook_navigation_per_folder
    app.connect("config-inited", _notfound_first)
    navigation = FolderNavigation()
    app.connect("html-page-context", navigation.install, priority=400)  # furo's handler runs at 500
    app.connect("html-page-context", navigation.mark, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
