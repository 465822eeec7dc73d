"""The catalog's state in the build environment, and how it stays right on incremental builds.

* Post records (``env.playbook_posts``) are parsed from the sources' front matter in
  ``env-get-outdated``, in the main process, before any document is read: every reader, serial
  or parallel, sees all posts, and a post's changes are known before reading starts, so the
  chapters whose toctree they change are read again.
* Read-time facts (``env.playbook_pages``: which computed parts a page shows; chapter problems)
  are kept per document by :class:`CatalogCollector`, with purge and parallel merge.
* ``env-updated`` computes what every page shows (its *view*) from all records, compares it
  with what the page showed last time and returns the pages whose view changed, to be written
  again: a body edit rewrites one page, a metadata edit the pages that show that metadata.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.errors import SphinxError
from sphinx.util import logging

from playbook.diagrams.collector import set_generated

from . import computations, topic_map
from .directives import catalog_placeholder
from .records import Post, Problem, Topic, post_from_fields, read_front_matter, vocabulary_from_config
from .validation import chapter_docname, duplicate_titles, topic_coverage

logger = logging.getLogger(__name__)

POSTS = "posts/"
CHAPTERS = "topics/"
RELATED_PER_POST = 5
RELATED_PER_TOPIC = 8


class CatalogError(SphinxError):
    category = "Post metadata error"


def is_post(docname: str) -> bool:
    return docname.startswith(POSTS)


def is_chapter(docname: str) -> bool:
    return docname.startswith(CHAPTERS)


def vocabulary(app: Sphinx) -> tuple[Topic, ...]:
    return vocabulary_from_config(app.config.playbook_topics)


def posts(env: BuildEnvironment) -> dict[str, Post]:
    if not hasattr(env, "playbook_posts"):
        env.playbook_posts = {}
        env.playbook_post_problems = {}
    return env.playbook_posts


def _post_problems(env: BuildEnvironment) -> dict[str, list[Problem]]:
    posts(env)
    return env.playbook_post_problems


def _pages(env: BuildEnvironment) -> dict[str, tuple[str, ...]]:
    if not hasattr(env, "playbook_pages"):
        env.playbook_pages = {}
        env.playbook_chapter_problems = {}
    return env.playbook_pages


def _chapter_problems(env: BuildEnvironment) -> dict[str, list[Problem]]:
    _pages(env)
    return env.playbook_chapter_problems


def set_chapter_problems(env: BuildEnvironment, docname: str, problems: list[Problem]) -> None:
    if problems:
        _chapter_problems(env)[docname] = problems
    else:
        _chapter_problems(env).pop(docname, None)


def missing_title(docname: str) -> Problem:
    return Problem(docname, 1, "topic chapter", "a '# <display name>' title and the authored sections", "no title")


def views(env: BuildEnvironment) -> dict[str, dict[str, object]]:
    return getattr(env, "playbook_views", {})


# --- posts, refreshed before reading ------------------------------------------------------------


def _toc_key(post: Post | None):
    """What a chapter's toctree shows of a post: where it lives and its place in the order."""
    return None if post is None else (post.chapter, post.date, post.title)


