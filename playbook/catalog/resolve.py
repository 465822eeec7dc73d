"""The resolve step: each part's placeholder becomes the part's generic nodes, from its view.

A post-transform, early (before references are resolved), so that the parts' nodes then go
through every other post-transform as written content does; the builder-specific dressing of a
part is a post-transform of its own, in the part's module. The LaTeX builder resolves the whole
book as one tree, so each placeholder names its own page.
"""

from __future__ import annotations

from sphinx.transforms.post_transforms import SphinxPostTransform

from .parts import part_of_kind, part_placeholder
from .parts.page import Page, builder_of
from .state import CatalogState


class ResolveParts(SphinxPostTransform):
    default_priority = 5  # before ReferencesResolver (10): a part may leave cross-references to it

    def run(self, **kwargs) -> None:
        state, builder = CatalogState.of(self.env), builder_of(self.env)
        for node in list(self.document.findall(part_placeholder)):
            if state.reported:  # the build fails, and no view was computed (see updates)
                node.parent.remove(node)
                continue
            page, kind = node["docname"], node["kind"]
            node.replace_self(part_of_kind(kind).render(state.views[page][kind], Page(builder, page)))
