"""The catalog's Sphinx setup: what each phase of a build runs, in order."""

from __future__ import annotations

from sphinx.application import Sphinx

from ..diagrams import GENERATED_DIAGRAMS
from . import feed, page_meta, reporting, state, transforms, updates
from .directives import TopicChaptersDirective
from .parts import part_placeholder
from .parts.journal import FeedLinkWithoutFeed, Journal
from .parts.topic_cards import TopicCardGrid, TopicCards
from .parts.topic_map import TopicMap
from .resolve import ResolveParts


def setup(app: Sphinx) -> dict:
    app.setup_extension("playbook.config")  # playbook_topics, playbook_feed_base_url, ...
    app.setup_extension("playbook.diagrams")  # draws the parts' diagrams (GENERATED_DIAGRAMS)

    # reading: directives and transforms place parts
    app.add_node(part_placeholder)
    app.add_node(  # HTML writers find visit_admonition through the class's bases
        transforms.section_box, latex=(transforms.visit_section_box_latex, transforms.depart_section_box_latex)
    )
    app.add_directive("journal", Journal.directive())
    app.add_directive("topic-map", TopicMap.directive())
    app.add_directive("topic-cards", TopicCards.directive())
    app.add_directive("topic-chapters", TopicChaptersDirective)
    app.connect("source-read", transforms.front_matter_for_myst)
    app.add_transform(transforms.PostPageTransform)
    app.add_transform(transforms.TopicChapterTransform)

    # the environment: posts before reading, placed parts while reading, views after
    app.add_env_collector(state.CatalogCollector)
    app.connect("env-get-outdated", state.refresh_posts)
    app.connect("env-updated", updates.update_views)
    app.connect(GENERATED_DIAGRAMS, updates.generated_diagrams)

    # writing: parts' nodes, then their builder-specific dressing
    app.add_post_transform(ResolveParts)
    app.add_post_transform(TopicCardGrid)
    app.add_post_transform(FeedLinkWithoutFeed)
    app.connect("html-page-context", page_meta.add_description, priority=450)  # before opengraph's
    app.connect("html-page-context", feed.link_feed)
    app.connect("build-finished", feed.write_feed)
    app.connect("build-finished", reporting.summarize)
    return {"version": "1.0", "env_version": 3, "parallel_read_safe": True, "parallel_write_safe": True}
