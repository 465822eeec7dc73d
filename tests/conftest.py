"""Shared test set-up: Sphinx's testing fixtures, with tiny books under tests/roots/, and one
diagram cache for all of the session's tiny books."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))  # the extension package, ./playbook

pytest_plugins = ("sphinx.testing.fixtures", "timing")

collect_ignore = ["roots"]


@pytest.fixture(scope="session", autouse=True)
def plain_text_messages() -> Iterator[None]:
    """Tests read Sphinx's messages as text: a CI that sets FORCE_COLOR would wrap each line of a
    sphinx-build subprocess in colour codes. NO_COLOR wins over FORCE_COLOR in Sphinx."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("FORCE_COLOR", raising=False)
        patch.delenv("FORCE_COLOUR", raising=False)
        patch.setenv("NO_COLOR", "1")
        yield


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds `testroot=NAME`: tests/roots/test-NAME/."""
    return REPOSITORY / "tests" / "roots"


@pytest.fixture(scope="session", autouse=True)
def shared_diagram_cache(tmp_path_factory) -> Iterator[Path]:
    """Tiny books built many times draw each of their diagrams once per session: every build in
    this process shares one cache (names hash everything that shapes a picture, so sharing is
    safe). Tests of the cache itself, and builds of the real book, use their own."""
    folder = tmp_path_factory.mktemp("diagram-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLAYBOOK_DIAGRAM_CACHE", str(folder))
        yield folder
