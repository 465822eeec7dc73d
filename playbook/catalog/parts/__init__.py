"""The computed parts of pages, and their registry.

A *part* is content a page shows that is computed from the whole catalog: a post's date and
topics, its related posts, a topic's definition, the journal, the topic map... Each part is one
:class:`Part` subclass in one module of this package, which knows

* its ``kind`` (the class statement's keyword: ``class Journal(Part, kind="journal")``; defining
  the class registers it),
* its :meth:`~Part.view` on a page, computed from the :class:`~playbook.catalog.views.Catalog`
  after reading (plain comparable data: a page is written again only when a view changed),
* how to :meth:`~Part.render` that view into generic docutils nodes, for every builder,
* the :meth:`~Part.diagrams` the rendered view draws (the build renders them with the others).

Directives and transforms *place* parts: ``Journal.placeholder(docname)`` in a transform, or
``app.add_directive("journal", Journal.directive())``. After reading, every placed part's view
is computed (:mod:`..updates`); when a page is written, each placeholder becomes its part's
nodes (:mod:`..resolve`). Adding a part is one module and one line that places it.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from ..views import Catalog
    from .page import Page


class part_placeholder(nodes.General, nodes.Element):
    """Where a part goes: ``kind`` and ``docname`` (the page that holds it: LaTeX resolves all
    pages as one tree)."""


_REGISTRY: dict[str, Part] = {}


class Part:
    """One computed part (see the module's documentation). Subclasses define :meth:`view` and
    :meth:`render`, and :meth:`diagrams` if they draw any."""

    kind: ClassVar[str]

    def __init_subclass__(cls, *, kind: str, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls.kind = kind
        known = _REGISTRY.get(kind)
        if known is not None and _name(type(known)) != _name(cls):  # the same class imported again replaces itself
            raise TypeError(f"two parts of kind {kind!r}: {_name(type(known))} and {_name(cls)}")
        _REGISTRY[kind] = cls()

    def view(self, catalog: Catalog, page: str) -> Hashable:
        """What this part shows on ``page``: plain records that compare equal when the page
        would show the same."""
        raise NotImplementedError

    def render(self, view, page: Page) -> list[nodes.Node]:
        """The view as generic docutils nodes, which every builder writes; builder-specific
        dressing is left to post-transforms."""
        raise NotImplementedError

    def diagrams(self, view) -> tuple[str, ...]:
        """The Mermaid code of every diagram :meth:`render` draws from ``view``."""
        return ()

    @classmethod
    def placeholder(cls, docname: str) -> part_placeholder:
        return part_placeholder(kind=cls.kind, docname=docname)

    @classmethod
    def directive(cls) -> type[SphinxDirective]:
        """A directive, without arguments or content, that places this part where it is written."""
        return type(f"{cls.__name__}Directive", (_PlacePart,), {"part": cls, "__doc__": cls.__doc__})


class _PlacePart(SphinxDirective):
    part: ClassVar[type[Part]]

    def run(self) -> list[nodes.Node]:
        node = self.part.placeholder(self.env.docname)
        self.set_source_info(node)
        return [node]


def part_of_kind(kind: str) -> Part:
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise KeyError(f"no computed part of kind {kind!r} is registered (known: {', '.join(sorted(_REGISTRY))})") from None


def placed_kinds(doctree: nodes.document) -> tuple[str, ...]:
    """The kinds of the parts a page places, each once, sorted."""
    return tuple(sorted({node["kind"] for node in doctree.findall(part_placeholder)}))


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"
