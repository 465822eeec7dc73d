"""Every problem of the posts, the topic chapters and the vocabulary, reported with its file and
line, each once; then the build fails with a one-line summary, not a crash report.

An author's mistake is not an exception: the problems are logged as errors, the build goes on
(an invalid post is left out of the catalog, in no chapter), and its status is failure, whether
or not warnings are errors (``-W``)."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..config import setting_location
from .paths import is_chapter
from .records import Problem, vocabulary_from_config
from .state import CatalogState
from .validation import duplicate_titles, topic_coverage

logger = logging.getLogger(__name__)


def report_problems(app: Sphinx, env: BuildEnvironment) -> int:
    """Log every problem found, each with its file and line, and fail the build if any; return
    how many."""
    state = CatalogState.of(env)
    found = [problem for docname in sorted(state.post_problems) for problem in state.post_problems[docname]]
    found += [problem for docname in sorted(state.read_problems) for problem in state.read_problems[docname]]
    found += duplicate_titles(state.posts.values())
    chapters = {docname for docname in env.found_docs if is_chapter(docname)}
    found += topic_coverage(state.posts.values(), vocabulary_from_config(app.config.playbook_topics), chapters)
    for problem in found:
        logger.error(problem.message(), location=_location(app, problem), type="playbook", subtype="metadata")
    state.reported = len(found)
    if found:
        app.statuscode = 1  # Sphinx ends with "build finished with problems" and exits with it
    return len(found)


def summarize(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: after the build's last message, what the errors above were about."""
    reported = CatalogState.of(app.env).reported
    if reported and exception is None:
        logger.info(
            "%d problem(s) in the posts, the topic chapters or the topic vocabulary: see the errors above; "
            "the Authoring page's \"Errors you may see\" says how to fix each.", reported,
        )


def _location(app: Sphinx, problem: Problem):
    if problem.setting is None:
        return (problem.docname, problem.line)
    return setting_location(app, *problem.setting)
