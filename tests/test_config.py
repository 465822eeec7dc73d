"""The one table of settings (playbook/config.py): each value checked when the configuration is
read, and completed from the environment in one place."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sphinx.errors import ConfigError

from playbook.config import SETTINGS, settle


def defaults(**values) -> SimpleNamespace:
    """A configuration holding every setting's default, and ``values``."""
    return SimpleNamespace(**{**{setting.name: setting.default for setting in SETTINGS}, **values})


def settled(config: SimpleNamespace, environ: dict[str, str], confdir: str = "/book") -> SimpleNamespace:
    settle(SimpleNamespace(confdir=confdir), config, environ)
    return config


def test_the_browser_is_conf_py_s_then_the_environment_s_then_chromium():
    assert settled(defaults(playbook_browser="/opt/chrome"), {"PLAYBOOK_BROWSER": "/env/chrome"}).playbook_browser == "/opt/chrome"
    assert settled(defaults(), {"PLAYBOOK_BROWSER": "/env/chrome"}).playbook_browser == "/env/chrome"
    assert settled(defaults(), {}).playbook_browser.endswith("chromium")
    # Read the Docs: the renderer uses the browser that browser.mjs downloaded
    assert settled(defaults(), {"READTHEDOCS": "True"}).playbook_browser is None


def test_the_environment_s_diagram_cache_wins_over_conf_py():
    assert settled(defaults(playbook_diagram_cache="/conf/cache"), {"PLAYBOOK_DIAGRAM_CACHE": "/env/cache"}).playbook_diagram_cache == "/env/cache"
    assert settled(defaults(playbook_diagram_cache="/conf/cache"), {}).playbook_diagram_cache == "/conf/cache"
    assert settled(defaults(), {}).playbook_diagram_cache is None


def test_the_listings_folder_is_relative_to_conf_py():
    assert settled(defaults(), {}, confdir="/book").playbook_listings_dir == "/book/listings"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"playbook_node": 20}, "playbook_node: expected the Node.js program that runs the renderer (str), found 20"),
        ({"playbook_browser": ["chromium"]}, "playbook_browser: expected the Chromium or Chrome executable the renderer drives (str or None), found ['chromium']"),
        ({"playbook_related_per_post": 0}, "playbook_related_per_post: expected a whole number of at least 1, found 0"),
        (
            {"playbook_topics": {"go": "Go"}},
            "playbook_topics['go']: expected a (display name, one-line description) pair of non-empty strings, found 'Go'",
        ),
    ],
)
def test_a_wrong_value_stops_the_build_naming_it(values, message):
    with pytest.raises(ConfigError) as error:
        settled(defaults(**values), {})
    assert str(error.value) == message


def test_a_wrong_value_in_conf_py_fails_before_anything_is_read(make_app, rootdir):
    with pytest.raises(ConfigError, match=r"^playbook_diagram_png_scale: expected a whole number of at least 1, found 0$"):
        make_app("html", srcdir=rootdir / "test-diagrams", confoverrides={"playbook_diagram_png_scale": 0})
