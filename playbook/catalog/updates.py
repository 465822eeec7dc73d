"""After reading: every placed part's view, the pages to write again, the diagrams to draw.

``env-updated`` reports the problems found (the build stops there if any), computes what every
placed part shows (its view) from all records, compares it with what it showed last time and
returns the pages whose views changed, to be written again: a body edit rewrites one page, a
metadata edit the pages that show that metadata. When nothing the views are computed from has
changed (the posts' records, the parts each page places, the settings), they are not computed.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .parts import part_of_kind
from .records import vocabulary_from_config
from .reporting import report_problems
from .state import CatalogState, toc_key
from .views import Catalog


def update_views(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: what each page shows, and the pages to write again because it changed.

    A build whose problems are reported fails: no part is computed from its incomplete catalog
    (an invalid post is in none), and the pages that place parts are written without them."""
    problems = report_problems(app, env)
    state = CatalogState.of(env)
    config = app.config
    inputs = None if problems else (
        tuple(sorted(state.posts.items())),
        tuple(sorted(state.placed.items())),
        repr(config.playbook_topics),
        config.playbook_related_per_post,
        config.playbook_related_per_topic,
        config.playbook_neighbouring_per_topic,
    )
    if inputs is not None and inputs == state.view_inputs:
        return []  # most rebuilds (a post's body edited) change nothing any view is computed from
    state.view_inputs = inputs
    catalog = Catalog(
        vocabulary=vocabulary_from_config(config.playbook_topics),
        posts=state.posts,
        related_per_post=config.playbook_related_per_post,
        related_per_topic=config.playbook_related_per_topic,
        neighbouring_per_topic=config.playbook_neighbouring_per_topic,
    )
    views = {} if problems else {
        page: {kind: part_of_kind(kind).view(catalog, page) for kind in kinds}
        for page, kinds in sorted(state.placed.items())
    }
    old, state.views = state.views, views
    # Every page's navigation (sidebar, previous/next) shows the posts' titles in toctree order:
    # when they change, every page is written again, as a clean build would write it.
    navigation = frozenset((post.docname, toc_key(post)) for post in catalog.records)
    before, state.navigation = state.navigation, navigation
    if before is not None and before != navigation:
        return sorted(env.found_docs)
    if problems:
        return sorted(state.placed)
    return sorted(page for page, view in views.items() if old.get(page) != view)


def generated_diagrams(app: Sphinx, env: BuildEnvironment) -> list[tuple[str, str]]:
    """:data:`playbook.diagrams.GENERATED_DIAGRAMS`: the diagrams the parts' views draw, by page."""
    return [
        (page, code)
        for page, views in CatalogState.of(env).views.items()
        for kind, view in views.items()
        for code in part_of_kind(kind).diagrams(view)
    ]
