"""The computed start of a topic chapter's Definition: how many posts over which span, the
strongest adjacent topics, the recurring title motifs and how the topic shifted (the last two
only when there is one: see :func:`~playbook.catalog.computations.title_motifs` and
:func:`~playbook.catalog.computations.topic_shift`)."""

from __future__ import annotations

from docutils import nodes

from .. import computations
from ..computations import Definition, date_span
from ..paths import chapter_key
from ..views import Catalog
from . import Part
from .page import Page, count_of_posts, joined, words


class TopicDefinition(Part, kind="topic-definition"):
    def view(self, catalog: Catalog, page: str) -> Definition | None:
        return computations.topic_definition(catalog.records, chapter_key(page), catalog.stop_words)

    def render(self, definition: Definition, page: Page) -> list[nodes.Node]:
        para = nodes.paragraph()
        para += nodes.Text(
            f"{page.topic_name(definition.key)} coverage in this book spans {count_of_posts(definition.count)} "
            f"{date_span(definition.first, definition.last)}. "
        )
        if definition.adjacent:
            para += nodes.Text("The strongest adjacent topics are " if len(definition.adjacent) > 1 else "The strongest adjacent topic is ")
            para.extend(joined([page.topic_link(key) for key, _shared in definition.adjacent]))
            para += nodes.Text(". ")
        if definition.motifs:
            para += nodes.Text("Recurring title motifs include " + words(definition.motifs) + ". ")
        if definition.shift:
            para += nodes.Text(
                f"Early posts lean on {words(definition.shift.early)}, "
                f"while newer posts lean on {words(definition.shift.newer)}."
            )
        return [para]