def refresh_posts(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: re-parse new and changed posts; return the chapters to read again."""
    records, problems = posts(env), _post_problems(env)
    topics = vocabulary(app)
    reread = set()
    for docname in sorted(added | changed | removed):
        if not is_post(docname):
            continue
        before = records.pop(docname, None)
        problems.pop(docname, None)
        if docname not in removed:
            text = Path(env.doc2path(docname)).read_text(encoding=app.config.source_encoding)
            fields, found = read_front_matter(docname, text)
            post, invalid = post_from_fields(docname, fields, topics) if not found else (None, found)
            if post is not None:
                records[docname] = post
            if invalid:
                problems[docname] = invalid
        after = records.get(docname)
        if _toc_key(before) != _toc_key(after):
            reread.update(chapter_docname(post.chapter) for post in (before, after) if post is not None)
    return sorted((reread & env.found_docs) - added)


# --- read-time facts -----------------------------------------------------------------------------


class CatalogCollector(EnvironmentCollector):
    """Which computed parts each page shows, and each topic chapter's problems."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _pages(env).pop(docname, None)
        if docname not in env.found_docs:  # deleted: its chapter problems go with it
            _chapter_problems(env).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
        for docname in docnames:
            if docname in _pages(other):
                _pages(env)[docname] = _pages(other)[docname]
            if docname in _chapter_problems(other):
                _chapter_problems(env)[docname] = _chapter_problems(other)[docname]
            else:
                _chapter_problems(env).pop(docname, None)

    def process_doc(self, app: Sphinx, doctree) -> None:
        kinds = tuple(sorted({node["kind"] for node in doctree.findall(catalog_placeholder)}))
        if kinds:
            _pages(app.env)[app.env.docname] = kinds


# --- after reading: report, compute views, declare what changed -----------------------------------


def report_problems(app: Sphinx, env: BuildEnvironment) -> None:
    """Every problem of every post and chapter, each with its file and line; then fail the build."""
    records = posts(env)
    found = [problem for docname in sorted(_post_problems(env)) for problem in _post_problems(env)[docname]]
    found += [problem for docname in sorted(_chapter_problems(env)) for problem in _chapter_problems(env)[docname]]
    found += duplicate_titles(records.values())
    chapters = {docname for docname in env.found_docs if is_chapter(docname)}
    found += topic_coverage(records.values(), vocabulary(app), chapters)
    for problem in found:
        if problem.docname == "conf":
            location = _conf_location(app, problem.key.partition("'")[2].rstrip("']") or None)
        else:
            location = (problem.docname, problem.line)
        logger.error(problem.message(), location=location, type="playbook", subtype="metadata")
    if found:
        raise CatalogError(
            f"{len(found)} problem(s) in the posts' front matter or the topic chapters; see the errors above. "
            "The Authoring page lists the schema."
        )


def _conf_location(app: Sphinx, topic: str | None) -> nodes.Element:
    """conf.py and the line that declares ``topic`` (or playbook_topics), as a node: Sphinx takes
    a string location for a docname."""
    location = nodes.Element()
    location.source = str(Path(app.confdir) / "conf.py")
    lines = Path(location.source).read_text(encoding="utf-8").splitlines()
    start = next((n for n, line in enumerate(lines) if line.startswith("playbook_topics")), 0)
    keyed = (n for n, line in enumerate(lines[start:], start) if topic and f'"{topic}"' in line.split(":")[0])
    location.line = next(keyed, start) + 1
    return location


def compute_views(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: what each page shows, and the pages to write again because it changed."""
    report_problems(app, env)
    topics = vocabulary(app)
    records = list(posts(env).values())
    graph = computations.cooccurrence(records, topics)
    related = computations.related_posts(records, limit=RELATED_PER_POST)
    by_docname = posts(env)
    new: dict[str, dict[str, object]] = {}
    diagrams: dict[str, list[str]] = {}
    for docname, kinds in sorted(_pages(env).items()):
        page = new[docname] = {}
        for kind in kinds:
            page[kind] = _view(kind, docname, topics, records, by_docname, graph, related)
        diagrams[docname] = [page[kind][0] for kind in ("topic-map", "topic-neighbourhood") if kind in page]
    old = views(env)
    env.playbook_views = new
    set_generated(env, {docname: codes for docname, codes in diagrams.items() if codes})
    # Every page's navigation (sidebar, previous/next) shows the posts' titles in toctree order:
    # when they change, every page is written again, as a clean build would write it.
    navigation = frozenset((post.docname, _toc_key(post)) for post in records)
    if navigation != getattr(env, "playbook_navigation", navigation):
        env.playbook_navigation = navigation
        return sorted(env.found_docs)
    env.playbook_navigation = navigation
    return sorted(docname for docname, view in new.items() if old.get(docname) != view)


@dataclass(frozen=True)
class Shown:
    """What a page shows of another post: a view holds no more, so that an edit to anything
    else of that post leaves the page alone."""

    docname: str
    title: str
    date: date
    summary: str | None = None


def _link(post: Post) -> Shown:
    return Shown(post.docname, post.title, post.date)


def _entry(post: Post) -> Shown:
    return Shown(post.docname, post.title, post.date, post.summary)


def _view(kind, docname, topics, records, by_docname, graph, related):
    """The data a placeholder of ``kind`` on page ``docname`` shows: plain, comparable records."""
    if kind == "post-info":
        return by_docname.get(docname)
    if kind == "post-related":
        return tuple((_link(by_docname[item.docname]), item.shared) for item in related.get(docname, ()))
    if kind == "journal":
        return tuple((month, tuple(map(_entry, items))) for month, items in computations.journal_months(records))
    if kind == "topic-cards":
        return graph.counts
    if kind == "topic-map":
        return (topic_map.mermaid_code(graph, topics), topic_map.text_alternative(graph, topics, "Topic map"))
    key = docname.removeprefix(CHAPTERS)
    own = computations.posts_of_topic(records, key)
    if kind == "topic-definition":
        return computations.topic_definition(records, key)
    if kind == "topic-neighbourhood":
        around = computations.neighbourhood(graph, key)
        name = next(topic.name for topic in topics if topic.key == key)
        return (
            topic_map.mermaid_code(around, topics, highlight=key),
            topic_map.text_alternative(around, topics, f"Neighbourhood of {name}"),
        )
    if kind == "topic-reading-path":
        path = computations.reading_path(own)
        return tuple(_link(post) if post else None for post in (path.start, path.middle, path.finish))
    if kind == "topic-related":
        return tuple(
            (_link(by_docname[item.docname]), item.shared)
            for item in computations.topic_related(records, key, limit=RELATED_PER_TOPIC)
        )
    if kind == "topic-references":
        return tuple(map(_entry, own))
    raise ValueError(f"unknown catalog placeholder kind {kind!r}")
