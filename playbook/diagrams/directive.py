"""The ``{mermaid}`` directive authors write: sphinxcontrib-mermaid's, with source lines and alt text enforced."""

from __future__ import annotations

from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.mermaid import Mermaid, mermaid

logger = logging.getLogger(__name__)


class MermaidDirective(Mermaid, SphinxDirective):
    """sphinxcontrib-mermaid's directive, plus what the build needs to report and describe a diagram.

    It records the source file and line on the node (errors name them) and requires ``:alt:``,
    a short text alternative, because the default alternative would be the diagram's source.
    """

    def run(self):
        result = super().run()
        for node in result:
            diagram = node if isinstance(node, mermaid) else node.next_node(mermaid)
            if diagram is None:
                continue
            diagram.source, diagram.line = self.get_source_info()
            if not diagram.get("alt", "").strip():
                logger.error(
                    "Mermaid diagram has no text alternative: expected an ':alt:' option with a short "
                    "description of what the diagram shows, found none.",
                    location=diagram,
                    type="playbook",
                    subtype="diagram",
                )
                diagram["alt"] = ""
        return result

