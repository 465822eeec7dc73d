"""Hypothesis keeps a cache in .hypothesis/ under the working directory; keep it out of the checkout."""

import shutil
import tempfile

from hypothesis import configuration

_home = tempfile.mkdtemp(prefix="hypothesis-")


def pytest_configure(config):
    configuration.set_hypothesis_home_dir(_home)


def pytest_unconfigure(config):
    shutil.rmtree(_home, ignore_errors=True)
