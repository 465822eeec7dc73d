"""The book's catalog of posts: front matter becomes topic chapters, reading paths, related posts,
a journal, a topic map and an Atom feed.

Modules: :mod:`.records` (front matter → records), :mod:`.validation` and :mod:`.computations`
(pure), :mod:`.topic_map` (Mermaid code), :mod:`.directives` and :mod:`.transforms` (read time:
placeholders and sections), :mod:`.state` (environment, invalidation), :mod:`.render` (resolve
time), :mod:`.feed`.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from . import directives, feed, page_meta, render, state, transforms
from .records import vocabulary_from_config


def setup(app: Sphinx) -> dict:
    app.add_config_value("playbook_topics", {}, "env", dict)
    app.add_config_value("playbook_feed_base_url", "", "html", str)
    app.connect("config-inited", _check_vocabulary)

    app.add_node(directives.catalog_placeholder)
    app.add_directive("journal", directives.JournalDirective)
    app.add_directive("topic-map", directives.TopicMapDirective)
    app.add_directive("topic-cards", directives.TopicCardsDirective)
    app.add_directive("topic-chapters", directives.TopicChaptersDirective)
    app.add_transform(transforms.PostPageTransform)
    app.add_transform(transforms.TopicChapterTransform)

    app.add_env_collector(state.CatalogCollector)
    app.connect("env-get-outdated", state.refresh_posts)
    app.connect("env-updated", state.compute_views, priority=500)  # before the diagram batch (900)
    app.connect("doctree-resolved", render.resolve_placeholders)
    app.connect("build-finished", feed.write_feed)
    app.connect("html-page-context", page_meta.add_description, priority=450)  # before opengraph's
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}


def _check_vocabulary(app: Sphinx, config: Config) -> None:
    try:
        vocabulary_from_config(config.playbook_topics)
    except ValueError as error:
        raise ConfigError(str(error)) from None
