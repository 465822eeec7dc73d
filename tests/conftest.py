"""Shared test set-up: Sphinx's testing fixtures, with tiny books under tests/roots/."""

import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))  # the extension package, ./playbook

pytest_plugins = ("sphinx.testing.fixtures",)

collect_ignore = ["roots"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds `testroot=NAME`: tests/roots/test-NAME/."""
    return REPOSITORY / "tests" / "roots"
